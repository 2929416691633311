import { describe, expect, it } from 'vitest';
import { workKey, type ResultStore } from './ports.js';
import { MAX_BATCH, ResultWriter } from './result-writer.js';
import { runEval } from './run-eval.js';
import type { CaseResult } from '../records/case-result.js';

function result(caseId: string): CaseResult {
  return {
    runId: 'r', caseId, modelRef: 'm/one', repeat: 0, output: caseId, toolCalls: [], pass: true, score: 1, reason: '', graderDetails: null,
    inputTokens: 0, outputTokens: 0, costUsd: null, spentUsd: 0, latencyMs: 0, cached: false, error: null,
  };
}

class BatchStore implements ResultStore {
  stored = new Map<string, CaseResult>();
  batches: number[] = [];
  singles = 0;
  failNext = false;
  async completedKeys() {
    return new Set<string>();
  }
  async recordResult(value: CaseResult) {
    this.singles++;
    this.stored.set(workKey(value.caseId, value.modelRef, value.repeat), value);
  }
  async recordResults(values: readonly CaseResult[]) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('disk full');
    }
    this.batches.push(values.length);
    for (const value of values) this.stored.set(workKey(value.caseId, value.modelRef, value.repeat), value);
  }
  async cacheGet() {
    return undefined;
  }
  async cacheSet() {}
}

describe('ResultWriter', () => {
  it('writes the results of one turn of the event loop in one batch, and resolves each write once stored', async () => {
    const store = new BatchStore();
    const writer = new ResultWriter(store);
    const writes = ['a', 'b', 'c'].map((id) => writer.write(result(id)));
    expect(store.stored.size).toBe(0);
    await Promise.all(writes);
    expect(store.batches).toEqual([3]);
    expect([...store.stored.keys()].sort()).toEqual(['a', 'b', 'c'].map((id) => workKey(id, 'm/one', 0)));
    await writer.write(result('d'));
    expect(store.batches).toEqual([3, 1]);
  });

  it(`splits a turn's results into batches of at most ${MAX_BATCH}`, async () => {
    const store = new BatchStore();
    const writer = new ResultWriter(store);
    await Promise.all(Array.from({ length: MAX_BATCH * 2 + 1 }, (_, index) => writer.write(result(String(index)))));
    expect(store.batches).toEqual([MAX_BATCH, MAX_BATCH, 1]);
    expect(store.stored.size).toBe(MAX_BATCH * 2 + 1);
  });

  it('rejects every write of a failed batch, and later batches still go through', async () => {
    const store = new BatchStore();
    store.failNext = true;
    const writer = new ResultWriter(store);
    const outcomes = await Promise.allSettled([writer.write(result('a')), writer.write(result('b'))]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(store.stored.size).toBe(0);
    await writer.write(result('c'));
    expect([...store.stored.keys()]).toEqual([workKey('c', 'm/one', 0)]);
  });

  it('uses recordResult, one at a time, with a store that has no recordResults', async () => {
    const recorded: string[] = [];
    const store: ResultStore = {
      completedKeys: async () => new Set(),
      recordResult: async (value) => void recorded.push(value.caseId),
      cacheGet: async () => undefined,
      cacheSet: async () => {},
    };
    const writer = new ResultWriter(store);
    await Promise.all([writer.write(result('a')), writer.write(result('b'))]);
    expect(recorded).toEqual(['a', 'b']);
  });

  it('lets the runner count a result as done only once its batch is stored', async () => {
    const store = new BatchStore();
    const cases = Array.from({ length: 40 }, (_, index) => ({ id: `c${index}`, vars: { word: `w${index}` }, expected: `w${index}` }));
    const unstoredAtEvent: string[] = [];
    const outcome = await runEval({
      runId: 'r',
      prompt: '{{word}}',
      cases,
      targets: [
        {
          ref: 'm/one', label: 'one', openWeights: null, price: null, settings: {},
          generate: async (messages) => ({ text: messages.at(-1)!.content, toolCalls: [], inputTokens: 1, outputTokens: 1, latencyMs: 1 }),
        },
      ],
      graderFor: () => ({ grade: async ({ response, expected }) => ({ pass: response.text === expected, score: 1, reason: '', details: null, spentUsd: 0 }) }),
      store,
      concurrency: 8,
      useCache: false,
      onEvent: (event) => {
        if (event.type === 'result' && !store.stored.has(workKey(event.result.caseId, event.result.modelRef, event.result.repeat))) unstoredAtEvent.push(event.result.caseId);
      },
    });
    expect(outcome).toMatchObject({ status: 'completed', done: 40, failures: 0 });
    expect(unstoredAtEvent).toEqual([]);
    expect(store.stored.size).toBe(40);
    expect(store.singles).toBe(0);
    expect(store.batches.reduce((sum, size) => sum + size, 0)).toBe(40);
    expect(Math.max(...store.batches)).toBeGreaterThan(1);
  });
});
