import { describe, expect, it } from 'vitest';
import { ConfigError, ProviderError, TimeoutError } from '../../errors.js';
import { GraderError } from '../graders/grader-error.js';
import type { EvalEvent } from './events.js';
import { runEval } from './run-eval.js';
import { workKey, type CaseGrader, type EvalCase, type EvalTarget, type ResultStore } from './ports.js';
import type { CaseResult } from '../records/case-result.js';

class MemoryStore implements ResultStore {
  results = new Map<string, CaseResult>();
  cache = new Map<string, unknown>();
  async completedKeys(runId: string) {
    return new Set([...this.results.values()].filter((r) => r.runId === runId).map((r) => workKey(r.caseId, r.modelRef, r.repeat)));
  }
  async recordResult(result: CaseResult) {
    this.results.set(workKey(result.caseId, result.modelRef, result.repeat), result);
  }
  async cacheGet(key: string) {
    return this.cache.get(key);
  }
  async cacheSet(key: string, value: unknown) {
    this.cache.set(key, value);
  }
}

function echoTarget(ref: string, calls: string[], options: { failOn?: string; price?: number } = {}): EvalTarget {
  return {
    ref,
    label: ref,
    openWeights: null,
    price: options.price === undefined ? null : { inputPerMtok: options.price, outputPerMtok: options.price, source: 'test' },
    settings: {},
    async generate(messages) {
      const content = messages.at(-1)!.content;
      calls.push(`${ref}:${content}`);
      if (content === options.failOn) throw new ProviderError(ref, 'HTTP 500: upstream returned 500', { status: 500 });
      return { text: content.toUpperCase(), toolCalls: [], inputTokens: 1000, outputTokens: 1000, latencyMs: 1 };
    },
  };
}

const upperGrader: CaseGrader = {
  async grade({ response, expected }) {
    const pass = response.text === expected;
    return { pass, score: pass ? 1 : 0, reason: pass ? 'equal' : 'different', details: null, spentUsd: 0 };
  },
};

const cases: EvalCase[] = ['a', 'b', 'c', 'd'].map((word) => ({ id: word, vars: { word }, expected: word.toUpperCase() }));

describe('runEval', () => {
  it('runs every case on every model, records each once, and records a failed call as an error, not a fail', async () => {
    const store = new MemoryStore();
    const calls: string[] = [];
    const events: EvalEvent[] = [];
    const outcome = await runEval({
      runId: 'r1', prompt: '{{word}}', cases, targets: [echoTarget('m/one', calls), echoTarget('m/two', calls, { failOn: 'c' })],
      graderFor: () => upperGrader, store, concurrency: 3, onEvent: (event) => events.push(event),
    });
    // 1 error in 8 calls is more than the default 5%: the run is incomplete
    expect(outcome).toMatchObject({ status: 'incomplete', done: 8, total: 8, failures: 0, errors: 1, maxErrorShare: 0.05 });
    expect(store.results.size).toBe(8);
    const failed = store.results.get(workKey('c', 'm/two', 0))!;
    expect(failed.error).toEqual({ kind: 'server', cause: 'HTTP 500', message: 'm/two: HTTP 500: upstream returned 500' });
    expect(calls.sort()).toEqual(['m/one:a', 'm/one:b', 'm/one:c', 'm/one:d', 'm/two:a', 'm/two:b', 'm/two:c', 'm/two:d']);
    expect(events.at(-1)).toMatchObject({ type: 'finish', status: 'incomplete', errors: 1 });
  });

  it('is completed when the errors stay within the allowed share', async () => {
    const outcome = await runEval({
      runId: 'r1b', prompt: '{{word}}', cases, targets: [echoTarget('m/one', []), echoTarget('m/two', [], { failOn: 'c' })],
      graderFor: () => upperGrader, store: new MemoryStore(), maxErrorShare: 0.2,
    });
    expect(outcome).toMatchObject({ status: 'completed', errors: 1 });
  });

  it('never says completed when every call errored, whatever share is allowed', async () => {
    const down: EvalTarget = { ...echoTarget('m/down', []), generate: async () => Promise.reject(new ProviderError('ollama', 'request failed: connect ECONNREFUSED 127.0.0.1:11434 (ECONNREFUSED)')) };
    const outcome = await runEval({ runId: 'r1c', prompt: '{{word}}', cases, targets: [down], graderFor: () => upperGrader, store: new MemoryStore(), maxErrorShare: 1 });
    expect(outcome).toMatchObject({ status: 'incomplete', errors: 4, failures: 0 });
  });

  it('on resume calls nothing that already finished', async () => {
    const store = new MemoryStore();
    await store.recordResult({ runId: 'r2', caseId: 'a', modelRef: 'm/one', repeat: 0 } as CaseResult);
    await store.recordResult({ runId: 'r2', caseId: 'b', modelRef: 'm/one', repeat: 0 } as CaseResult);
    const calls: string[] = [];
    const outcome = await runEval({ runId: 'r2', prompt: '{{word}}', cases, targets: [echoTarget('m/one', calls)], graderFor: () => upperGrader, store, resume: true, useCache: false });
    expect(outcome.skipped).toBe(2);
    expect(outcome.done).toBe(4);
    expect(calls.sort()).toEqual(['m/one:c', 'm/one:d']);
  });

  it('serves a repeated request from the cache, marks it cached and spends nothing on it', async () => {
    const store = new MemoryStore();
    const calls: string[] = [];
    const first = await runEval({ runId: 'first', prompt: '{{word}}', cases, targets: [echoTarget('m/one', calls, { price: 1 })], graderFor: () => upperGrader, store });
    const second = await runEval({ runId: 'second', prompt: '{{word}}', cases, targets: [echoTarget('m/one', calls, { price: 1 })], graderFor: () => upperGrader, store });
    expect(calls).toHaveLength(4);
    const results = [...store.results.values()].filter((result) => result.runId === 'second');
    expect(results.every((result) => result.cached && result.pass && result.spentUsd === 0 && result.costUsd === 0.002)).toBe(true);
    expect(first.spentUsd).toBeCloseTo(0.008, 12);
    expect(second.spentUsd).toBe(0);
  });

  it('starts no call that would take the run past --max-cost', async () => {
    const store = new MemoryStore();
    const calls: string[] = [];
    // each call: 2000 tokens at $1/Mtok = $0.002; a third would take the run to $0.006, past $0.005
    const outcome = await runEval({
      runId: 'r3', prompt: '{{word}}', cases, targets: [echoTarget('m/one', calls, { price: 1 })],
      graderFor: () => upperGrader, store, concurrency: 1, maxCostUsd: 0.005, useCache: false,
    });
    expect(outcome.status).toBe('stopped-budget');
    expect(outcome.done).toBe(2);
    expect(outcome.spentUsd).toBeCloseTo(0.004, 10);
  });

  it('counts what earlier invocations spent against the cap', async () => {
    const calls: string[] = [];
    const events: EvalEvent[] = [];
    const outcome = await runEval({
      runId: 'r4', prompt: '{{word}}', cases, targets: [echoTarget('m/one', calls, { price: 1 })], graderFor: () => upperGrader, store: new MemoryStore(),
      maxCostUsd: 0.005, priorSpentUsd: 0.005, useCache: false, onEvent: (event) => events.push(event),
    });
    expect(calls).toEqual([]);
    expect(outcome).toMatchObject({ status: 'stopped-budget', spentUsd: 0 });
    expect(events.find((event) => event.type === 'budget-stop')).toMatchObject({ spentUsd: 0.005, maxCostUsd: 0.005 });
  });

  it('records a judge that fails as a judge error, keeping the answer and what the call spent', async () => {
    const store = new MemoryStore();
    const judgeDown: CaseGrader = {
      async grade() {
        throw new TimeoutError('judge: no progress within 50 ms (http://127.0.0.1:9/v1/chat/completions)');
      },
    };
    const outcome = await runEval({ runId: 'r5', prompt: '{{word}}', cases: cases.slice(0, 1), targets: [echoTarget('m/one', [], { price: 1 })], graderFor: () => judgeDown, store, useCache: false });
    const result = store.results.get(workKey('a', 'm/one', 0))!;
    expect(result.error).toMatchObject({ kind: 'judge', cause: 'judge: no progress within 50 ms' });
    expect(result.output).toBe('A');
    expect(result.spentUsd).toBeCloseTo(0.002, 12);
    expect(outcome).toMatchObject({ status: 'incomplete', errors: 1 });
  });

  it('records a grader that cannot grade an answer as a grader error of that case (with the case id), and goes on', async () => {
    const store = new MemoryStore();
    const fragile: CaseGrader = {
      async grade({ caseId }) {
        if (caseId === 'a') throw new GraderError('custom check.mjs', 'threw TypeError: no answer field');
        return { pass: true, score: 1, reason: 'ok', details: null, spentUsd: 0 };
      },
    };
    const outcome = await runEval({ runId: 'r7', prompt: '{{word}}', cases, targets: [echoTarget('m/one', [])], graderFor: () => fragile, store, useCache: false });
    expect(store.results.get(workKey('a', 'm/one', 0))).toMatchObject({
      output: 'A',
      pass: false,
      reason: 'the grader failed',
      error: { kind: 'grader', cause: 'grader custom check.mjs failed', message: 'case a: grader custom check.mjs: threw TypeError: no answer field' },
    });
    // 1 of 4 calls (25%) errored: more than the 5% allowed
    expect(outcome).toMatchObject({ status: 'incomplete', done: 4, errors: 1, failures: 0 });
  });

  it('stops the run on a broken suite (a ConfigError the same for every case)', async () => {
    const misconfigured: CaseGrader = {
      async grade() {
        throw new ConfigError('grader equals', 'no `value` and the case has no expected value');
      },
    };
    await expect(runEval({ runId: 'r8', prompt: '{{word}}', cases, targets: [echoTarget('m/one', [])], graderFor: () => misconfigured, store: new MemoryStore() })).rejects.toThrow(ConfigError);
  });

  it('stops the run on a grader bug (not a failed measurement)', async () => {
    const broken: CaseGrader = {
      async grade() {
        throw new TypeError('cannot read properties of undefined');
      },
    };
    await expect(runEval({ runId: 'r6', prompt: '{{word}}', cases, targets: [echoTarget('m/one', [])], graderFor: () => broken, store: new MemoryStore() })).rejects.toThrow(TypeError);
  });
});
