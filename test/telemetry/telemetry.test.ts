import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { NOOP_TELEMETRY, createTelemetry, type TelemetryEvent } from '../../src/gateway/telemetry/telemetry.js';
import { telemetryConfigSchema } from '../../src/gateway/telemetry/telemetry-config.js';
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.js';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(() => {
  receiver.spans.length = 0;
  receiver.status = 200;
});

const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;

describe('tracing off', () => {
  it('is the shared no-op: the same frozen objects for every request, nothing exported', async () => {
    const telemetry = await createTelemetry(undefined);
    expect(telemetry).toBe(NOOP_TELEMETRY);
    expect(telemetry.enabled).toBe(false);
    const first = telemetry.startRequest('chat', 'chat', 'open', undefined);
    const second = telemetry.startRequest('chat', 'messages', 'other', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    const attempt = first.attempt('local', 'openai', 'm', 1);
    expect(first.attempt('x', 'y', 'z', 2)).toBe(attempt);
    expect(attempt.traceparent()).toBe('');
    first.end({ status: 200, upstream: 'local', model: 'm', inputTokens: 1, outputTokens: 2, costUsd: 0, routeReason: 'alias', error: null });
    await telemetry.shutdown();
    expect(receiver.spans).toHaveLength(0);
  });

  it('loads no OpenTelemetry module', () => {
    // a child process records every module it resolves while the gateway's telemetry runs with tracing off
    const hooks = `data:text/javascript,${encodeURIComponent(
      "export async function resolve(specifier, context, next) { if (specifier.includes('@opentelemetry')) process.stderr.write('LOADED ' + specifier + '\\n'); return next(specifier, context); }",
    )}`;
    const register = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(hooks)});`)}`;
    const script = `
      const { createTelemetry } = await import(${JSON.stringify(fileURLToPath(new URL('../../src/gateway/telemetry/telemetry.ts', import.meta.url)))});
      const telemetry = await createTelemetry(undefined);
      const trace = telemetry.startRequest('chat', 'chat', 'open', undefined);
      trace.attempt('local', 'openai', 'm', 1).end('ok', 200);
      trace.end({ status: 200, upstream: 'local', model: 'm', inputTokens: 1, outputTokens: 1, costUsd: 0, routeReason: 'alias', error: null });
      process.stdout.write('done');`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--import', register, '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stdout).toBe('done');
    expect(run.stderr).not.toContain('LOADED');
    // the hook does see OpenTelemetry when tracing is on (the check can fail)
    const on = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--import', register, '--input-type=module', '-e', script.replace('createTelemetry(undefined)', `createTelemetry({ endpoint: 'http://127.0.0.1:9/v1/traces', headers: {}, headersFromEnv: {}, serviceName: 's', sampleRatio: 1, exportIntervalMs: 1000, exportTimeoutMs: 1000, maxQueueSize: 10 })`)],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8', timeout: 60_000 },
    );
    expect(on.stderr).toContain('LOADED @opentelemetry/api');
  });
});

describe.each(['http/protobuf', 'http/json'] as const)('tracing on (OTLP/HTTP %s to a local receiver)', (protocol) => {
  const config = (extra: object = {}) => telemetryConfigSchema.parse({ endpoint: receiver.url, protocol, exportIntervalMs: 60_000, ...extra });

  it('a request answered at the first try is one span with the GenAI attributes', async () => {
    const telemetry = await createTelemetry(config());
    const trace = telemetry.startRequest('chat', 'chat', 'open', undefined);
    trace.route('open', 'alias');
    const attempt = trace.attempt('local', 'openai', 'qwen2.5:7b', 1);
    const sentUpstream = attempt.traceparent();
    attempt.end('ok', 200);
    trace.end({ status: 200, upstream: 'local', model: 'qwen2.5:7b', inputTokens: 5, outputTokens: 7, costUsd: 0, routeReason: 'alias', error: null }, 'stop');
    await telemetry.flush();
    expect(receiver.contentTypes.at(-1)).toBe(protocol === 'http/json' ? 'application/json' : 'application/x-protobuf');
    expect(receiver.spans).toHaveLength(1);
    const [span] = receiver.spans;
    expect(span?.kind).toBe(SERVER);
    expect(span?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'open',
      'gen_ai.provider.name': 'openai',
      'gen_ai.response.model': 'qwen2.5:7b',
      'gen_ai.usage.input_tokens': 5,
      'gen_ai.usage.output_tokens': 7,
      'parity.cost_usd': 0,
      'parity.attempt': 1,
      'parity.attempt.outcome': 'ok',
    });
    expect(sentUpstream).toBe(`00-${span?.traceId}-${span?.spanId}-01`);
    await telemetry.shutdown();
  });

  it('a request that fell back has a child span per try, the failed first one included', async () => {
    const telemetry = await createTelemetry(config({ serviceName: 'gateway-test' }));
    expect(telemetry.enabled).toBe(true);
    const trace = telemetry.startRequest('chat', 'messages', 'open', undefined);
    trace.route('open', 'group');
    const first = trace.attempt('vllm-a', 'openai', 'Qwen/Qwen2.5-7B-Instruct', 1);
    first.end('fallback', 503);
    const second = trace.attempt('vllm-b', 'openai', 'Qwen/Qwen2.5-7B-Instruct', 2);
    const sentUpstream = second.traceparent();
    expect(sentUpstream).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    second.end('ok', 200);
    trace.end(
      { status: 200, upstream: 'vllm-b', model: 'Qwen/Qwen2.5-7B-Instruct', inputTokens: 12, outputTokens: 30, costUsd: 0.00042, routeReason: 'group', error: null },
      'stop',
    );
    await telemetry.flush();
    expect(receiver.spans).toHaveLength(3);
    const root = receiver.spans.find((span) => span.kind === SERVER);
    const attempts = receiver.spans.filter((span) => span.kind === CLIENT).sort((a, b) => Number(a.attributes['parity.attempt']) - Number(b.attributes['parity.attempt']));
    expect(root?.name).toBe('chat open');
    expect(root?.parentSpanId).toBeUndefined();
    expect(root?.resource['service.name']).toBe('gateway-test');
    expect(root?.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'open',
      'parity.surface': 'messages',
      'parity.route.name': 'open',
      'parity.route.reason': 'group',
      'http.response.status_code': 200,
      'parity.upstream': 'vllm-b',
      'gen_ai.response.model': 'Qwen/Qwen2.5-7B-Instruct',
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 30,
      'parity.cost_usd': 0.00042,
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(root?.status.code ?? 0).not.toBe(ERROR);
    expect(attempts.map((span) => [span.name, span.parentSpanId, span.traceId])).toEqual([
      ['chat Qwen/Qwen2.5-7B-Instruct', root?.spanId, root?.traceId],
      ['chat Qwen/Qwen2.5-7B-Instruct', root?.spanId, root?.traceId],
    ]);
    expect(attempts[0]?.attributes).toMatchObject({ 'gen_ai.provider.name': 'openai', 'parity.upstream': 'vllm-a', 'parity.attempt.outcome': 'fallback', 'http.response.status_code': 503, 'error.type': '503' });
    expect(attempts[0]?.status.code).toBe(ERROR);
    expect(attempts[1]?.attributes).toMatchObject({ 'parity.upstream': 'vllm-b', 'parity.attempt.outcome': 'ok', 'http.response.status_code': 200 });
    expect(sentUpstream).toBe(`00-${root?.traceId}-${attempts[1]?.spanId}-01`);
    await telemetry.shutdown();
  });

  it('continues the caller’s trace from its traceparent, and marks failed requests', async () => {
    const telemetry = await createTelemetry(config());
    const trace = telemetry.startRequest('chat', 'chat', 'open', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    trace.end({ status: 502, upstream: 'local', model: 'm', inputTokens: null, outputTokens: null, costUsd: null, routeReason: 'alias', error: 'local: connection refused' });
    await telemetry.flush();
    const [span] = receiver.spans;
    expect(span?.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(span?.parentSpanId).toBe('b7ad6b7169203331');
    expect(span?.status).toMatchObject({ code: ERROR, message: 'local: connection refused' });
    expect(span?.attributes['gen_ai.usage.input_tokens']).toBeUndefined(); // unknown is absent, never 0
    await telemetry.shutdown();
  });

  it('samples: a ratio of 0 exports nothing and sends no traceparent upstream', async () => {
    const telemetry = await createTelemetry(config({ sampleRatio: 0 }));
    const trace = telemetry.startRequest('chat', 'chat', 'open', undefined);
    const attempt = trace.attempt('local', 'openai', 'm', 1);
    expect(attempt.traceparent()).toBe('');
    attempt.end('ok', 200);
    trace.end({ status: 200, upstream: 'local', model: 'm', inputTokens: 1, outputTokens: 1, costUsd: 0, routeReason: 'alias', error: null });
    await telemetry.flush();
    expect(receiver.spans).toHaveLength(0);
    await telemetry.shutdown();
  });

  it('samples: a ratio of 0 still follows a caller that sampled its trace; a ratio between 0 and 1 keeps some requests', async () => {
    const never = await createTelemetry(config({ sampleRatio: 0 }));
    const followed = never.startRequest('chat', 'chat', 'open', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    const attempt = followed.attempt('local', 'openai', 'm', 1);
    expect(attempt.traceparent()).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    attempt.end('ok', 200);
    followed.end({ status: 200, upstream: 'local', model: 'm', inputTokens: 1, outputTokens: 1, costUsd: 0, routeReason: 'alias', error: null });
    await never.flush();
    expect(receiver.spans.map((span) => span.traceId)).toEqual(['0af7651916cd43dd8448eb211c80319c']);
    await never.shutdown();

    receiver.spans.length = 0;
    const half = await createTelemetry(config({ sampleRatio: 0.5, maxQueueSize: 1_000 }));
    const sent: string[] = [];
    for (let index = 0; index < 200; index++) {
      const trace = half.startRequest('chat', 'chat', 'open', undefined);
      sent.push(trace.attempt('local', 'openai', 'm', 1).traceparent());
      trace.end({ status: 200, upstream: 'local', model: 'm', inputTokens: 1, outputTokens: 1, costUsd: 0, routeReason: 'alias', error: null });
    }
    await half.flush();
    const sampled = sent.filter((traceparent) => traceparent !== '');
    // 200 fair draws: all or none kept has a chance of 2^-199
    expect(sampled.length).toBeGreaterThan(0);
    expect(sampled.length).toBeLessThan(200);
    expect(receiver.spans.map((span) => span.traceId).sort()).toEqual(sampled.map((traceparent) => traceparent.split('-')[1]).sort());
    await half.shutdown();
  });

  it('reports an export the collector refused, rather than losing it silently', async () => {
    receiver.status = 400;
    const events: TelemetryEvent[] = [];
    const telemetry = await createTelemetry(config(), { onEvent: (event) => events.push(event) });
    const trace = telemetry.startRequest('embeddings', 'embeddings', 'embed', undefined);
    trace.end({ status: 200, upstream: 'local', model: 'e', inputTokens: 3, outputTokens: 0, costUsd: 0, routeReason: 'alias', error: null });
    await telemetry.flush();
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe('export-error');
    await telemetry.shutdown();
  });

  it('reads header secrets from the environment and names a missing one', async () => {
    await expect(createTelemetry(config({ headersFromEnv: { authorization: 'OTLP_TOKEN_FOR_TEST' } }), { env: {} })).rejects.toThrow(ConfigError);
    await expect(createTelemetry(config({ headersFromEnv: { authorization: 'OTLP_TOKEN_FOR_TEST' } }), { env: {} })).rejects.toThrow(/telemetry\.headersFromEnv\.authorization.*OTLP_TOKEN_FOR_TEST/);
    const telemetry = await createTelemetry(config({ headersFromEnv: { authorization: 'OTLP_TOKEN_FOR_TEST' } }), { env: { OTLP_TOKEN_FOR_TEST: 'Bearer t' } });
    await telemetry.shutdown();
    expect(telemetryConfigSchema.safeParse({ endpoint: 'ftp://x' }).error?.issues[0]?.path).toEqual(['endpoint']);
  });
});
