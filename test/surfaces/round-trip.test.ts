/**
 * Property: a Chat Completions response rendered as an Anthropic message or a Responses object, and read
 * back, keeps its text, tool calls (ids, names, arguments), finish reason and usage.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toMessagesResponse } from '../../src/gateway/surfaces/anthropic/messages-response.js';
import { responsesRequestSchema } from '../../src/gateway/surfaces/responses/responses-request.js';
import { ResponseIds, toResponseObject } from '../../src/gateway/surfaces/responses/responses-response.js';
import { parseChatCompletion } from '../../src/providers/openai-compatible/chat-stream-parts.js';
import { essentialsOfChat, essentialsOfMessage, essentialsOfResponse, responsesFinish } from './helpers.js';

const jsonValue = fc.jsonValue({ maxDepth: 2 });
const toolCall = fc.record({
  id: fc.stringMatching(/^call_[A-Za-z0-9]{1,24}$/),
  type: fc.constant('function'),
  function: fc.record({
    name: fc.stringMatching(/^[a-zA-Z0-9_-]{1,64}$/),
    arguments: fc.oneof(
      fc.dictionary(fc.string({ maxLength: 8 }), jsonValue, { maxKeys: 4 }).map((value) => JSON.stringify(value)),
      fc.dictionary(fc.string({ maxLength: 8 }), jsonValue, { maxKeys: 4 }).map((value) => JSON.stringify(value, null, 2)),
      fc.constant(''),
    ),
  }),
});

/** A chat completion as OpenAI-compatible hosts send them (consistent: a tool_calls finish has calls). */
const chatCompletion = fc
  .record({
    text: fc.oneof(fc.string({ maxLength: 200 }), fc.constant('')),
    toolCalls: fc.uniqueArray(toolCall, { maxLength: 3, selector: (call) => call.id }),
    finish: fc.constantFrom('stop', 'length', 'tool_calls', 'content_filter'),
    usage: fc.option(
      // counts as they read as counts: a prompt has tokens, and an answer with text or calls has output tokens
      // (a 0 there is a host that did not count — read as unknown, see test/providers/openai-compatible.test.ts)
      fc.record({ prompt: fc.integer({ min: 1, max: 100_000 }), completion: fc.nat({ max: 100_000 }), cachedShare: fc.double({ min: 0, max: 1, noNaN: true }) }),
      { nil: undefined },
    ),
  })
  .filter((value) => value.finish !== 'tool_calls' || value.toolCalls.length > 0)
  .map((value) => ({
    ...value,
    usage:
      value.usage === undefined || value.usage.completion > 0 || (value.text === '' && value.toolCalls.length === 0)
        ? value.usage
        : { ...value.usage, completion: 1 },
  }))
  .map((value) => {
    const cached = value.usage === undefined ? 0 : Math.floor(value.usage.prompt * value.usage.cachedShare);
    return {
      id: 'chatcmpl-roundtrip',
      object: 'chat.completion',
      created: 1_765_000_000,
      model: 'qwen2.5:7b',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: value.text === '' && value.toolCalls.length > 0 ? null : value.text, ...(value.toolCalls.length > 0 ? { tool_calls: value.toolCalls } : {}) },
          finish_reason: value.finish,
        },
      ],
      ...(value.usage === undefined
        ? {}
        : {
            usage: {
              prompt_tokens: value.usage.prompt,
              completion_tokens: value.usage.completion,
              total_tokens: value.usage.prompt + value.usage.completion,
              prompt_tokens_details: { cached_tokens: cached },
            },
          }),
    };
  });

describe('translation round trips', () => {
  it('Chat Completions → Anthropic message → back keeps text, tool calls, finish reason and usage', () => {
    fc.assert(
      fc.property(chatCompletion, (completion) => {
        const result = parseChatCompletion('local', JSON.stringify(completion), 1);
        const message = JSON.parse(JSON.stringify(toMessagesResponse(result, 'local', { model: 'open', thinking: false })));
        expect(essentialsOfMessage(message)).toEqual(essentialsOfChat(completion));
      }),
      { numRuns: 300 },
    );
  });

  it('Chat Completions → Responses object → back keeps them too (a completed answer with calls reads as tool_calls)', () => {
    const request = responsesRequestSchema.parse({ model: 'open', input: 'x' });
    fc.assert(
      fc.property(chatCompletion, (completion) => {
        const result = parseChatCompletion('local', JSON.stringify(completion), 1);
        const response = JSON.parse(JSON.stringify(toResponseObject(result, 'local', { ids: new ResponseIds(), createdAt: 0, request, model: 'open' })));
        const original = essentialsOfChat(completion);
        expect(essentialsOfResponse(response)).toEqual({ ...original, finishReason: responsesFinish(original.finishReason, original.toolCalls.length) });
      }),
      { numRuns: 300 },
    );
  });
});
