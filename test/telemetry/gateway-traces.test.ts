/**
 * Tracing through the gateway, against a local OTLP/HTTP receiver: a request is a SERVER span with the GenAI
 * attributes (operation, model, provider, tokens, cost, route), a fallback adds a CLIENT span per try, and an
 * incoming traceparent is continued. (Off, the no-op costs nothing: test/telemetry/telemetry.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply } from '../helpers/fake-upstream.js';
import { basicConfig, startHarness, textResponse, type Harness } from '../gateway/harness.js';
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.js';

const CHAT = 'POST /v1/chat/completions';

describe('gateway traces (OTLP/HTTP)', () => {
  let receiver: OtlpReceiver;
  let harness: Harness;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    harness = await startHarness(
      (urls) =>
        basicConfig(urls, {
          models: { main: 'u0/gpt-test', chain: ['u0/gpt-test', 'u1/gpt-test'] },
          retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
          telemetry: { endpoint: receiver.url, exportIntervalMs: 50 },
        }),
      { upstreamCount: 2 },
    );
  });
  afterAll(async () => {
    await harness.close();
    await receiver.close();
  });

  const flushed = async (count: number): Promise<void> => {
    for (let tries = 0; tries < 200 && receiver.spans.length < count; tries++) await new Promise((resolve) => setTimeout(resolve, 25));
  };

  /** The request span of a trace, once exported (other tests' spans may be there already). */
  const spanOf = async (traceId: string) => {
    for (let tries = 0; tries < 200 && !receiver.spans.some((entry) => entry.traceId === traceId); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return receiver.spans.find((entry) => entry.traceId === traceId);
  };

  it('a chat request is one SERVER span with the GenAI attributes, continuing the caller’s trace', async () => {
    harness.upstreams[0]!.on(CHAT, reply.json(textResponse()));
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await harness
      .client()
      .chat.completions.create({ model: 'main', messages: [{ role: 'user', content: 'Hi' }] }, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    const span = await spanOf(traceId);
    expect(span).toBeDefined();
    expect(span?.name).toBe('chat main');
    expect(span?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'main',
      'gen_ai.provider.name': 'openai',
      'gen_ai.response.model': 'gpt-test',
      'parity.surface': 'chat',
      'parity.route.name': 'main',
      'parity.upstream': 'u0',
      'http.response.status_code': 200,
    });
    expect(typeof span?.attributes['gen_ai.usage.input_tokens']).toBe('number');
    expect(span?.attributes['parity.cost_usd']).toBeGreaterThan(0);
    // the upstream is sent the trace context: the caller's trace, a span of this request as parent
    const sent = harness.upstreams[0]!.requests.at(-1)?.headers.traceparent;
    expect(sent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(String(sent).split('-')[2]).toBe(span?.spanId);
  });

  it('a request refused before its body is read (a cross-site Origin) is a span too', async () => {
    const traceId = '5bf92f3577b34da6a3ce929d0e0e4737';
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ model: 'main', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(response.status).toBe(403);
    const span = await spanOf(traceId);
    expect(span?.name).toBe('chat');
    expect(span?.attributes).toMatchObject({ 'parity.surface': 'chat', 'http.response.status_code': 403 });
    expect(span?.attributes['gen_ai.request.model']).toBeUndefined();
  });

  it('a fallback is a CLIENT span per try under the request span', async () => {
    harness.upstreams[0]!.reset();
    harness.upstreams[0]!.on(CHAT, reply.json({ error: { message: 'down' } }, { status: 503 }));
    harness.upstreams[1]!.on(CHAT, reply.json(textResponse()));
    const before = receiver.spans.length;
    await harness.client().chat.completions.create({ model: 'chain', messages: [{ role: 'user', content: 'Hi' }] });
    await flushed(before + 3);
    const request = receiver.spans.slice(before).find((entry) => entry.name === 'chat chain');
    expect(request).toBeDefined();
    const tries = receiver.spans.filter((entry) => entry.parentSpanId === request?.spanId);
    expect(tries.map((entry) => entry.attributes['parity.upstream']).sort()).toEqual(['u0', 'u1']);
    expect(tries.find((entry) => entry.attributes['parity.upstream'] === 'u0')?.attributes['parity.attempt.outcome']).toBe('retry');
    expect(tries.find((entry) => entry.attributes['parity.upstream'] === 'u1')?.attributes['parity.attempt.outcome']).toBe('ok');
  });
});
