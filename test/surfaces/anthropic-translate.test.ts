import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NotFoundError, ProviderError, RateLimitedError, ValidationError } from '../../src/errors.js';
import { countTokensByTokenize, tokenizeUrl } from '../../src/gateway/surfaces/anthropic/count-tokens.js';
import { anthropicErrorEvent, toAnthropicError } from '../../src/gateway/surfaces/anthropic/anthropic-error.js';
import { countTokensRequestSchema, messagesRequestSchema } from '../../src/gateway/surfaces/anthropic/messages-request.js';
import { toMessagesResponse } from '../../src/gateway/surfaces/anthropic/messages-response.js';
import { MessagesStreamWriter } from '../../src/gateway/surfaces/anthropic/messages-stream.js';
import { messagesToChat } from '../../src/gateway/surfaces/anthropic/messages-to-chat.js';
import { chatRequestSchema } from '../../src/gateway/request/chat-request.js';
import { chatMessageSchema } from '../../src/providers/chat-message.js';
import { parseChatCompletion } from '../../src/providers/openai-compatible/chat-stream-parts.js';
import { ServerSentEventDecoder } from '../../src/providers/sse.js';
import { readChunks, readJson, reply, startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { FIXTURES, chatStreamBytes, partsOf } from './helpers.js';

const IMAGE = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** A request a coding agent sends: system blocks, a tool round trip with an image result, images, stop sequences. */
const agentRequest = {
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  system: [
    { type: 'text', text: 'You are a coding agent.' },
    { type: 'text', text: 'Answer briefly.', cache_control: { type: 'ephemeral' } },
  ],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'What is in this screenshot?' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: IMAGE } }] },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'I should zoom in.', signature: 'sig' },
        { type: 'text', text: 'Let me zoom in.' },
        { type: 'tool_use', id: 'toolu_1', name: 'zoom', input: { factor: 2 } },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'zoomed' }, { type: 'image', source: { type: 'url', url: 'https://example.test/z.png' } }] },
        { type: 'text', text: 'And now?' },
      ],
    },
  ],
  tools: [{ name: 'zoom', description: 'Zooms the screenshot', input_schema: { type: 'object', properties: { factor: { type: 'number' } } } }],
  tool_choice: { type: 'auto', disable_parallel_tool_use: true },
  stop_sequences: ['</answer>'],
  temperature: 0.2,
  top_k: 40,
  metadata: { user_id: 'user-7' },
  stream: true,
};

describe('Anthropic Messages → Chat Completions request', () => {
  it('carries system, turns, images, tool calls and results, tools and settings over', () => {
    const chat = messagesToChat(messagesRequestSchema.parse(agentRequest));
    expect(chat).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      messages: [
        { role: 'system', content: 'You are a coding agent.\n\nAnswer briefly.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this screenshot?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${IMAGE}` } },
          ],
        },
        { role: 'assistant', content: 'Let me zoom in.', tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'zoom', arguments: '{"factor":2}' } }] },
        { role: 'tool', tool_call_id: 'toolu_1', content: 'zoomed' },
        { role: 'user', content: [{ type: 'text', text: 'Images and documents the tools returned:' }, { type: 'image_url', image_url: { url: 'https://example.test/z.png' } }] },
        { role: 'user', content: 'And now?' },
      ],
      tools: [{ type: 'function', function: { name: 'zoom', description: 'Zooms the screenshot', parameters: { type: 'object', properties: { factor: { type: 'number' } } } } }],
      tool_choice: 'auto',
      parallel_tool_calls: false,
      stop: ['</answer>'],
      temperature: 0.2,
      user: 'user-7',
      stream: true,
      stream_options: { include_usage: true },
    });
    // what the gateway's chat pipeline and the canonical message schema accept
    expect(chatRequestSchema.safeParse(chat).success).toBe(true);
    expect(z.array(chatMessageSchema).safeParse(chat.messages).success).toBe(true);
  });

  it('maps every tool_choice and a plain string conversation', () => {
    const base = { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }], tools: [{ name: 'f', input_schema: { type: 'object' } }] };
    const choice = (tool_choice: unknown) => messagesToChat(messagesRequestSchema.parse({ ...base, tool_choice })).tool_choice;
    expect(choice({ type: 'any' })).toBe('required');
    expect(choice({ type: 'none' })).toBe('none');
    expect(choice({ type: 'tool', name: 'f' })).toEqual({ type: 'function', function: { name: 'f' } });
    const plain = messagesToChat(messagesRequestSchema.parse({ model: 'm', max_tokens: 5, system: 'Be kind.', messages: [{ role: 'user', content: 'hi' }] }));
    expect(plain).toEqual({ model: 'm', max_tokens: 5, messages: [{ role: 'system', content: 'Be kind.' }, { role: 'user', content: 'hi' }] });
  });

  it('turns PDF documents into file parts and text documents into text', () => {
    const chat = messagesToChat(
      messagesRequestSchema.parse({
        model: 'm',
        max_tokens: 5,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' }, title: 'a.pdf' },
              { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Plain notes.' } },
            ],
          },
        ],
      }),
    );
    expect(chat.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
        { type: 'text', text: 'Plain notes.' },
      ],
    });
  });

  it('refuses what a Chat Completions upstream cannot do, naming the field', () => {
    const refuse = (request: unknown): ValidationError => {
      try {
        messagesToChat(messagesRequestSchema.parse(request));
      } catch (error) {
        if (error instanceof ValidationError) return error;
        throw error;
      }
      throw new Error('accepted');
    };
    const server = refuse({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'web_search_20250305', name: 'web_search' }] });
    expect(server.field).toBe('tools[0].type');
    expect(server.message).toContain('web_search_20250305');
    const fileImage = refuse({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'file_1' } }] }] });
    expect(fileImage.field).toBe('messages[0].content[0].source');
    const misplaced = refuse({ model: 'm', max_tokens: 5, messages: [{ role: 'assistant', content: [{ type: 'tool_result', tool_use_id: 't', content: 'x' }] }] });
    expect(misplaced.field).toBe('messages[0].content[0]');
  });

  it('validates the request itself with the exact field', () => {
    const parsed = messagesRequestSchema.safeParse({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['max_tokens']);
    const badBlock = messagesRequestSchema.safeParse({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/tiff', data: 'x' } }] }] });
    expect(badBlock.error?.issues[0]?.path).toEqual(['messages', 0, 'content', 0, 'source', 'media_type']);
  });
});

describe('Chat Completions response → Anthropic message', () => {
  it('renders text with stop reason and usage (cache reads apart, as Anthropic counts them)', () => {
    const result = parseChatCompletion('local', JSON.stringify(readJson(new URL('openai/openai-text.json', FIXTURES))), 5);
    const message = toMessagesResponse(result, 'local', { model: 'open', thinking: false });
    expect(message.type).toBe('message');
    expect(message.id).toMatch(/^msg_chatcmpl-/);
    expect(message.model).toBe('gpt-4.1-nano-2025-04-14');
    expect(message.content).toEqual([{ type: 'text', text: result.text }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toEqual({ input_tokens: 16, output_tokens: 363, cache_creation_input_tokens: null, cache_read_input_tokens: 0 });
  });

  it('renders tool calls as tool_use blocks, reasoning as thinking only when asked', () => {
    const result = parseChatCompletion('local', JSON.stringify(readJson(new URL('openai-compatible/xai-tool-call.json', FIXTURES))), 5);
    const plain = toMessagesResponse(result, 'local', { model: 'open', thinking: false });
    expect(plain.content).toEqual([{ type: 'tool_use', id: 'call_46427107', name: 'weather', input: { location: 'San Francisco' } }]);
    expect(plain.stop_reason).toBe('tool_use');
    expect(plain.usage).toEqual({ input_tokens: 307 - 244, output_tokens: 26, cache_creation_input_tokens: null, cache_read_input_tokens: 244 });
    const thinking = toMessagesResponse(result, 'local', { model: 'open', thinking: true });
    expect(thinking.content[0]).toMatchObject({ type: 'thinking', signature: '' });
  });

  it('says usage is unknown rather than zero, and refuses tool arguments that are no JSON object', () => {
    const base = { id: 'c1', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'length' }] };
    const noUsage = toMessagesResponse(parseChatCompletion('local', JSON.stringify(base), 1), 'local', { model: 'open', thinking: false });
    expect(noUsage.usage.input_tokens).toBeNull();
    expect(noUsage.stop_reason).toBe('max_tokens');
    const broken = { ...base, choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{"a":' } }] }, finish_reason: 'tool_calls' }] };
    expect(() => toMessagesResponse(parseChatCompletion('local', JSON.stringify(broken), 1), 'local', { model: 'open', thinking: false })).toThrow(ProviderError);
  });
});

/** The events of an SSE text, in order, as [type, data]. */
function eventsOf(text: string): Array<{ event: string | undefined; data: Record<string, unknown> }> {
  return new ServerSentEventDecoder().push(text).map((event) => ({ event: event.event, data: JSON.parse(event.data) as Record<string, unknown> }));
}

describe('Chat Completions stream → Anthropic events', () => {
  it('sends the named events in Anthropic order, with the keys the real API sends', () => {
    const writer = new MessagesStreamWriter('local', { model: 'open', thinking: false });
    const text = partsOf([chatStreamBytes('openai/openai-text.chunks.txt')]).map((part) => writer.write(part)).join('');
    const events = eventsOf(text);
    const types = events.map((entry) => entry.event);
    expect(types.slice(0, 3)).toEqual(['message_start', 'ping', 'content_block_start']);
    expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(new Set(types.slice(3, -3))).toEqual(new Set(['content_block_delta']));
    for (const entry of events) expect(entry.data.type).toBe(entry.event);
    // every key the recorded Anthropic stream has on an event type, ours has too
    const recorded = readChunks(new URL('anthropic/anthropic-text.chunks.txt', FIXTURES)).map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const real of recorded) {
      const ours = events.find((entry) => entry.event === real.type);
      expect(ours, String(real.type)).toBeDefined();
      expect(Object.keys(ours?.data ?? {}).sort()).toEqual(expect.arrayContaining(Object.keys(real).sort()));
      for (const nested of ['message', 'delta', 'content_block'] as const) {
        const realNested = real[nested];
        if (realNested !== null && typeof realNested === 'object') {
          const keys = Object.keys(realNested).filter((key) => !['stop_details', 'cache_creation', 'service_tier', 'inference_geo'].includes(key));
          expect(Object.keys(ours?.data[nested] as object)).toEqual(expect.arrayContaining(keys));
        }
      }
    }
    const delta = events.find((entry) => entry.event === 'message_delta')?.data;
    expect(delta).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: 16, output_tokens: 300, cache_creation_input_tokens: null, cache_read_input_tokens: 0 },
    });
  });

  it('streams tool arguments as input_json_delta in tool_use blocks', () => {
    const writer = new MessagesStreamWriter('local', { model: 'open', thinking: true });
    const events = eventsOf(partsOf([chatStreamBytes('deepseek/deepseek-tool-call.chunks.txt')]).map((part) => writer.write(part)).join(''));
    const starts = events.filter((entry) => entry.event === 'content_block_start').map((entry) => (entry.data.content_block as { type: string }).type);
    expect(starts).toEqual(['thinking', 'tool_use']);
    const json = events
      .filter((entry) => (entry.data.delta as { type?: string } | undefined)?.type === 'input_json_delta')
      .map((entry) => (entry.data.delta as { partial_json: string }).partial_json)
      .join('');
    expect(JSON.parse(json)).toEqual({ location: 'San Francisco' });
    expect(events.at(-2)?.data.delta).toEqual({ stop_reason: 'tool_use', stop_sequence: null });
  });

  it('ends a stream cut before its end with an error event and no message_stop', () => {
    const bytes = chatStreamBytes('openai/openai-text.chunks.txt');
    const writer = new MessagesStreamWriter('local', { model: 'open', thinking: false });
    const events = eventsOf(partsOf([bytes.subarray(0, 3000)]).map((part) => writer.write(part)).join(''));
    expect(events.at(-1)?.event).toBe('error');
    expect(events.at(-1)?.data).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    expect(events.some((entry) => entry.event === 'message_stop')).toBe(false);
    expect(writer.done).toBe(true);
    expect(writer.write({ type: 'text-delta', text: 'late' })).toBe('');
  });
});

describe('Anthropic errors', () => {
  it('keep the gateway mapping’s status and headers, in Anthropic’s words', () => {
    const invalid = toAnthropicError(new ValidationError('bad', 'max_tokens'));
    expect(invalid).toEqual({ status: 400, headers: {}, body: { type: 'error', error: { type: 'invalid_request_error', message: 'bad' } } });
    const limited = toAnthropicError(new RateLimitedError('slow down', 2500));
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('3');
    expect(limited.body.error.type).toBe('rate_limit_error');
    expect(toAnthropicError(new Error('secret detail')).body.error).toEqual({ type: 'api_error', message: 'The gateway failed unexpectedly.' });
    expect(anthropicErrorEvent(new NotFoundError('gone'))).toBe('event: error\ndata: {"type":"error","error":{"type":"not_found_error","message":"gone"}}\n\n');
  });
});

describe('count_tokens through vLLM’s /tokenize', () => {
  let upstream: FakeUpstream;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
  });
  afterAll(async () => {
    await upstream.close();
  });
  beforeEach(() => {
    upstream.reset();
  });

  it('counts the translated prompt with the upstream’s tokenizer', async () => {
    upstream.on('POST /tokenize', reply.json({ count: 42, max_model_len: 32768, tokens: [1, 2, 3] }));
    const request = countTokensRequestSchema.parse({
      model: 'claude-sonnet-4-5',
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hello there' }],
      tools: [{ name: 'f', input_schema: { type: 'object' } }],
    });
    const counted = await countTokensByTokenize(request, { name: 'vllm', baseUrl: `${upstream.url}/v1`, model: 'Qwen/Qwen2.5-7B-Instruct' });
    expect(counted).toEqual({ input_tokens: 42 });
    const sent = upstream.requests.find((request) => request.path === '/tokenize')?.json;
    expect(sent).toEqual({
      model: 'Qwen/Qwen2.5-7B-Instruct',
      add_generation_prompt: true,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello there' },
      ],
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
    });
    expect(tokenizeUrl('http://127.0.0.1:8000/v1/')).toBe('http://127.0.0.1:8000/tokenize');
  });

  it('says an upstream without /tokenize cannot count, never guesses', async () => {
    upstream.on('POST /tokenize', reply.error(404, { detail: 'Not Found' }));
    const request = countTokensRequestSchema.parse({ model: 'm', messages: [{ role: 'user', content: 'Hello' }] });
    await expect(countTokensByTokenize(request, { name: 'ollama', baseUrl: `${upstream.url}/v1`, model: 'qwen2.5:7b' })).rejects.toThrow(NotFoundError);
    await expect(countTokensByTokenize(request, { name: 'ollama', baseUrl: `${upstream.url}/v1`, model: 'qwen2.5:7b' })).rejects.toThrow(/ollama.*no \/tokenize/);
  });
});
