/**
 * The official Anthropic SDK as the client: its requests go through the Messages schema and translation, and
 * its parsers (the message JSON, the SSE reader and `MessageStream`'s accumulation) read what the translation
 * sends, for every recorded OpenAI-compatible stream split at arbitrary points on the way in and out.
 */
import Anthropic from '@anthropic-ai/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMessagesResponse } from '../../src/gateway/surfaces/anthropic/messages-response.js';
import { readJson } from '../helpers/fake-upstream.js';
import { CHAT_STREAMS, FIXTURES, chatStreamBytes, essentialsOfMessage, partsOf, resultOf, splitAt } from './helpers.js';
import { startTranslatingServer, type TranslatingServer } from './translating-server.js';

let server: TranslatingServer;
let client: Anthropic;

beforeAll(async () => {
  server = await startTranslatingServer();
  client = new Anthropic({ baseURL: server.url, apiKey: 'sk-ant-test', maxRetries: 0 });
});
afterAll(async () => {
  await server.close();
});

const IMAGE = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('@anthropic-ai/sdk against the Messages surface', () => {
  it('messages.create with tools, a tool result and an image gets a tool_use answer it parses', async () => {
    server.answer = { json: JSON.stringify(readJson(new URL('openai-compatible/xai-tool-call.json', FIXTURES))) };
    const message = await client.messages.create({
      model: 'open',
      max_tokens: 256,
      system: 'Use the tools.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather where this photo was taken?' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: IMAGE } }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_0', name: 'locate', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_0', content: 'San Francisco' }] },
      ],
      tools: [
        { name: 'locate', description: 'Where a photo was taken', input_schema: { type: 'object', properties: {} } },
        { name: 'weather', description: 'Weather by city', input_schema: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } },
      ],
    });
    expect(message.content).toEqual([{ type: 'tool_use', id: 'call_46427107', name: 'weather', input: { location: 'San Francisco' } }]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage.output_tokens).toBe(26);
    const sent = server.chatRequests.at(-1);
    expect(sent?.messages.map((entry) => entry.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(sent?.tools).toHaveLength(2);
  });

  it('an invalid request is a BadRequestError naming the field, in Anthropic’s error shape', async () => {
    const failure = await client.messages.create({ model: 'open', max_tokens: 10, messages: [] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.BadRequestError);
    const error = failure as InstanceType<typeof Anthropic.BadRequestError>;
    expect(error.status).toBe(400);
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(error.message).toContain("'messages'");
  });

  it('a stream the upstream cut short ends in an error the SDK throws', async () => {
    const bytes = chatStreamBytes('openai/openai-text.chunks.txt');
    server.answer = { pieces: [bytes.subarray(0, 4000)] };
    const stream = client.messages.stream({ model: 'open', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
    await expect(stream.finalMessage()).rejects.toThrow(/stream ended before it was complete/);
  });

  for (const fixture of CHAT_STREAMS) {
    it(`MessageStream reads the translated ${fixture} as the non-streamed translation, however the bytes are split`, async () => {
      const bytes = chatStreamBytes(fixture);
      const expected = toMessagesResponse(resultOf(partsOf([bytes])), 'local', { model: 'open', thinking: true });
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat({ max: bytes.length }), { maxLength: 40 }), async (cuts) => {
          server.answer = { pieces: splitAt(bytes, cuts) };
          const stream = client.messages.stream({
            model: 'open',
            max_tokens: 1024,
            thinking: { type: 'enabled', budget_tokens: 1024 },
            messages: [{ role: 'user', content: 'Go' }],
          });
          const texts: string[] = [];
          stream.on('text', (delta) => texts.push(delta));
          const final = await stream.finalMessage();
          expect(final.content).toEqual(expected.content);
          expect(final.stop_reason).toBe(expected.stop_reason);
          expect(final.usage).toMatchObject(expected.usage);
          expect(essentialsOfMessage(final)).toEqual(essentialsOfMessage(expected));
          expect(texts.join('')).toBe(expected.content.filter((block) => block.type === 'text').map((block) => (block as { text: string }).text).join(''));
        }),
        { numRuns: 6 },
      );
    });
  }
});
