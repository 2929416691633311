/**
 * `parity route eval --cascade`: an eval run written by hand into a SQLite store, replayed as a cascade through
 * the real CLI, reproduces the pass rate and cost computed by hand; on the AlpacaEval fixture (stored judge
 * scores as the verdict) the router and the router-gated cascade join the comparison.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { captureOutput } from '../helpers/capture-output.js';
import { caseResult } from '../helpers/eval-records.js';
import { ALPACA } from './helpers.js';

const io = captureOutput();
const dir = mkdtempSync(path.join(tmpdir(), 'parity-cascade-'));
const db = path.join(dir, 'parity.db');
let store: Store;

// weak passes cases 1 and 3 and one of two repeats of case 4 (a third repeat ended in an error: left out);
// strong passes 1, 2 and 4. Weak costs 0.001 USD a call, strong 0.01.
const RESULTS: Array<[caseId: string, model: string, repeat: number, pass: boolean, error?: string]> = [
  ['c1', 'local/weak', 0, true],
  ['c2', 'local/weak', 0, false],
  ['c3', 'local/weak', 0, true],
  ['c4', 'local/weak', 0, false],
  ['c4', 'local/weak', 1, true],
  ['c4', 'local/weak', 2, false, 'upstream timed out'],
  ['c1', 'api/strong', 0, true],
  ['c2', 'api/strong', 0, true],
  ['c3', 'api/strong', 0, false],
  ['c4', 'api/strong', 0, true],
];

beforeAll(async () => {
  store = await openStore({ url: db });
  await store.createRun({ id: 'hand', suiteName: 'hand-made', suiteHash: 'none', config: { kind: 'benchmark', benchmark: 'gsm8k', files: ['gsm8k.jsonl'], limit: null } });
  await store.recordCaseMessages(
    'hand',
    ['c1', 'c2', 'c3', 'c4'].map((caseId) => ({ caseId, messages: [{ role: 'user', content: `question ${caseId}` }] })),
  );
  await store.recordResults(
    RESULTS.map(([caseId, modelRef, repeat, pass, error]) =>
      caseResult({
        runId: 'hand',
        caseId,
        modelRef,
        repeat,
        pass,
        score: pass ? 1 : 0,
        inputTokens: 10,
        outputTokens: 20,
        costUsd: modelRef === 'local/weak' ? 0.001 : 0.01,
        error: error === undefined ? null : { kind: 'timeout', cause: 'timed out', message: error },
      }),
    ),
  );
});

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Report {
  kind: string;
  verifier: { kind: string; falseAccept: number; falseReject: number; description: string };
  models: Array<{ model: string; passRate: number; costPerRequest: number }>;
  result: { passRate: number; costPerRequest: number; savings: number; answeredBy: number[]; callsPerRequest: number };
  router: { available: boolean };
  target: { passRate: number; cheapest: string | null; points: Array<{ strategy: string; reached: boolean; passRate: number; costPerRequest: number | null }> };
  notes: string[];
}

describe('parity route eval --run --cascade (hand-computed)', () => {
  const replay = (...flags: string[]) => io.run('route', 'eval', '--run', 'hand', '--db', db, '--cascade', 'weak,strong', ...flags);

  it('pass rate and cost as computed by hand, with the stand-in and its assumed rates in the report', async () => {
    expect(await replay('--false-accept', '0.1', '--false-reject', '0.2', '--json'), io.stderr).toBe(0);
    const report = JSON.parse(io.stdout) as Report;
    expect(report.kind).toBe('cascade');
    // per case: weak passes with 1, 0, 1, 0.5; strong with 1, 1, 0, 1.
    // pass: 1, 0.9, 0.8, 0.5·0.8 + (0.5·0.2 + 0.5·0.9)·1 = 0.95  → 3.65 / 4 = 0.9125
    // cost (×0.001): 1 + 0.2·10 = 3, 1 + 0.9·10 = 10, 3, 1 + 0.55·10 = 6.5 → 22.5 / 4 = 5.625
    expect(report.result.passRate).toBeCloseTo(0.9125, 12);
    expect(report.result.costPerRequest).toBeCloseTo(0.005625, 12);
    expect(report.result.savings).toBeCloseTo(0.4375, 12);
    expect(report.result.callsPerRequest).toBeCloseTo(1 + (0.2 + 0.9 + 0.2 + 0.55) / 4, 12);
    expect(report.models.map((model) => [model.model, model.passRate, model.costPerRequest])).toEqual([
      ['local/weak', 0.625, 0.001],
      ['api/strong', 0.75, 0.01],
    ]);
    expect(report.verifier).toMatchObject({ kind: 'grader', falseAccept: 0.1, falseReject: 0.2 });
    expect(report.verifier.description).toMatch(/stored pass\/fail verdicts of each answer \(eval run hand/);
    expect(report.verifier.description).toMatch(/accept a failing answer with probability 0\.1 and to escalate a passing one with probability 0\.2/);
    // four prompts are too few to cross-validate a router: the comparison says so and leaves it out
    expect(report.router.available).toBe(false);
    expect(report.notes.join('\n')).toMatch(/too few to cross-validate a router/);
    expect(report.target.passRate).toBe(0.75);
    expect(report.target.cheapest).toBe('cascade');
  });

  it('a perfect verifier by default, said to be an upper bound; a target above it is not reached', async () => {
    expect(await replay('--target-pass-rate', '0.99', '--json'), io.stderr).toBe(0);
    const report = JSON.parse(io.stdout) as Report;
    // perfect verifier: pass 1, 1, 0 (weak passes c3 and is kept... strong fails, weak kept → 1), c4: 0.5 + 0.5 = 1
    expect(report.result.passRate).toBeCloseTo(1, 12);
    expect(report.notes.join('\n')).toMatch(/assumed perfect .* an upper bound/);
    expect(report.target.points.find((point) => point.strategy === 'cascade')?.reached).toBe(true);
    expect(report.target.points.find((point) => point.strategy === 'always-last')?.reached).toBe(false);
  });

  it('prints the verdict, the tables and the stand-in; writes the HTML page', async () => {
    const html = path.join(dir, 'cascade.html');
    expect(await replay('--false-accept', '0.1', '--false-reject', '0.2', '--html', html), io.stderr).toBe(0);
    expect(io.stdout).toMatch(/verifier stand-in: the stored pass\/fail verdicts/);
    expect(io.stdout).toMatch(/cascade local\/weak → api\/strong/);
    expect(io.stdout).toMatch(/91\.3%/);
    expect(io.stdout).toMatch(/cheapest is the cascade local\/weak → api\/strong at 0\.0056[23] USD\/request \(43\.8% below always the last model\)/);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('Assumed false-accept rate <b>0.1</b>, false-reject rate <b>0.2</b>');
    expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('refuses cascade flags without --cascade, a bad verifier and a cascade with --models', async () => {
    expect(await io.run('route', 'eval', '--run', 'hand', '--db', db, '--weak', 'weak', '--strong', 'strong', '--false-accept', '0.1')).toBe(2);
    expect(io.stderr).toMatch(/--false-accept go with --cascade/);
    io.clear();
    expect(await replay('--verifier', 'judge')).toBe(2);
    expect(io.stderr).toMatch(/--verifier "judge": expected grader .* or score:T/);
    io.clear();
    expect(await replay('--models', 'weak,strong')).toBe(2);
    expect(io.stderr).toMatch(/--models does not go with it/);
    io.clear();
    expect(await replay('--false-accept', '1.5')).toBe(2);
    expect(io.stderr).toMatch(/--false-accept/);
  });
});

describe('parity route eval --cascade on judgement files (stored judge scores as verdicts)', () => {
  const alpaca = ['--judgments', ALPACA.judgements, '--prompts', ALPACA.prompts, '--format', 'alpaca-eval', '--price', 'gemma-7b-it=0.1,0.1', '--price', 'gpt4_1106_preview=10,30', '--folds', '3'];

  it('compares the cascade with the cross-validated router and the router-gated cascade', async () => {
    expect(await io.run('route', 'eval', ...alpaca, '--cascade', 'gemma-7b-it,gpt4_1106_preview', '--verifier', 'score:0.5', '--false-accept', '0.05', '--json'), io.stderr).toBe(0);
    const report = JSON.parse(io.stdout) as Report;
    expect(report.router.available).toBe(true);
    expect(report.target.points.map((point) => point.strategy)).toEqual(['cascade', 'router', 'gated-cascade', 'always-last']);
    expect(report.verifier.description).toMatch(/an answer passes when its score is at least 0\.5/);
    // the reference scores 0.5 on every prompt: it always passes at 0.5
    expect(report.models[1]?.passRate).toBe(1);
    const always = report.target.points.find((point) => point.strategy === 'always-last');
    expect(always).toMatchObject({ reached: true, passRate: 1 });
    // every strategy that reaches the target costs at most always-last (it can always send everything there)
    for (const point of report.target.points.filter((entry) => entry.reached)) expect(point.costPerRequest).toBeLessThanOrEqual((always?.costPerRequest ?? 0) + 1e-12);
  });

  it('--verifier grader on data without verdicts fails naming the fix', async () => {
    expect(await io.run('route', 'eval', ...alpaca, '--cascade', 'gemma-7b-it,gpt4_1106_preview')).toBe(4);
    expect(io.stderr).toMatch(/has no pass\/fail verdict .* use --verifier score:T/);
  });
});
