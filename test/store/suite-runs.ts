import { describe, expect, it } from 'vitest';
import { workKey, type ResultStore } from '../../src/eval/runner/ports.js';
import { NotFoundError, ValidationError } from '../../src/errors.js';
import type { CaseResult } from '../../src/eval/records/case-result.js';
import { resultKey } from '../../src/store/index.js';
import { SERVER_ERROR, caseResult, emptyRunSummary } from '../helpers/eval-records.js';
import type { SuiteContext } from './store-suite.js';

const result = caseResult;

export function defineRunTests(context: SuiteContext): void {
  describe('eval runs', () => {
    it('creates a run and reads it back with its config intact', async () => {
      const { store } = await context.fresh();
      const config = { providers: ['openai/gpt-4o', 'ollama/qwen2.5:7b'], repeats: 2, nested: { δ: 0.05 } };
      await store.createRun({ id: 'run-1', suiteName: 'support', suiteHash: 'abc', config });
      const run = await store.getRun('run-1');
      expect(run).toMatchObject({ id: 'run-1', suiteName: 'support', suiteHash: 'abc', config, status: 'running' });
      expect(run?.finishedAt).toBeNull();
      expect(await store.getRun('nope')).toBeUndefined();
    });

    it('lists runs newest first, by suite, with a limit', async () => {
      const { store } = await context.fresh();
      await store.createRun({ id: 'a', suiteName: 'x', suiteHash: 'h', config: {}, createdAt: '2025-01-01T00:00:00Z' });
      await store.createRun({ id: 'b', suiteName: 'y', suiteHash: 'h', config: {}, createdAt: '2025-01-03T00:00:00Z' });
      await store.createRun({ id: 'c', suiteName: 'x', suiteHash: 'h', config: {}, createdAt: '2025-01-02T00:00:00Z' });
      expect((await store.listRuns()).map((run) => run.id)).toEqual(['b', 'c', 'a']);
      expect((await store.listRuns({ suiteName: 'x' })).map((run) => run.id)).toEqual(['c', 'a']);
      expect((await store.listRuns({ limit: 1 })).map((run) => run.id)).toEqual(['b']);
    });

    it('refuses a duplicate run id without touching the first', async () => {
      const { store } = await context.fresh();
      await store.createRun({ id: 'dup', suiteName: 'first', suiteHash: 'h', config: { n: 1 } });
      await expect(store.createRun({ id: 'dup', suiteName: 'second', suiteHash: 'h', config: {} })).rejects.toThrow(
        ValidationError,
      );
      expect((await store.getRun('dup'))?.suiteName).toBe('first');
    });

    it('finishes a run with a status and a summary', async () => {
      const { store } = await context.fresh();
      await store.createRun({ id: 'r', suiteName: 's', suiteHash: 'h', config: {} });
      const summary = emptyRunSummary();
      const finished = await store.finishRun('r', 'completed', summary);
      expect(finished.status).toBe('completed');
      expect(finished.summary).toEqual(summary);
      expect(finished.finishedAt).not.toBeNull();
      await expect(store.finishRun('missing', 'failed', null)).rejects.toThrow(NotFoundError);
      // the summary is the eval's shape: anything else is refused, and the run stays as it was
      await store.createRun({ id: 'r2', suiteName: 's', suiteHash: 'h', config: {} });
      await expect(store.finishRun('r2', 'completed', { passRate: 0.75 } as never)).rejects.toThrow(ValidationError);
      expect((await store.getRun('r2'))?.status).toBe('running');
    });
  });

  describe('eval results', () => {
    it('round-trips every field', async () => {
      const { store } = await context.fresh();
      await store.createRun({ id: 'r', suiteName: 's', suiteHash: 'h', config: {} });
      const input = result({
        runId: 'r',
        caseId: 'case-1',
        output: 'naïve – “quoted” 🚀',
        toolCalls: [{ id: 'call_1', function: { name: 'lookup', arguments: '{"q":1}' } }],
        graderDetails: { expected: 42, got: 42, steps: [1, 2] },
        cached: true,
      });
      await store.recordResult(input);
      const [stored] = await store.listResults('r');
      expect(stored).toMatchObject({ ...input, cached: true });
      expect(typeof stored?.recordedAt).toBe('string');
      // the second write of the same shape reuses the statement with new parameters: every field still lands
      const second = result({
        runId: 'r',
        caseId: 'case-2',
        modelRef: 'ollama/qwen2.5:7b',
        repeat: 3,
        output: '',
        toolCalls: [],
        pass: false,
        score: 0.25,
        reason: 'partly',
        graderDetails: [1, 'two'],
        inputTokens: 7,
        outputTokens: 0,
        costUsd: null,
        spentUsd: 0,
        // not measured (a replayed answer): it stays unknown, never reads back as 0 ms
        latencyMs: null,
        cached: false,
        error: { kind: 'server', cause: 'HTTP 500', message: 'vllm: HTTP 500: boom' },
      });
      await store.recordResult(second);
      expect((await store.listResults('r'))[1]).toMatchObject(second);
    });

    it('keeps token counts a provider did not report unknown: null reads back as null (never 0), a reported 0 as 0', async () => {
      const { store } = await context.fresh();
      await store.createRun({ id: 'usage', suiteName: 's', suiteHash: 'h', config: {} });
      const ref = 'ollama/qwen2.5:7b';
      // no usage at all (charged an estimate), only the prompt's tokens, and a real count of 0 output tokens
      const none = result({ runId: 'usage', caseId: 'a-none', modelRef: ref, inputTokens: null, outputTokens: null, costUsd: null, spentUsd: 0.0101 });
      const promptOnly = result({ runId: 'usage', caseId: 'b-prompt-only', modelRef: ref, inputTokens: 20, outputTokens: null, costUsd: null, spentUsd: 0.002 });
      const empty = result({ runId: 'usage', caseId: 'c-empty', modelRef: ref, output: '', inputTokens: 9, outputTokens: 0, costUsd: 0.00009, spentUsd: 0.00009 });
      const counted = result({ runId: 'usage', caseId: 'd-counted', modelRef: ref, inputTokens: 11, outputTokens: 30, costUsd: 0.00041, spentUsd: 0.00041 });
      await store.recordResults([none, promptOnly, empty, counted]);
      const tokens = (rows: ReadonlyArray<Pick<CaseResult, 'caseId' | 'inputTokens' | 'outputTokens' | 'costUsd'>>) =>
        rows.map((row) => [row.caseId, row.inputTokens, row.outputTokens, row.costUsd]);
      const expected = [
        ['a-none', null, null, null],
        ['b-prompt-only', 20, null, null],
        ['c-empty', 9, 0, 0.00009],
        ['d-counted', 11, 30, 0.00041],
      ];
      const stored = await store.listResults('usage');
      expect(tokens(stored)).toEqual(expected);
      expect(stored[0]).toMatchObject(none);
      const figures: CaseResult[] = [];
      for await (const figure of store.readResultFigures('usage')) figures.push(figure as CaseResult);
      expect(tokens(figures)).toEqual(expected);
      // what --estimate expects of the next run: the mean over the calls that reported output tokens (0 and 30)
      expect((await store.modelCallStats([ref])).get(ref)).toMatchObject({ calls: 4, meanOutputTokens: 15 });
      // the spend charged for the calls without usage is kept whole
      expect(await store.runSpend('usage')).toBeCloseTo(0.0101 + 0.002 + 0.00009 + 0.00041, 10);
    });

    it('upserts: recording the same case, model and repeat twice keeps one row, the latest', async () => {
      const { store } = await context.fresh();
      await store.createRun({ id: 'r', suiteName: 's', suiteHash: 'h', config: {} });
      await store.recordResult(result({ runId: 'r', caseId: 'c1', pass: false, error: { kind: 'timeout', cause: 'no progress within 100 ms', message: 'timeout' }, output: '', spentUsd: 0.25 }));
      await store.recordResult(result({ runId: 'r', caseId: 'c1', pass: true, output: 'second', spentUsd: 0.5 }));
      await store.recordResult(result({ runId: 'r', caseId: 'c1', repeat: 1, spentUsd: 1 }));
      const rows = await store.listResults('r');
      expect(rows).toHaveLength(2);
      // the latest row wins, but what the earlier call spent stays spent: the run's spend is the sum of all its calls
      expect(rows[0]).toMatchObject({ caseId: 'c1', repeat: 0, pass: true, output: 'second', error: null, spentUsd: 0.75 });
      expect(await store.runSpend('r')).toBeCloseTo(1.75, 12);
      expect(await store.runSpend('missing')).toBe(0);
    });

    it('records a large batch (several insert chunks, with repeats) in order', async () => {
      const { store } = await context.fresh();
      await store.createRun({ id: 'big', suiteName: 's', suiteHash: 'h', config: {} });
      const batch: CaseResult[] = [];
      for (let i = 0; i < 1200; i += 1) batch.push(result({ runId: 'big', caseId: `case-${String(i).padStart(4, '0')}` }));
      batch.push(result({ runId: 'big', caseId: 'case-0007', score: 0.5 }));
      await store.recordResults(batch);
      const rows = await store.listResults('big');
      expect(rows).toHaveLength(1200);
      expect(rows.map((row) => row.caseId)).toEqual([...rows.map((row) => row.caseId)].sort());
      expect(rows.find((row) => row.caseId === 'case-0007')?.score).toBe(0.5);
    });

    it('reads the figures of every result page by page, in listResults order, without the texts', async () => {
      const { store } = await context.fresh();
      await store.createRun({ id: 'paged', suiteName: 's', suiteHash: 'h', config: {} });
      await store.createRun({ id: 'other', suiteName: 's', suiteHash: 'h', config: {} });
      const batch: CaseResult[] = [];
      // several models and repeats per case, so page boundaries fall inside a case as well as between cases
      for (let i = 0; i < 23; i += 1) {
        for (const modelRef of ['b/model', 'a/model']) {
          for (let repeat = 0; repeat < 2; repeat += 1) {
            const failed = i % 5 === 0 && repeat === 1;
            batch.push(
              result({
                runId: 'paged',
                caseId: `c${i}`,
                modelRef,
                repeat,
                pass: !failed && i % 3 !== 0,
                score: failed ? 0 : (i % 4) / 4,
                costUsd: modelRef === 'a/model' || failed ? null : i / 1000,
                spentUsd: modelRef === 'a/model' || failed || i === 7 ? 0 : i / 1000,
                latencyMs: i % 4 === 1 ? null : 100 + i,
                cached: i === 7,
                error: failed ? SERVER_ERROR : null,
                output: failed ? '' : `answer ${i}`,
              }),
            );
          }
        }
      }
      await store.recordResults([...batch, result({ runId: 'other', caseId: 'c1' })]);
      const figures = [];
      for await (const row of store.readResultFigures('paged', { pageSize: 7 })) figures.push(row);
      const full = await store.listResults('paged');
      expect(figures).toHaveLength(batch.length);
      expect(figures).toEqual(
        full.map((row) => ({
          caseId: row.caseId,
          modelRef: row.modelRef,
          repeat: row.repeat,
          pass: row.pass,
          score: row.score,
          inputTokens: row.inputTokens,
          outputTokens: row.outputTokens,
          costUsd: row.costUsd,
          spentUsd: row.spentUsd,
          latencyMs: row.latencyMs,
          cached: row.cached,
          error: row.error,
        })),
      );
      expect(figures.filter((row) => row.error !== null)).toHaveLength(10);
      expect(figures.filter((row) => row.latencyMs === null)).toHaveLength(6 * 2 * 2); // cases 1, 5, 9, 13, 17, 21
      expect(figures.find((row) => row.error !== null)?.error).toEqual(SERVER_ERROR); // cases 0, 5, 10, 15, 20 × two models, repeat 1
      const whole = [];
      for await (const row of store.readResultFigures('paged')) whole.push(row);
      expect(whole).toEqual(figures);
      const none = [];
      for await (const row of store.readResultFigures('missing')) none.push(row);
      expect(none).toEqual([]);
    });

    it('refuses results for a run that does not exist', async () => {
      const { store } = await context.fresh();
      await expect(store.recordResult(result({ runId: 'ghost', caseId: 'c' }))).rejects.toThrow(NotFoundError);
    });

    it('refuses invalid results and writes none of the batch', async () => {
      const { store } = await context.fresh();
      await store.createRun({ id: 'r', suiteName: 's', suiteHash: 'h', config: {} });
      const good = result({ runId: 'r', caseId: 'good' });
      await expect(store.recordResults([good, result({ runId: 'r', caseId: 'bad', inputTokens: -1 })])).rejects.toThrow(
        ValidationError,
      );
      await expect(store.recordResult(result({ runId: 'r', caseId: 'nan', score: Number.NaN }))).rejects.toThrow(
        ValidationError,
      );
      expect(await store.listResults('r')).toEqual([]);
    });

    it('reports completed work for --resume, in the runner’s key format, leaving errors to retry', async () => {
      const { store } = await context.fresh();
      await store.createRun({ id: 'r', suiteName: 's', suiteHash: 'h', config: {} });
      await store.createRun({ id: 'other', suiteName: 's', suiteHash: 'h', config: {} });
      await store.recordResults([
        result({ runId: 'r', caseId: 'c1' }),
        result({ runId: 'r', caseId: 'c1', modelRef: 'ollama/qwen2.5:7b', repeat: 2 }),
        result({ runId: 'r', caseId: 'c2', pass: false, error: SERVER_ERROR }),
        result({ runId: 'other', caseId: 'c9' }),
      ]);
      // The store is, as it stands, the eval runner's ResultStore (checked by the type checker).
      const runnerView: ResultStore = store;
      const done = await runnerView.completedKeys('r');
      expect(done).toEqual(new Set([workKey('c1', 'openai/gpt-4o', 0), workKey('c1', 'ollama/qwen2.5:7b', 2)]));
      expect(resultKey('c1', 'openai/gpt-4o', 0)).toBe(workKey('c1', 'openai/gpt-4o', 0));
      const withErrors = await store.completedKeys('r', { includeErrors: true });
      expect(withErrors.size).toBe(3);
      expect(withErrors.has(workKey('c2', 'openai/gpt-4o', 0))).toBe(true);
    });
  });

  describe('eval case messages', () => {
    it('keeps each case’s messages (the first recorded wins), per run, in chunks', async () => {
      const { store } = await context.fresh();
      await store.createRun({ id: 'r', suiteName: 's', suiteHash: 'h', config: {} });
      await store.createRun({ id: 'other', suiteName: 's', suiteHash: 'h', config: {} });
      const messages = (n: number) => [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: `question ${n} — “quoted”, ünïcode` },
      ];
      const many = Array.from({ length: 650 }, (_, n) => ({ caseId: `c${String(n).padStart(3, '0')}`, messages: messages(n) }));
      await store.recordCaseMessages('r', many);
      await store.recordCaseMessages('r', [{ caseId: 'c001', messages: [{ role: 'user', content: 'changed' }] }]);
      await store.recordCaseMessages('other', [{ caseId: 'c001', messages: messages(-1) }]);
      await store.recordCaseMessages('r', []);
      const read = await store.readCaseMessages('r');
      expect(read.size).toBe(650);
      expect(read.get('c001')).toEqual(messages(1));
      expect(read.get('c649')).toEqual(messages(649));
      expect((await store.readCaseMessages('other')).get('c001')).toEqual(messages(-1));
      expect((await store.readCaseMessages('missing')).size).toBe(0);
      const some = await store.readCaseMessages('r', ['c001', 'c649', 'not-a-case']);
      expect([...some.keys()]).toEqual(['c001', 'c649']);
      expect(some.get('c649')).toEqual(messages(649));
      expect((await store.readCaseMessages('r', [])).size).toBe(0);
    });

    it('refuses messages for a run that does not exist', async () => {
      const { store } = await context.fresh();
      await expect(store.recordCaseMessages('ghost', [{ caseId: 'c', messages: [] }])).rejects.toThrow(NotFoundError);
    });
  });
}
