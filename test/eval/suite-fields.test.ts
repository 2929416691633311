/**
 * Every field of a suite's provider entry, and of its judge, is honoured: one test per field, each against a real
 * server on 127.0.0.1 (or a recorded file), through the same planning and running as `parity eval`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { bundledCatalogFacts } from '../../src/eval/catalog-facts.js';
import { executePlan, planSuite, type EvalReport, type ExecuteOptions } from '../../src/eval/evaluate.js';
import type { EvalEvent } from '../../src/eval/runner/events.js';
import { loadSuite } from '../../src/eval/suite/load.js';
import { openStore } from '../../src/store/index.js';
import { reply, startFakeUpstream, type FakeUpstream, type RecordedRequest } from '../helpers/fake-upstream.js';
import { completion, doublingCases, doublingUpstream, numberAsked } from './chat-upstream.js';

let dir: string;
let upstream: FakeUpstream;
let judge: FakeUpstream;
const facts = bundledCatalogFacts();
let counter = 0;

/** A judge that approves every answer, after `delayMs`. */
async function judgeUpstream(delayMs = 0): Promise<FakeUpstream> {
  const server = await startFakeUpstream();
  server.on(
    'POST /v1/chat/completions',
    reply.handler(async (_request, response) => {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(completion('{"pass": true, "score": 1, "reason": "the number is right"}', { prompt_tokens: 100, completion_tokens: 10 })));
    }),
  );
  return server;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'parity-eval-fields-'));
  upstream = await doublingUpstream();
  judge = await judgeUpstream();
});
afterAll(async () => {
  await upstream.close();
  await judge.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Plans and runs a suite (YAML body after its name) with `env` as the only environment; no retries, no cache. */
async function run(body: string, env: Record<string, string> = {}, options: Partial<ExecuteOptions> = {}): Promise<EvalReport> {
  const name = `suite-${++counter}`;
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, `name: ${name}\nprompt: "What is {{n}} + {{n}}?"\n${body}`);
  const plan = planSuite(loadSuite(file), { facts, resolve: { env }, maxAttempts: 1 });
  const store = await openStore({ url: path.join(dir, `${name}.db`) });
  try {
    return await executePlan(plan, { store, useCache: false, withResults: true, ...options });
  } finally {
    await store.close();
  }
}

const bodyOf = (request: RecordedRequest) => request.json as Record<string, unknown>;
const lastTo = (server: FakeUpstream) => server.requests.at(-1)!;
const rubric = 'graders:\n  - { type: llm-rubric, rubric: "the answer is twice the number" }\n';

/** Runs until the first result, checks nothing more was asked of `server` a while later, then interrupts. */
async function heldBackAfterFirst(body: string, server: FakeUpstream, env: Record<string, string> = {}): Promise<{ during: number; report: EvalReport }> {
  const controller = new AbortController();
  let results = 0;
  const before = server.count();
  const finished = run(body, env, { signal: controller.signal, onEvent: (event: EvalEvent) => void (event.type === 'result' && results++) });
  while (results === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  // the next call is held for about a minute; a third of a second is plenty to see it has not gone out
  await new Promise((resolve) => setTimeout(resolve, 300));
  const during = server.count() - before;
  controller.abort();
  return { during, report: await finished };
}

describe('suite provider fields', () => {
  it('ref: the provider kind picks the API, the rest is the model name sent', async () => {
    await run(`providers:\n  - { ref: openai-compatible/model-x, baseURL: ${upstream.url}/v1 }\ncases:\n${doublingCases(1)}\ngraders: [{ type: equals }]\n`);
    expect(lastTo(upstream).path).toBe('/v1/chat/completions');
    expect(bodyOf(lastTo(upstream)).model).toBe('model-x');
  });

  it('baseURL: calls go there, with no base URL in the environment', async () => {
    const before = upstream.count();
    const report = await run(`providers:\n  - { ref: vllm/served, baseURL: ${upstream.url}/v1 }\ncases:\n${doublingCases(2)}\ngraders: [{ type: equals }]\n`);
    expect(upstream.count() - before).toBe(2);
    expect(report.summary.models[0]).toMatchObject({ passes: 2, errors: 0 });
  });

  it('label: names the model in the summary, and comparisons may use it', async () => {
    const report = await run(
      `providers:\n  - { ref: openai-compatible/a, label: small, baseURL: ${upstream.url}/v1 }\n  - { ref: openai-compatible/b, label: large, baseURL: ${upstream.url}/v1 }\ncompare: [{ candidate: small, reference: large }]\ncases:\n${doublingCases(1)}\ngraders: [{ type: equals }]\n`,
    );
    expect(report.summary.models.map((model) => model.label)).toEqual(['small', 'large']);
    expect(report.summary.comparisons[0]).toMatchObject({ candidate: 'openai-compatible/a', reference: 'openai-compatible/b' });
  });

  it('catalogModel: the price and open-weights flag come from that catalog model', async () => {
    const report = await run(`providers:\n  - { ref: openai/house-alias, catalogModel: openai/gpt-4o-mini, baseURL: ${upstream.url}/v1 }\ncases:\n${doublingCases(1)}\ngraders: [{ type: equals }]\n`, { OPENAI_API_KEY: 'k' });
    const known = facts('openai/gpt-4o-mini', 'openai')!;
    expect(known.price).not.toBeNull();
    const model = report.summary.models[0]!;
    expect(model.openWeights).toBe(false);
    expect(model.priceSource).toBe(known.price!.source);
    expect(model.costPerCase).toBeCloseTo((20 * known.price!.inputPerMtok + 2 * known.price!.outputPerMtok) / 1e6, 15);
    expect(() => planSuite(loadSuite(writeTemp(`providers:\n  - { ref: openai/x, catalogModel: nobody/nothing }\ncases:\n${doublingCases(1)}\ngraders: [{ type: equals }]\n`)), { facts, resolve: { env: { OPENAI_API_KEY: 'k' } } })).toThrow(/"nobody\/nothing" is not in the catalog/);
  });

  it('price: the suite’s price costs each call and names its source', async () => {
    const report = await run(`providers:\n  - { ref: ollama/m, baseURL: ${upstream.url}/v1, price: { inputPerMtok: 2, outputPerMtok: 8 } }\ncases:\n${doublingCases(2)}\ngraders: [{ type: equals }]\n`);
    expect(report.summary.models[0]).toMatchObject({ priceSource: 'price set in the suite' });
    expect(report.summary.models[0]!.costPerCase).toBeCloseTo((20 * 2 + 2 * 8) / 1e6, 15);
    expect(report.spend!.runUsd).toBeCloseTo((2 * (20 * 2 + 2 * 8)) / 1e6, 15);
  });

  it('apiKeyEnv: the key is read from the variable it names, and a missing one is a clear error', async () => {
    await run(`providers:\n  - { ref: openai-compatible/k, baseURL: ${upstream.url}/v1, apiKeyEnv: TEAM_KEY }\ncases:\n${doublingCases(1)}\ngraders: [{ type: equals }]\n`, { TEAM_KEY: 'team-secret' });
    expect(lastTo(upstream).headers.authorization).toBe('Bearer team-secret');
    const file = writeTemp(`providers:\n  - { ref: openai-compatible/k, baseURL: ${upstream.url}/v1, apiKeyEnv: TEAM_KEY }\ncases:\n${doublingCases(1)}\ngraders: [{ type: equals }]\n`);
    expect(() => planSuite(loadSuite(file), { resolve: { env: {} } })).toThrow(ConfigError);
    expect(() => planSuite(loadSuite(file), { resolve: { env: {} } })).toThrow('TEAM_KEY: is not set (named by apiKeyEnv of openai-compatible/k)');
  });

  it('responses: a replay provider answers from its recorded file, calling nothing', async () => {
    writeFileSync(path.join(dir, 'recorded.jsonl'), `${JSON.stringify({ id: 'c1', output: '2' })}\n${JSON.stringify({ id: 'c2', output: '5' })}\n`);
    const before = upstream.count();
    const report = await run(`providers:\n  - { ref: replay/past, responses: recorded.jsonl }\ncases:\n${doublingCases(2)}\ngraders: [{ type: equals }]\n`);
    expect(upstream.count()).toBe(before);
    expect(report.summary.models[0]).toMatchObject({ passes: 1, attempts: 2, errors: 0 });
  });

  it('temperature: sent with every call', async () => {
    await run(`providers:\n  - { ref: openai-compatible/t, baseURL: ${upstream.url}/v1, temperature: 0.7 }\ncases:\n${doublingCases(1)}\ngraders: [{ type: equals }]\n`);
    expect(bodyOf(lastTo(upstream)).temperature).toBe(0.7);
  });

  it('maxTokens: sent with every call', async () => {
    await run(`providers:\n  - { ref: openai-compatible/t, baseURL: ${upstream.url}/v1, maxTokens: 42 }\ncases:\n${doublingCases(1)}\ngraders: [{ type: equals }]\n`);
    expect(bodyOf(lastTo(upstream)).max_tokens).toBe(42);
  });

  it('concurrency: at most that many calls of the provider at once, whatever the suite allows', async () => {
    const slow = await startFakeUpstream();
    slow.on(
      'POST /v1/chat/completions',
      reply.handler(async (request, response) => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(completion(String(2 * numberAsked(request)))));
      }),
    );
    try {
      await run(`providers:\n  - { ref: openai-compatible/s, baseURL: ${slow.url}/v1 }\nconcurrency: 6\ncases:\n${doublingCases(6)}\ngraders: [{ type: equals }]\n`);
      expect(slow.maxInFlight).toBeGreaterThan(1);
      slow.reset();
      await run(`providers:\n  - { ref: openai-compatible/s, baseURL: ${slow.url}/v1, concurrency: 1 }\nconcurrency: 6\ncases:\n${doublingCases(6)}\ngraders: [{ type: equals }]\n`);
      expect(slow.maxInFlight).toBe(1);
      expect(slow.count()).toBe(6);
    } finally {
      await slow.close();
    }
  });

  it('requestsPerMinute: the next call waits for the rate', async () => {
    const { during, report } = await heldBackAfterFirst(`providers:\n  - { ref: openai-compatible/r, baseURL: ${upstream.url}/v1, requestsPerMinute: 1 }\ncases:\n${doublingCases(3)}\ngraders: [{ type: equals }]\n`, upstream);
    expect(during).toBe(1);
    expect(report.outcome.status).toBe('aborted');
  });

  it('tokensPerMinute: a call that used more than the minute allows holds the next one back', async () => {
    const heavy = await doublingUpstream({ usage: { prompt_tokens: 5000, completion_tokens: 5000 } });
    try {
      const { during } = await heldBackAfterFirst(`providers:\n  - { ref: openai-compatible/t, baseURL: ${heavy.url}/v1, tokensPerMinute: 2000 }\ncases:\n${doublingCases(3)}\ngraders: [{ type: equals }]\n`, heavy);
      expect(during).toBe(1);
    } finally {
      await heavy.close();
    }
  });

  it('timeoutMs: a call with no progress for that long is a timeout error', async () => {
    const hang = await startFakeUpstream();
    hang.on('POST /v1/chat/completions', reply.hang());
    try {
      const report = await run(`providers:\n  - { ref: openai-compatible/h, baseURL: ${hang.url}/v1, timeoutMs: 100 }\ncases:\n${doublingCases(1)}\ngraders: [{ type: equals }]\n`);
      expect(report.summary.models[0]!.errorCauses[0]).toMatchObject({ kind: 'timeout', cause: 'no progress within 100 ms' });
    } finally {
      await hang.close();
    }
  });

  it('openWeights: marks each side, so the open model is compared with the proprietary one', async () => {
    const report = await run(
      `providers:\n  - { ref: openai-compatible/first, baseURL: ${upstream.url}/v1, openWeights: false }\n  - { ref: openai-compatible/second, baseURL: ${upstream.url}/v1, openWeights: true }\ncases:\n${doublingCases(1)}\ngraders: [{ type: equals }]\n`,
    );
    expect(report.summary.models.map((model) => model.openWeights)).toEqual([false, true]);
    expect(report.summary.comparisons[0]).toMatchObject({ candidate: 'openai-compatible/second', reference: 'openai-compatible/first' });
  });
});

describe('the suite’s judge fields', () => {
  const model = () => `providers:\n  - { ref: openai-compatible/m, baseURL: ${upstream.url}/v1 }\ncases:\n${doublingCases(2)}\n${rubric}`;

  it('baseURL: the judge is called there, with no base URL in the environment', async () => {
    const before = judge.count();
    const report = await run(`${model()}judge: { ref: openai-compatible/grader, baseURL: ${judge.url}/v1 }\n`);
    expect(judge.count() - before).toBe(2);
    expect(bodyOf(lastTo(judge)).model).toBe('grader');
    expect(String((bodyOf(lastTo(judge)).messages as Array<{ content: string }>)[0]!.content)).toContain('the answer is twice the number');
    expect(report.summary.models[0]).toMatchObject({ passes: 2, errors: 0 });
  });

  it('apiKeyEnv: the judge’s key comes from the variable it names', async () => {
    await run(`${model()}judge: { ref: openai-compatible/grader, baseURL: ${judge.url}/v1, apiKeyEnv: JUDGE_KEY }\n`, { JUDGE_KEY: 'judge-secret' });
    expect(lastTo(judge).headers.authorization).toBe('Bearer judge-secret');
  });

  it('temperature: 0 unless the suite sets it; maxTokens is sent', async () => {
    await run(`${model()}judge: { ref: openai-compatible/grader, baseURL: ${judge.url}/v1 }\n`);
    expect(bodyOf(lastTo(judge)).temperature).toBe(0);
    await run(`${model()}judge: { ref: openai-compatible/grader, baseURL: ${judge.url}/v1, temperature: 0.3, maxTokens: 64 }\n`);
    expect(bodyOf(lastTo(judge))).toMatchObject({ temperature: 0.3, max_tokens: 64 });
  });

  it('timeoutMs: a judge that does not answer is a judge error, not a fail', async () => {
    const hang = await startFakeUpstream();
    hang.on('POST /v1/chat/completions', reply.hang());
    try {
      const report = await run(`${model()}judge: { ref: openai-compatible/grader, baseURL: ${hang.url}/v1, timeoutMs: 100 }\n`);
      expect(report.summary.models[0]).toMatchObject({ errors: 2, passes: 0, passRate: null });
      expect(report.summary.models[0]!.errorCauses[0]).toMatchObject({ kind: 'judge', cause: 'judge: no progress within 100 ms' });
      expect(report.summary.models[0]!.errorCauses[0]!.hint).toContain('openai-compatible/grader');
      // the model's answer was kept: a resume grades it again from the cache
      expect(report.results![0]!.output).toBe('2');
    } finally {
      await hang.close();
    }
  });

  it('price: what the judge costs is part of the run’s spend (not of the model’s cost per case)', async () => {
    const report = await run(`${model()}judge: { ref: openai-compatible/grader, baseURL: ${judge.url}/v1, price: { inputPerMtok: 1, outputPerMtok: 100 } }\n`);
    const judgeCall = (100 * 1 + 10 * 100) / 1e6;
    expect(report.spend!.runUsd).toBeCloseTo(2 * judgeCall, 15);
    expect(report.summary.models[0]!.costUsd).toBeNull();
  });

  it('catalogModel: the judge’s price comes from the catalog', async () => {
    const report = await run(`${model()}judge: { ref: openai/grader-alias, catalogModel: openai/gpt-4o-mini, baseURL: ${judge.url}/v1 }\n`, { OPENAI_API_KEY: 'k' });
    const price = facts('openai/gpt-4o-mini', 'openai')!.price!;
    expect(report.spend!.runUsd).toBeCloseTo((2 * (100 * price.inputPerMtok + 10 * price.outputPerMtok)) / 1e6, 15);
  });

  it('concurrency: the judge’s own limit holds however many answers come at once', async () => {
    const slow = await judgeUpstream(30);
    try {
      await run(`providers:\n  - { ref: openai-compatible/m, baseURL: ${upstream.url}/v1 }\nconcurrency: 6\ncases:\n${doublingCases(6)}\n${rubric}judge: { ref: openai-compatible/grader, baseURL: ${slow.url}/v1, concurrency: 1 }\n`);
      expect(slow.count()).toBe(6);
      expect(slow.maxInFlight).toBe(1);
    } finally {
      await slow.close();
    }
  });

  it('requestsPerMinute and tokensPerMinute: the judge’s next call waits for its rate', async () => {
    const rpm = await heldBackAfterFirst(`${model()}judge: { ref: openai-compatible/grader, baseURL: ${judge.url}/v1, requestsPerMinute: 1 }\n`, judge);
    expect(rpm.during).toBe(1);
    const tpm = await heldBackAfterFirst(`${model()}judge: { ref: openai-compatible/grader, baseURL: ${judge.url}/v1, tokensPerMinute: 50 }\n`, judge);
    expect(tpm.during).toBe(1);
  });
});

function writeTemp(body: string): string {
  const file = path.join(dir, `plan-only-${++counter}.yaml`);
  writeFileSync(file, `name: plan-only\nprompt: "What is {{n}} + {{n}}?"\n${body}`);
  return file;
}
