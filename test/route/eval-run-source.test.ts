/**
 * Routing data straight from a `parity eval` run: the advise fixture's replay eval (recorded arena-bench-v1
 * answers, graded by their recorded judge scores) in a temporary SQLite store, read back as a quality table and
 * checked against the judgement file the scores came from; then `parity route eval|train|models --run`.
 */
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, NotFoundError } from '../../src/errors.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { catalogFacts } from '../../src/eval/catalog-facts.js';
import { BENCHMARKS } from '../../src/eval/benchmarks/index.js';
import { executePlan, planBenchmark, planSuite } from '../../src/eval/evaluate.js';
import { loadSuite } from '../../src/eval/suite/load.js';
import { buildPairDataset } from '../../src/route/data/pair-dataset.js';
import { readEvalRun } from '../../src/route/data/read-eval-run.js';
import { readJudgements } from '../../src/route/data/read-judgements.js';
import { loadPolicy } from '../../src/route/policy.js';
import { openStore, type SqlStore, type Store } from '../../src/store/index.js';
import { ADVISE_FILES, ADVISE_MODELS, prepareAdviseSuite } from '../fixtures/advise/prepare.js';
import { captureOutput } from '../helpers/capture-output.js';
import { REPO_ROOT } from './helpers.js';

const io = captureOutput();

/** Deletes a run's kept case messages: what a run made before the store kept them looks like. */
async function forgetCaseMessages(target: Store, runId: string): Promise<void> {
  await (target as SqlStore).backend.db.deleteFrom('eval_cases').where('run_id', '=', runId).execute();
  expect((await target.readCaseMessages(runId)).size).toBe(0);
}
const dir = mkdtempSync(path.join(tmpdir(), 'parity-route-run-'));
const db = path.join(dir, 'parity.db');
let store: Store;
let runId: string;
let suiteFile: string;

beforeAll(async () => {
  suiteFile = prepareAdviseSuite(dir);
  store = await openStore({ url: db });
  const report = await executePlan(planSuite(loadSuite(suiteFile), { facts: catalogFacts(loadCatalog()) }), { store });
  runId = report.runId;
});

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('readEvalRun', () => {
  it('gives each case the prompt it asked and each model its graded quality, as the judgement file has them', async () => {
    const { table, refsByLabel } = await readEvalRun(store, runId);
    const judged = readJudgements({ format: 'single-score', judgements: ADVISE_FILES.judgements, prompts: ADVISE_FILES.questions });
    const run = buildPairDataset(table, { weak: ADVISE_MODELS.open.file, strong: ADVISE_MODELS.frontier.file });
    const file = buildPairDataset(judged, { weak: ADVISE_MODELS.open.judged, strong: ADVISE_MODELS.frontier.judged });
    expect(run.rows.length).toBe(file.rows.length);
    const byId = new Map(file.rows.map((row) => [row.promptId, row]));
    for (const row of run.rows) {
      const expected = byId.get(row.promptId);
      expect(expected, row.promptId).toBeDefined();
      expect(row.text).toBe(expected?.text);
      expect(row.qWeak).toBeCloseTo(expected!.qWeak, 12);
      expect(row.qStrong).toBeCloseTo(expected!.qStrong, 12);
      expect(row.weak.inputTokens).toBeGreaterThan(0); // the replay recordings carry token counts
    }
    expect(table.missing).toBe(0);
    expect(refsByLabel.get(ADVISE_MODELS.open.file)).toBe(`replay/${ADVISE_MODELS.open.file}`);
  });

  it('names an unknown run and the store it looked in', async () => {
    await expect(readEvalRun(store, 'no-such-run')).rejects.toBeInstanceOf(NotFoundError);
    await expect(readEvalRun(store, 'no-such-run')).rejects.toThrow(/no eval run "no-such-run" in .*parity\.db/);
  });

  /** The advise suite run once in its own folder and store, for a test that changes the suite's files. */
  async function withOwnRun(test: (scratch: string, other: Store, runId: string) => Promise<void>): Promise<void> {
    const scratch = mkdtempSync(path.join(tmpdir(), 'parity-route-run-own-'));
    const other = await openStore({ url: path.join(scratch, 'parity.db') });
    try {
      const report = await executePlan(planSuite(loadSuite(prepareAdviseSuite(scratch)), { facts: catalogFacts(loadCatalog()) }), { store: other });
      await test(scratch, other, report.runId);
    } finally {
      await other.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  it('reads the prompts the run kept, whatever happened to the suite’s files since', () =>
    withOwnRun(async (scratch, other, runId) => {
      const before = (await readEvalRun(other, runId)).table.prompts;
      rmSync(path.join(scratch, 'cases.jsonl'));
      expect((await readEvalRun(other, runId)).table.prompts).toEqual(before);
    }));

  it('for a run made before the store kept prompts, rebuilds them from the suite and refuses a cases file that changed', () =>
    withOwnRun(async (scratch, other, runId) => {
      const kept = (await readEvalRun(other, runId)).table.prompts;
      await forgetCaseMessages(other, runId);
      expect((await readEvalRun(other, runId)).table.prompts).toEqual(kept);
      appendFileSync(path.join(scratch, 'cases.jsonl'), `${JSON.stringify({ id: 'added-later', vars: { prompt: 'new', question_id: 'x' } })}\n`);
      await expect(readEvalRun(other, runId)).rejects.toBeInstanceOf(DataError);
      await expect(readEvalRun(other, runId)).rejects.toThrow(/changed since the run/);
    }));
});

describe('readEvalRun on a benchmark run', () => {
  it('rebuilds the prompts from the benchmark folder the run read, within its --limit', async () => {
    const mgsm = path.join(REPO_ROOT, 'test/fixtures/eval/mgsm');
    const report = await executePlan(await planBenchmark({ benchmark: 'mgsm', data: mgsm, responses: 'gold', limit: 7 }), { store });
    const cases = (await BENCHMARKS.mgsm.load(mgsm)).cases.slice(0, 7);
    const expected = cases.map((testCase) => [testCase.id, testCase.prompt]);
    const { table } = await readEvalRun(store, report.runId);
    expect([...table.prompts].sort()).toEqual(expected.sort());
    expect(table.records.map((record) => record.quality)).toEqual(cases.map(() => 1)); // the benchmark's own answers pass
    await forgetCaseMessages(store, report.runId); // as a run from before the store kept prompts
    expect([...(await readEvalRun(store, report.runId)).table.prompts].sort()).toEqual(expected);
  });

  it('says which benchmark files it could not read (a run from before the store kept prompts)', async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'parity-route-run-moved-'));
    try {
      const file = path.join(scratch, 'mgsm_de.tsv');
      copyFileSync(path.join(REPO_ROOT, 'test/fixtures/eval/mgsm/mgsm_de.tsv'), file);
      const report = await executePlan(await planBenchmark({ benchmark: 'mgsm', data: file, responses: 'gold', limit: 3 }), { store });
      await forgetCaseMessages(store, report.runId);
      rmSync(file);
      await expect(readEvalRun(store, report.runId)).rejects.toThrow(new RegExp(`run ${report.runId}: cannot read its benchmark files .*mgsm_de\\.tsv`));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('parity route … --run', () => {
  const pair = ['--weak', ADVISE_MODELS.open.file, '--strong', `replay/${ADVISE_MODELS.frontier.file}`];

  it('route models lists the run’s models under its suite', async () => {
    expect(await io.run('route', 'models', '--run', runId, '--db', db, '--json'), io.stderr).toBe(0);
    const models = JSON.parse(io.stdout) as Array<{ judge: string; model: string; prompts: number }>;
    expect(models.map((model) => model.model).sort()).toEqual([`replay/${ADVISE_MODELS.frontier.file}`, `replay/${ADVISE_MODELS.open.file}`].sort());
    expect(models.every((model) => model.judge.includes('arena-hard-auto') && model.prompts > 0)).toBe(true);
  });

  it('route eval cross-validates on the run', async () => {
    expect(await io.run('route', 'eval', '--run', runId, '--db', db, ...pair, '--folds', '4', '--json'), io.stderr).toBe(0);
    const report = JSON.parse(io.stdout) as { pair: { prompts: number; judge: string }; router: { apgr: number }; folds: unknown[] };
    expect(report.pair.prompts).toBeGreaterThan(30);
    expect(report.folds).toHaveLength(4);
    expect(report.router.apgr).toBeGreaterThan(0);
  });

  it('route train writes a policy that names the run it learned from, and the gateway’s loader reads it', async () => {
    const out = path.join(dir, 'policy.json');
    expect(await io.run('route', 'train', '--run', runId, '--db', db, ...pair, '--folds', '4', '--target-frontier-share', '0.5', '--out', out), io.stderr).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8')) as { training: { format: string; judgements: { name: string; sha256: string }; prompts: unknown } };
    expect(json.training.format).toBe('parity-results');
    expect(json.training.judgements.name).toContain(runId);
    expect(json.training.judgements.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(json.training.prompts).toBeNull();
    const policy = loadPolicy(out);
    expect(policy.weak).toBe(`replay/${ADVISE_MODELS.open.file}`);
    expect(['weak', 'strong']).toContain(policy.decide('Write a quicksort in Rust').route);
  });

  it('takes one data source, and says which flags belong to which', async () => {
    expect(await io.run('route', 'eval', '--run', runId, '--db', db, '--format', 'single-score', ...pair)).toBe(2);
    expect(io.stderr).toMatch(/--format is for judgement files; --run reads/);
    io.clear();
    expect(await io.run('route', 'eval', '--run', runId, '--judgments', ADVISE_FILES.judgements, ...pair)).toBe(2);
    expect(io.stderr).toMatch(/give one data source, not both/);
    io.clear();
    expect(await io.run('route', 'eval', ...pair)).toBe(2);
    expect(io.stderr).toMatch(/--judgments FILE --format FORMAT .* or --run ID/);
  });
});
