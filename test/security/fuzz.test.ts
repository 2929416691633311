/**
 * Issue #15: a bounded property-based fuzz (fast-check) of request bodies and headers sent to the model
 * endpoints. For every request: an answer (the server stays up), a 2xx or a 4xx — never a 5xx with a healthy
 * upstream —, the OpenAI error shape on every 4xx, the request logged exactly once, and no secret (the virtual
 * key, the upstream's API key, the admin token) in any log entry or event the gateway reports.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayEvent } from '../../src/gateway/server.js';
import { reply } from '../helpers/fake-upstream.js';
import { basicConfig, chatReply, startHarness, type Harness } from '../gateway/harness.js';
import { send } from './load.js';

const RUNS = 400;
const TIME_LIMIT_MS = 25_000;
const UPSTREAM_KEY = `sk-upstream-${randomBytes(12).toString('hex')}`;
const ADMIN_TOKEN = `admin-${randomBytes(12).toString('hex')}`;

const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,24}$/);
const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 200 });
const anyText = fc.string({ unit: 'binary', maxLength: 300 });

const role = fc.oneof(fc.constantFrom('system', 'user', 'assistant', 'tool', 'developer'), anyText);
const content = fc.oneof(
  anyText,
  fc.constant(null),
  fc.array(fc.record({ type: fc.constantFrom('text', 'image_url', 'input_audio', ''), text: fc.option(anyText) }), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);
const chatBody = fc.record(
  {
    model: fc.oneof(fc.constantFrom('main', 'u0/gpt-test', 'u0/other', 'missing', ''), anyText, fc.integer()),
    messages: fc.oneof(fc.array(fc.record({ role, content }, { requiredKeys: [] }), { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })),
    stream: fc.oneof(fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 1 })),
    stream_options: fc.option(fc.record({ include_usage: fc.oneof(fc.boolean(), fc.jsonValue({ maxDepth: 1 })) })),
    temperature: fc.oneof(fc.double({ noNaN: false }), fc.integer(), fc.constant(null)),
    max_tokens: fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.double(), fc.constant(null)),
    n: fc.option(fc.integer({ min: -1, max: 5 })),
    tools: fc.option(fc.array(fc.record({ type: fc.constantFrom('function', ''), function: fc.option(fc.record({ name: anyText })) }), { maxLength: 2 })),
    response_format: fc.option(fc.record({ type: fc.oneof(fc.constantFrom('text', 'json_object', 'json_schema'), anyText) })),
    extra: fc.jsonValue({ maxDepth: 6 }),
  },
  { requiredKeys: [] },
);
/** Requests a client would send, with odd text and extra fields: these should mostly pass (2xx). */
const plausibleChat = fc.record(
  {
    model: fc.constantFrom('main', 'u0/gpt-test', 'open'),
    messages: fc.array(fc.record({ role: fc.constantFrom('system', 'user', 'assistant'), content: anyText }), { minLength: 1, maxLength: 3 }),
    stream: fc.boolean(),
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    max_tokens: fc.integer({ min: 1, max: 4096 }),
    user: anyText,
    metadata: fc.dictionary(token, anyText, { maxKeys: 3 }),
    extra: fc.jsonValue({ maxDepth: 8 }),
  },
  { requiredKeys: ['model', 'messages'] },
);
const embeddingsBody = fc.record(
  { model: fc.oneof(fc.constantFrom('main', 'missing'), anyText), input: fc.oneof(anyText, fc.array(anyText, { maxLength: 3 }), fc.jsonValue({ maxDepth: 3 })) },
  { requiredKeys: [] },
);
const body = (endpoint: 'chat' | 'embeddings') =>
  fc.oneof(
    { weight: 4, arbitrary: (endpoint === 'chat' ? plausibleChat : embeddingsBody.map((value) => ({ ...value, model: 'main', input: 'x' }))).map((value) => JSON.stringify(value)) },
    { weight: 4, arbitrary: (endpoint === 'chat' ? chatBody : embeddingsBody).map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.json({ maxDepth: 4 }) },
    { weight: 1, arbitrary: anyText },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
  );

describe('security: fuzzing bodies and headers of the model endpoints', () => {
  let harness: Harness;
  let secret: string;
  const events: string[] = [];
  beforeAll(async () => {
    harness = await startHarness(
      (urls) => {
        const config = basicConfig(urls, { auth: { required: true }, routeHeader: true, groups: { open: ['u0/gpt-test'] } });
        config.upstreams.u0!.apiKeyEnv = 'FUZZ_UPSTREAM_KEY';
        return config;
      },
      {
        env: { FUZZ_UPSTREAM_KEY: UPSTREAM_KEY, PARITY_ADMIN_TOKEN: ADMIN_TOKEN },
        onEvent: (event: GatewayEvent) => events.push(JSON.stringify(event, (_name, value: unknown) => (value instanceof Error ? `${value.name}: ${value.message}` : value))),
      },
    );
    harness.upstreams[0]!.on('POST /v1/chat/completions', chatReply());
    harness.upstreams[0]!.on('POST /v1/embeddings', reply.json({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }], model: 'gpt-test', usage: { prompt_tokens: 2, total_tokens: 2 } }));
    secret = (await harness.createKey({ name: 'fuzz' })).secret;
  });
  afterAll(() => harness?.close());

  it(`answers ${RUNS} generated requests with a 2xx or an OpenAI-shaped 4xx, logging each once and no secret`, { timeout: 60_000 }, async () => {
    const requestIds: string[] = [];
    const statuses = new Map<number, number>();
    const authorization = fc.oneof(
      { weight: 4, arbitrary: fc.constant<Record<string, string>>({ authorization: `Bearer ${secret}` }) },
      { weight: 1, arbitrary: fc.constant<Record<string, string>>({ 'x-api-key': secret }) },
      { weight: 1, arbitrary: fc.constantFrom<Record<string, string>>(
        { authorization: `bearer ${secret}` },
        { authorization: `Bearer  ${secret} ` },
        { authorization: secret },
        { authorization: `Basic ${secret}` },
        { authorization: `Bearer ${secret.slice(0, -1)}` },
        { authorization: `Bearer ${ADMIN_TOKEN}` },
        {},
      ) },
      { weight: 1, arbitrary: printable.map((value) => ({ authorization: `Bearer ${value}` })) },
    );
    const contentType = fc.oneof(
      { weight: 6, arbitrary: fc.constant('application/json') },
      { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'text/plain', 'APPLICATION/JSON', '') },
      { weight: 1, arbitrary: printable },
    );
    const extraHeaders = fc.dictionary(
      fc.oneof(
        { weight: 4, arbitrary: token.map((name) => `x-${name}`) },
        { weight: 1, arbitrary: fc.constantFrom('x-parity-route', 'cache-control', 'origin', 'accept', 'user-agent') },
      ),
      printable,
      { maxKeys: 3 },
    );
    const request = fc.constantFrom<'chat' | 'embeddings'>('chat', 'embeddings').chain((endpoint) =>
      fc.record({ endpoint: fc.constant(endpoint), body: body(endpoint), auth: authorization, contentType, headers: extraHeaders }),
    );

    await fc.assert(
      fc.asyncProperty(request, async ({ endpoint, body: payload, auth, contentType: type, headers }) => {
        const answer = await send(harness.url, {
          method: 'POST',
          path: endpoint === 'chat' ? '/v1/chat/completions' : '/v1/embeddings',
          headers: { ...headers, ...auth, ...(type === '' ? {} : { 'content-type': type }) },
          body: payload,
        });
        expect(answer.error).toBeUndefined(); // the server answered
        const status = answer.status ?? 0;
        expect(status >= 200 && status < 300 ? 'ok' : status >= 400 && status < 500 ? 'client' : `status ${status}: ${answer.body}`).not.toMatch(/^status/);
        if (status >= 400) {
          const error = (JSON.parse(answer.body) as { error?: Record<string, unknown> }).error;
          expect(typeof error?.message).toBe('string');
          expect(typeof error?.type).toBe('string');
          expect(error?.param === null || typeof error?.param === 'string').toBe(true);
          expect(error?.code === null || typeof error?.code === 'string').toBe(true);
        }
        const id = answer.headers['x-parity-request-id'];
        expect(typeof id).toBe('string');
        requestIds.push(id as string);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS },
    );

    expect(requestIds.length).toBeGreaterThan(50);
    // the generators reach both sides: requests served and requests refused
    expect([...statuses.keys()].some((status) => status < 300)).toBe(true);
    expect([...statuses.keys()].some((status) => status >= 400)).toBe(true);
    expect((await fetch(`${harness.url}/healthz`)).status).toBe(200);
    const logs = await harness.logs();
    const counts = new Map<string, number>();
    for (const entry of logs) counts.set(entry.id, (counts.get(entry.id) ?? 0) + 1);
    for (const id of requestIds) expect(counts.get(id), id).toBe(1);
    expect(logs).toHaveLength(requestIds.length);
    const lines = [...logs.map((entry) => JSON.stringify(entry)), ...events];
    for (const line of lines) {
      for (const hidden of [secret, UPSTREAM_KEY, ADMIN_TOKEN]) expect(line.includes(hidden), line).toBe(false);
    }
  });
});
