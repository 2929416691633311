import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { reply } from '../helpers/fake-upstream.js';
import { basicConfig, startHarness, textChunks, textResponse, toolChunks, toolResponse, type Harness } from './harness.js';

describe('gateway: chat completions through the OpenAI SDK', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness((urls) =>
      basicConfig(urls, { groups: { open: ['u0/gpt-test'] }, models: { main: 'u0/gpt-test', tools: 'u0/grok-3-mini' }, routeHeader: true }),
    );
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.upstreams[0]?.reset());

  const upstream = () => harness.upstreams[0]!;

  it('creates a completion, renaming the model for the upstream and naming the route in headers', async () => {
    upstream().on('POST /v1/chat/completions', reply.json(textResponse()));
    const { data, response } = await harness
      .client()
      .chat.completions.create({ model: 'main', messages: [{ role: 'user', content: 'Invent a holiday' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toContain('Galaxy Day');
    expect(data.usage?.completion_tokens).toBe(363);
    expect(upstream().requests[0]?.json).toMatchObject({ model: 'gpt-test', messages: [{ role: 'user' }] });
    expect(response.headers.get('x-parity-upstream')).toBe('u0');
    expect(response.headers.get('x-parity-model')).toBe('gpt-test');
    expect(response.headers.get('x-parity-route')).toBe('main');
    expect(response.headers.get('x-parity-route-reason')).toBe('alias');
    expect(response.headers.get('x-parity-request-id')).toMatch(/^req_/);
  });

  it('streams chunks through and strips the usage chunk it injected when the client did not ask', async () => {
    upstream().on('POST /v1/chat/completions', reply.sse(textChunks()));
    const stream = await harness
      .client()
      .chat.completions.create({ model: 'main', stream: true, messages: [{ role: 'user', content: 'Invent a holiday' }] });
    let text = '';
    let usageChunks = 0;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usageChunks++;
    }
    expect(text).toContain('Harmony Day');
    expect(usageChunks).toBe(0);
    expect(chunks).toBe(textChunks().length - 1);
    // the gateway asked upstream for usage so it can cost the request
    expect(upstream().requests[0]?.json).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const log = (await harness.logs()).at(-1);
    expect(log).toMatchObject({ status: 200, inputTokens: 16, outputTokens: 300, upstream: 'u0', model: 'gpt-test' });
    expect(log?.costUsd).toBeCloseTo((16 * 1 + 300 * 2) / 1e6, 12);
    expect(log?.ttftMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps the usage chunk when the client asked for it', async () => {
    upstream().on('POST /v1/chat/completions', reply.sse(textChunks()));
    const stream = await harness.client().chat.completions.create({
      model: 'main',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Invent a holiday' }],
    });
    const usages: number[] = [];
    for await (const chunk of stream) if (chunk.usage) usages.push(chunk.usage.completion_tokens);
    expect(usages).toEqual([300]);
  });

  it('passes tool calls through, streamed and not', async () => {
    upstream().on('POST /v1/chat/completions', reply.json(toolResponse()), reply.sse(toolChunks()));
    const tools = [
      {
        type: 'function' as const,
        function: { name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } },
      },
    ];
    const messages = [{ role: 'user' as const, content: 'Weather in San Francisco?' }];
    const whole = await harness.client().chat.completions.create({ model: 'tools', messages, tools });
    const call = whole.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' ? call.function.name : undefined).toBe('weather');
    expect(upstream().requests[0]?.json).toMatchObject({ tools: [{ function: { name: 'weather' } }] });

    const stream = await harness.client().chat.completions.create({ model: 'tools', messages, tools, stream: true });
    let name = '';
    let args = '';
    for await (const chunk of stream) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        name += delta.function?.name ?? '';
        args += delta.function?.arguments ?? '';
      }
    }
    expect(name).toBe('weather');
    expect(JSON.parse(args)).toMatchObject({ location: expect.stringContaining('San Francisco') });
  });

  it('forwards response_format json_schema untouched', async () => {
    const answer = { ...(textResponse() as object), choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: '{"name":"Galaxy Day"}' } }] };
    upstream().on('POST /v1/chat/completions', reply.json(answer));
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
    const result = await harness.client().chat.completions.create({
      model: 'main',
      messages: [{ role: 'user', content: 'Name a holiday as JSON' }],
      response_format: { type: 'json_schema', json_schema: { name: 'holiday', schema, strict: true } },
    });
    expect(z.object({ name: z.string() }).parse(JSON.parse(result.choices[0]?.message.content ?? ''))).toEqual({ name: 'Galaxy Day' });
    expect(upstream().requests[0]?.json).toMatchObject({
      response_format: { type: 'json_schema', json_schema: { name: 'holiday', schema, strict: true } },
    });
  });

  it('passes embeddings through', async () => {
    upstream().on(
      'POST /v1/embeddings',
      reply.json({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.5, -0.25] }], model: 'e', usage: { prompt_tokens: 3, total_tokens: 3 } }),
    );
    const result = await harness.client().embeddings.create({ model: 'u0/text-embed', input: 'hello', encoding_format: 'float' });
    expect(result.data[0]?.embedding).toEqual([0.5, -0.25]);
    expect(upstream().requests[0]?.json).toMatchObject({ model: 'text-embed', input: 'hello' });
    // an embedding has input tokens only: its usage is known (0 output), not unknown like a chat answer's without them
    expect((await harness.logs()).at(-1)).toMatchObject({ inputTokens: 3, outputTokens: 0 });
  });

  it('logs a chat answer whose usage has no completion_tokens as unknown usage, not 0 output tokens', async () => {
    upstream().on('POST /v1/chat/completions', reply.json({ ...(textResponse() as Record<string, unknown>), usage: { prompt_tokens: 5 } }));
    await harness.client().chat.completions.create({ model: 'main', messages: [{ role: 'user', content: 'hi' }] });
    expect((await harness.logs()).at(-1)).toMatchObject({ inputTokens: null, outputTokens: null });
  });

  it('honours x-parity-route for debugging', async () => {
    upstream().on('POST /v1/chat/completions', reply.json(textResponse()));
    const { response } = await harness
      .client()
      .chat.completions.create({ model: 'main', messages: [{ role: 'user', content: 'hi' }] }, { headers: { 'x-parity-route': 'u0/debug-model' } })
      .withResponse();
    expect(response.headers.get('x-parity-route-reason')).toBe('header');
    expect(upstream().requests[0]?.json).toMatchObject({ model: 'debug-model' });
  });

  it('serves mounted handlers (the dashboard hook) after its own routes, in mount order', async () => {
    harness.gateway.mount('/api/', (request, response) => {
      if (request.url === '/api/skip') return false;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ mounted: request.url }));
      return true;
    });
    harness.gateway.mount('/', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('static');
    });
    expect(await (await fetch(`${harness.url}/api/runs`)).json()).toEqual({ mounted: '/api/runs' });
    expect(await (await fetch(`${harness.url}/api/skip`)).text()).toBe('static');
    expect((await fetch(`${harness.url}/healthz`)).status).toBe(200);
  });

  it('lists aliases, groups and targets as models', async () => {
    const ids = (await harness.client().models.list()).data.map((model) => model.id);
    expect(ids).toEqual(expect.arrayContaining(['main', 'tools', 'open', 'u0/gpt-test', 'u0/grok-3-mini']));
  });

  it('serves health and Prometheus metrics without key material', async () => {
    const health = await fetch(`${harness.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', upstreams: { u0: 'closed' } });
    upstream().on('POST /v1/chat/completions', reply.json(textResponse()));
    await harness.client().chat.completions.create({ model: 'main', messages: [{ role: 'user', content: 'hi' }] });
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    expect(metrics).toMatch(/parity_requests_total\{endpoint="chat",upstream="u0",status="200"\} \d+/);
    expect(metrics).toMatch(/parity_request_duration_seconds_bucket\{endpoint="chat",upstream="u0",le="\+Inf"\} \d+/);
    expect(metrics).toMatch(/parity_tokens_total\{upstream="u0",kind="completion"\} \d+/);
    expect(metrics).toMatch(/parity_route_decisions_total\{route="main",reason="alias"\} \d+/);
    expect(metrics).toContain('parity_time_to_first_token_seconds');
    // the process's memory, sampled at the scrape
    const gauge = (name: string): number => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(metrics)?.[1]);
    expect(gauge('process_resident_memory_bytes')).toBeGreaterThan(gauge('nodejs_heap_size_used_bytes'));
    expect(gauge('nodejs_heap_size_total_bytes')).toBeGreaterThanOrEqual(gauge('nodejs_heap_size_used_bytes'));
    expect(gauge('nodejs_heap_size_used_bytes')).toBeGreaterThan(1024 * 1024);
    expect(gauge('nodejs_external_memory_bytes')).toBeGreaterThan(0);
  });
});
