import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../errors.js';
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
      if (content === options.failOn) throw new ProviderError(ref, 'upstream returned 500', { status: 500 });
      return { text: content.toUpperCase(), toolCalls: [], inputTokens: 1000, outputTokens: 1000, latencyMs: 1 };
    },
  };
}

const upperGrader: CaseGrader = {
  async grade({ response, expected }) {
    const pass = response.text === expected;
    return { pass, score: pass ? 1 : 0, reason: pass ? 'equal' : 'different', details: null };
  },
};

const cases: EvalCase[] = ['a', 'b', 'c', 'd'].map((word) => ({ id: word, vars: { word }, expected: word.toUpperCase() }));

describe('runEval', () => {
  it('runs every case on every model, records each once and grades it', async () => {
    const store = new MemoryStore();
    const calls: string[] = [];
    const outcome = await runEval({
      runId: 'r1', prompt: '{{word}}', cases, targets: [echoTarget('m/one', calls), echoTarget('m/two', calls, { failOn: 'c' })],
      graderFor: () => upperGrader, store, concurrency: 3,
    });
    expect(outcome).toMatchObject({ status: 'completed', done: 8, total: 8, failures: 1 });
    expect(store.results.size).toBe(8);
    const failed = store.results.get(workKey('c', 'm/two', 0))!;
    expect(failed.pass).toBe(false);
    expect(failed.error).toContain('500');
    expect(calls.sort()).toEqual(['m/one:a', 'm/one:b', 'm/one:c', 'm/one:d', 'm/two:a', 'm/two:b', 'm/two:c', 'm/two:d']);
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

  it('serves a repeated request from the cache and marks it cached', async () => {
    const store = new MemoryStore();
    const calls: string[] = [];
    await runEval({ runId: 'first', prompt: '{{word}}', cases, targets: [echoTarget('m/one', calls)], graderFor: () => upperGrader, store });
    await runEval({ runId: 'second', prompt: '{{word}}', cases, targets: [echoTarget('m/one', calls)], graderFor: () => upperGrader, store });
    expect(calls).toHaveLength(4);
    const second = [...store.results.values()].filter((result) => result.runId === 'second');
    expect(second.every((result) => result.cached && result.pass)).toBe(true);
  });

  it('stops scheduling at --max-cost', async () => {
    const store = new MemoryStore();
    const calls: string[] = [];
    // each call: 2000 tokens at $1/Mtok = $0.002; a $0.005 budget is reached on the third result
    const outcome = await runEval({
      runId: 'r3', prompt: '{{word}}', cases, targets: [echoTarget('m/one', calls, { price: 1 })],
      graderFor: () => upperGrader, store, concurrency: 1, maxCostUsd: 0.005, useCache: false,
    });
    expect(outcome.status).toBe('stopped-budget');
    expect(outcome.done).toBe(3);
    expect(outcome.costUsd).toBeCloseTo(0.006, 10);
  });
});
