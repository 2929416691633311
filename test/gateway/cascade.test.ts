/**
 * Cascades through the gateway, with fake upstreams on 127.0.0.1: the cheaper model answers first, the verifier
 * decides, and the request escalates exactly when it rejects; every call is logged and priced, and the key's
 * budget is charged for all of them; streaming requests are buffered until verified, or streamed directly.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reply, type RecordedRequest } from '../helpers/fake-upstream.js';
import { basicConfig, startHarness, type Harness } from './harness.js';

/** $ per Mtok, input and output: small 1/2, big 10/20, judge 3/3. */
const PRICE = { small: [1, 2], big: [10, 20], judge: [3, 3] } as const;
const cost = (model: keyof typeof PRICE, input: number, output: number): number => (input * PRICE[model][0] + output * PRICE[model][1]) / 1e6;

function completion(model: string, content: string, usage: { prompt_tokens: number; completion_tokens: number }, extra: Record<string, unknown> = {}) {
  return { id: `chatcmpl-${model}`, object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', ...extra }], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } };
}

/** The small model answers what the request's last user message asks it to say ("say: …"). */
const smallReply = reply.handler((request, response) => {
  const messages = (request.json as { messages: { content: string }[] }).messages;
  const said = /say: (.*)$/s.exec(messages.at(-1)?.content ?? '')?.[1] ?? 'nothing';
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(completion('small', said, { prompt_tokens: 10, completion_tokens: 5 })));
});
const bigReply = reply.json(completion('big', '{"answer":"from big"}', { prompt_tokens: 10, completion_tokens: 8 }));
/** The judge passes an answer that contains "good". */
const judgeReply = reply.handler((request, response) => {
  const prompt = (request.json as { messages: { content: string }[] }).messages[0]?.content ?? '';
  const answer = prompt.slice(prompt.indexOf('[Answer]'));
  const pass = answer.includes('good');
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(completion('judge', JSON.stringify({ pass, score: pass ? 0.9 : 0.2, reason: pass ? 'fine' : 'weak' }), { prompt_tokens: 100, completion_tokens: 20 })));
});

const bodies = (requests: readonly RecordedRequest[]) => requests.filter((request) => request.path === '/v1/chat/completions').map((request) => request.json as Record<string, unknown>);

describe('gateway: cascades', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(
      (urls) => {
        const base = basicConfig(urls);
        const prices = (model: keyof typeof PRICE) => ({ [model]: { inputPerMtok: PRICE[model][0], outputPerMtok: PRICE[model][1] } });
        return {
          ...base,
          auth: { required: true },
          upstreams: {
            local: { baseUrl: urls[0] as string, timeoutMs: 2_000, prices: prices('small') },
            cloud: { baseUrl: urls[1] as string, timeoutMs: 2_000, prices: prices('big') },
            judges: { baseUrl: urls[2] as string, timeoutMs: 2_000, prices: prices('judge') },
          },
          models: { main: 'cloud/big', judge: 'judges/judge' },
          cascades: {
            json: { steps: ['local/small', 'main'], verifier: { kind: 'json' } },
            schema: { steps: ['local/small', 'main'], verifier: { kind: 'json-schema' } },
            judged: { steps: ['local/small', 'main'], verifier: { kind: 'llm-judge', model: 'judge' } },
            direct: { steps: ['local/small', 'main'], verifier: { kind: 'json' }, streaming: 'first' },
          },
        };
      },
      { upstreamCount: 3 },
    );
    harness.upstreams[0]!.on('POST /v1/chat/completions', smallReply);
    harness.upstreams[1]!.on('POST /v1/chat/completions', bigReply);
    harness.upstreams[2]!.on('POST /v1/chat/completions', judgeReply);
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    for (const upstream of harness.upstreams) upstream.reset();
    harness.upstreams[0]!.on('POST /v1/chat/completions', smallReply);
    harness.upstreams[1]!.on('POST /v1/chat/completions', bigReply);
    harness.upstreams[2]!.on('POST /v1/chat/completions', judgeReply);
  });

  const ask = async (secret: string, model: string, say: string, extra: Record<string, unknown> = {}) => {
    const { data, response } = await harness
      .client(secret)
      .chat.completions.create({ model, messages: [{ role: 'user', content: `say: ${say}` }], max_tokens: 50, ...extra } as never)
      .withResponse();
    return { data: data as unknown as { choices: { message: { content: string } }[] }, headers: response.headers };
  };

  it('returns the cheap answer when the verifier accepts and escalates exactly when it rejects; both calls logged, priced and charged', async () => {
    const { secret, id } = await harness.createKey({ name: 'cascade', budgetUsdTotal: 1 });
    const kept = await ask(secret, 'json', '{"answer":"from small"}');
    expect(kept.data.choices[0]?.message.content).toBe('{"answer":"from small"}');
    expect([kept.headers.get('x-parity-model'), kept.headers.get('x-parity-cascade'), kept.headers.get('x-parity-cascade-step'), kept.headers.get('x-parity-cascade-path')]).toEqual(['small', 'json', '1/2', 'json=accept']);
    expect(harness.upstreams.map((upstream) => upstream.count())).toEqual([1, 0, 0]);

    const escalated = await ask(secret, 'json', 'sorry, no JSON here');
    expect(escalated.data.choices[0]?.message.content).toBe('{"answer":"from big"}');
    expect([escalated.headers.get('x-parity-upstream'), escalated.headers.get('x-parity-model'), escalated.headers.get('x-parity-cascade-step'), escalated.headers.get('x-parity-cascade-path')]).toEqual(['cloud', 'big', '2/2', 'json=reject,last']);
    expect(harness.upstreams.map((upstream) => upstream.count())).toEqual([2, 1, 0]);
    // the steps are asked without streaming and for their own model
    expect(bodies(harness.upstreams[1]!.requests).map((body) => [body.model, body.stream])).toEqual([['big', undefined]]);

    const logs = (await harness.logs()).filter((entry) => entry.keyId === id);
    expect(logs).toHaveLength(2);
    const [first, second] = logs;
    expect(first?.calls?.map((call) => [call.role, call.step, call.model, call.outcome])).toEqual([['answer', 1, 'small', 'ok'], ['verifier', 1, null, 'accept']]);
    expect(first?.costUsd).toBeCloseTo(cost('small', 10, 5), 12);
    expect(second?.calls?.map((call) => [call.role, call.step, call.model, call.outcome])).toEqual([['answer', 1, 'small', 'ok'], ['verifier', 1, null, 'reject'], ['answer', 2, 'big', 'ok']]);
    expect(second?.calls?.map((call) => call.costUsd)).toEqual([cost('small', 10, 5), 0, cost('big', 10, 8)]);
    expect(second?.costUsd).toBeCloseTo(cost('small', 10, 5) + cost('big', 10, 8), 12);
    expect([second?.model, second?.upstream, second?.inputTokens, second?.outputTokens]).toEqual(['big', 'cloud', 20, 13]);
    expect(second?.routeReason).toContain('cascade');
    // the key paid for every call of both requests
    const spent = (await harness.gateway.state.usage(id))?.spentUsdTotal ?? 0;
    expect(spent).toBeCloseTo(2 * cost('small', 10, 5) + cost('big', 10, 8), 12);
  });

  it('checks the answer against the request\'s response_format json_schema', async () => {
    const { secret } = await harness.createKey({ name: 'schema' });
    const response_format = { type: 'json_schema', json_schema: { name: 'a', schema: { type: 'object', required: ['answer'], properties: { answer: { type: 'string' } } } } };
    expect((await ask(secret, 'schema', '{"answer":"ok"}', { response_format })).headers.get('x-parity-cascade-step')).toBe('1/2');
    const wrong = await ask(secret, 'schema', '{"answer":42}', { response_format });
    expect([wrong.headers.get('x-parity-cascade-step'), wrong.headers.get('x-parity-cascade-path')]).toEqual(['2/2', 'json-schema=reject,last']);
  });

  it('an LLM judge (a model of this gateway) decides, and its call is priced at its upstream and charged', async () => {
    const { secret, id } = await harness.createKey({ name: 'judged', budgetUsdTotal: 1 });
    const good = await ask(secret, 'judged', 'a good answer');
    expect([good.headers.get('x-parity-cascade-step'), good.headers.get('x-parity-cascade-path')]).toEqual(['1/2', 'llm-judge=accept']);
    const weak = await ask(secret, 'judged', 'a poor answer');
    expect([weak.headers.get('x-parity-cascade-step'), weak.headers.get('x-parity-cascade-path')]).toEqual(['2/2', 'llm-judge=reject,last']);
    expect(harness.upstreams.map((upstream) => upstream.count())).toEqual([2, 1, 2]);
    // the judge read the request and the answer through the configured prompt
    const judgePrompt = String((bodies(harness.upstreams[2]!.requests)[0]?.messages as { content: string }[])[0]?.content);
    expect(judgePrompt).toContain('say: a good answer');
    expect(judgePrompt).toContain('[Answer]\na good answer');

    const logs = (await harness.logs()).filter((entry) => entry.keyId === id);
    const judgeCall = logs[1]?.calls?.find((call) => call.role === 'verifier');
    expect(judgeCall).toMatchObject({ verifier: 'llm-judge', upstream: 'judges', model: 'judge', inputTokens: 100, outputTokens: 20, outcome: 'reject', score: 0.2 });
    expect(judgeCall?.costUsd).toBeCloseTo(cost('judge', 100, 20), 12);
    const expected = [cost('small', 10, 5) + cost('judge', 100, 20), cost('small', 10, 5) + cost('judge', 100, 20) + cost('big', 10, 8)];
    expect(logs.map((entry) => entry.costUsd)).toEqual([expect.closeTo(expected[0] as number, 12), expect.closeTo(expected[1] as number, 12)]);
    expect((await harness.gateway.state.usage(id))?.spentUsdTotal).toBeCloseTo((expected[0] as number) + (expected[1] as number), 12);
  });

  it('buffers a streaming request until the answer is verified, then streams the accepted one', async () => {
    const { secret } = await harness.createKey({ name: 'stream' });
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'json', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'say: not json' }] }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('x-parity-cascade-step')).toBe('2/2');
    const events = (await response.text()).split('\n\n').filter((part) => part.startsWith('data: ')).map((part) => part.slice(6));
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event) as { choices: { delta: { content?: string } }[]; usage?: unknown });
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('{"answer":"from big"}');
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 8 });
    expect(bodies([...harness.upstreams[0]!.requests, ...harness.upstreams[1]!.requests]).map((body) => body.stream)).toEqual([undefined, undefined]);
  });

  it('streams directly from the first step when the verifier is off for streams (streaming: first)', async () => {
    harness.upstreams[0]!.reset();
    harness.upstreams[0]!.on('POST /v1/chat/completions', reply.sse([JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'small', choices: [{ index: 0, delta: { content: 'not json at all' }, finish_reason: null }] })]));
    const { secret } = await harness.createKey({ name: 'direct' });
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'direct', stream: true, messages: [{ role: 'user', content: 'say: anything' }] }),
    });
    expect(await response.text()).toContain('not json at all');
    expect(response.headers.get('x-parity-upstream')).toBe('local');
    expect(harness.upstreams.map((upstream) => upstream.count())).toEqual([1, 0, 0]);
    expect(bodies(harness.upstreams[0]!.requests)[0]?.stream).toBe(true);
  });

  it('a step that answers without usage is logged at an unknown cost, and the budget is charged the most it could cost (never nothing)', async () => {
    harness.upstreams[0]!.reset();
    harness.upstreams[0]!.on(
      'POST /v1/chat/completions',
      reply.handler((_request, response) => {
        const { usage: _usage, ...unmetered } = completion('small', '{"answer":"no usage"}', { prompt_tokens: 0, completion_tokens: 0 });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(unmetered));
      }),
    );
    const { secret, id } = await harness.createKey({ name: 'unmetered', budgetUsdTotal: 1 });
    const body = JSON.stringify({ model: 'json', max_tokens: 50, messages: [{ role: 'user', content: 'say: anything' }] });
    const response = await fetch(`${harness.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-parity-cascade-path')).toBe('json=accept');
    const [entry] = (await harness.logs()).filter((log) => log.keyId === id);
    // what it cost is unknown, and the log says so
    expect(entry?.calls?.map((call) => [call.role, call.outcome, call.costUsd, call.inputTokens])).toEqual([['answer', 'ok', null, null], ['verifier', 'accept', 0, null]]);
    expect(entry?.costUsd).toBeNull();
    // the budget is charged the step's bound: the request's bytes as prompt tokens and its max_tokens, at small's price
    const spent = (await harness.gateway.state.usage(id))?.spentUsdTotal ?? 0;
    expect(spent).toBeCloseTo(cost('small', Buffer.byteLength(body), 50), 12);
  });

  it('a cheap step whose upstream fails escalates; the failed call is logged without a cost', async () => {
    harness.upstreams[0]!.reset();
    harness.upstreams[0]!.on('POST /v1/chat/completions', reply.error(400, { error: { message: 'bad model' } }));
    const { secret, id } = await harness.createKey({ name: 'failing' });
    const answered = await ask(secret, 'json', '{"a":1}');
    expect([answered.headers.get('x-parity-cascade-step'), answered.headers.get('x-parity-cascade-path')]).toEqual(['2/2', 'upstream-error,last']);
    const [entry] = (await harness.logs()).filter((log) => log.keyId === id);
    expect(entry?.calls?.map((call) => [call.role, call.outcome, call.costUsd])).toEqual([['answer', 'error', null], ['answer', 'ok', cost('big', 10, 8)]]);
    expect(entry?.costUsd).toBeCloseTo(cost('big', 10, 8), 12);
  });

  it('serves the Anthropic Messages and Responses APIs too: the verified answer rendered in the client\'s API', async () => {
    const { secret } = await harness.createKey({ name: 'surfaces' });
    const anthropic = new Anthropic({ baseURL: harness.url, apiKey: secret, maxRetries: 0 });
    const message = await anthropic.messages.create({ model: 'json', max_tokens: 50, messages: [{ role: 'user', content: 'say: not json' }] });
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: '{"answer":"from big"}' })]);
    const streamed = await anthropic.messages.stream({ model: 'json', max_tokens: 50, messages: [{ role: 'user', content: 'say: {"answer":"small"}' }] }).finalMessage();
    expect(streamed.content).toEqual([expect.objectContaining({ type: 'text', text: '{"answer":"small"}' })]);
    const answer = await harness.client(secret).responses.create({ model: 'json', input: 'say: still not json' });
    expect(answer.output_text).toBe('{"answer":"from big"}');
    expect(harness.upstreams.map((upstream) => upstream.count())).toEqual([3, 2, 0]);
  });

  it('refuses a config whose judge is not a model of the gateway, naming where', async () => {
    await expect(startHarness((urls) => basicConfig(urls, { cascades: { bad: { steps: ['u0/a', 'u0/b'], verifier: { kind: 'llm-judge', model: 'openai/gpt-4o' } } } }))).rejects.toThrow(/cascades\.bad\.verifier\.model/);
    await expect(startHarness((urls) => basicConfig(urls, { cascades: { main: { steps: ['u0/a', 'u0/b'], verifier: { kind: 'json' } } } }))).rejects.toThrow(/cascades\.main/);
  });
});
