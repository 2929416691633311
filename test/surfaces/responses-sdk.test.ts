/**
 * The official `openai` package as the client of the Responses surface: `responses.create` (JSON and
 * streamed) and `responses.stream` (the SDK's `ResponseStream`, which checks every event against the
 * snapshot it accumulates) read what the translation sends, for every recorded OpenAI-compatible stream split
 * at arbitrary points.
 */
import fc from 'fast-check';
import OpenAI from 'openai';
import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responsesRequestSchema } from '../../src/gateway/surfaces/responses/responses-request.js';
import { ResponseIds, toResponseObject } from '../../src/gateway/surfaces/responses/responses-response.js';
import { readJson } from '../helpers/fake-upstream.js';
import { CHAT_STREAMS, FIXTURES, chatStreamBytes, essentialsOfResponse, partsOf, resultOf, splitAt } from './helpers.js';
import { startTranslatingServer, type TranslatingServer } from './translating-server.js';

let server: TranslatingServer;
let client: OpenAI;

beforeAll(async () => {
  server = await startTranslatingServer();
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'sk-test', maxRetries: 0 });
});
afterAll(async () => {
  await server.close();
});

/** A response without what differs between two answers to one request (ids, time) and what the SDK adds (parsed fields). */
function comparable(response: unknown): unknown {
  return JSON.parse(JSON.stringify(response), (key, value: unknown) => (['id', 'created_at', 'output_text', 'output_parsed', 'parsed_arguments', 'parsed'].includes(key) ? undefined : value));
}

const weatherTool = {
  type: 'function' as const,
  name: 'weather',
  description: 'Weather by city',
  parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'], additionalProperties: false },
  strict: true,
};

describe('openai (Responses API) against the Responses surface', () => {
  it('responses.create with a function tool, earlier calls and their outputs', async () => {
    server.answer = { json: JSON.stringify(readJson(new URL('openai-compatible/xai-tool-call.json', FIXTURES))) };
    const response = await client.responses.create({
      model: 'open',
      instructions: 'Use the tools.',
      input: [
        { role: 'user', content: 'Weather in San Francisco?' },
        { type: 'function_call', call_id: 'call_0', name: 'weather', arguments: '{"location":"Oakland"}' },
        { type: 'function_call_output', call_id: 'call_0', output: 'Oakland: 19 °C' },
      ],
      tools: [weatherTool],
    });
    const call = response.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', call_id: 'call_46427107', name: 'weather', arguments: '{"location":"San Francisco"}' });
    expect(response.status).toBe('completed');
    expect(response.usage?.input_tokens).toBe(307);
    expect(server.chatRequests.at(-1)?.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'tool']);
  });

  it('text.format json_schema reaches the upstream as response_format, and output_text is the answer', async () => {
    server.answer = { json: JSON.stringify(readJson(new URL('openai/openai-text.json', FIXTURES))) };
    const response = await client.responses.create({
      model: 'open',
      input: 'A holiday, as JSON',
      text: { format: { type: 'json_schema', name: 'holiday', schema: { type: 'object', properties: { name: { type: 'string' } } }, strict: false } },
    });
    expect(response.output_text.startsWith('**Holiday Name:**')).toBe(true);
    expect(server.chatRequests.at(-1)?.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'holiday', schema: { type: 'object', properties: { name: { type: 'string' } } }, strict: false },
    });
  });

  it('an invalid request is a BadRequestError naming the field', async () => {
    const failure = await client.responses.create({ model: 'open', input: [{ type: 'function_call_output', call_id: 'c' } as never] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect((failure as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('input[0].output');
  });

  it('a stream the upstream cut short ends in an error the SDK throws', async () => {
    const bytes = chatStreamBytes('openai/openai-text.chunks.txt');
    server.answer = { pieces: [bytes.subarray(0, 4000)] };
    const stream = client.responses.stream({ model: 'open', input: 'Hi' });
    await expect(stream.finalResponse()).rejects.toThrow(/stream ended before it was complete/);
  });

  for (const fixture of CHAT_STREAMS) {
    it(`ResponseStream reads the translated ${fixture} as the non-streamed translation, however the bytes are split`, async () => {
      const bytes = chatStreamBytes(fixture);
      const request = { model: 'open', input: 'Go', tools: [weatherTool] };
      const result = resultOf(partsOf([bytes]));
      const expected = toResponseObject(result, 'local', { ids: new ResponseIds(), createdAt: 0, request: responsesRequestSchema.parse(request), model: 'open' });
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat({ max: bytes.length }), { maxLength: 40 }), async (cuts) => {
          server.answer = { pieces: splitAt(bytes, cuts) };
          const events: ResponseStreamEvent[] = [];
          const stream = client.responses.stream(request);
          stream.on('event', (event) => events.push(event));
          const final = await stream.finalResponse();
          expect(comparable(final)).toEqual(comparable(expected));
          expect(essentialsOfResponse(final)).toEqual(essentialsOfResponse(expected));
          // the deltas alone add up to the same output as the closing event's whole response
          let snapshot: Response | undefined;
          for (const event of events.slice(0, -1)) snapshot = accumulateResponse(event, snapshot);
          expect(comparable(snapshot?.output)).toEqual(comparable(final.output));
          expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
        }),
        { numRuns: 6 },
      );
    });
  }

  it('responses.create with stream: true yields typed events ending in response.completed', async () => {
    server.answer = { pieces: [chatStreamBytes('mistral/mistral-text.chunks.txt')] };
    const stream = await client.responses.create({ model: 'open', input: 'Hello', stream: true });
    const types: string[] = [];
    let text = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
    }
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(text).toBe('Hello, world! This is a test response.');
  });
});
