/**
 * A verdict needs evidence, and a budget holds per run — through the CLI against real servers on 127.0.0.1:
 * 3-case suites get "not enough cases" (never NON-INFERIOR from 0..0, never INFERIOR on McNemar's p = 0.08), and
 * `--max-cost` caps a run across its resumes, its stored spend being the sum of every call it made.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalReport } from '../../src/eval/execute-plan.js';
import { openStore } from '../../src/store/index.js';
import type { FakeUpstream } from '../helpers/fake-upstream.js';
import { runCli } from '../helpers/run-cli.js';
import { doublingCases, doublingUpstream } from './chat-upstream.js';

let dir: string;
let right: FakeUpstream;
let wrong: FakeUpstream;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'parity-eval-verdicts-'));
  right = await doublingUpstream({ usage: { prompt_tokens: 1000, completion_tokens: 1000 } });
  wrong = await doublingUpstream({ right: () => false });
});
afterAll(async () => {
  await right.close();
  await wrong.close();
  rmSync(dir, { recursive: true, force: true });
});

function suite(name: string, providers: string, cases: string, extra = ''): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, `name: ${name}\nprompt: "What is {{n}} + {{n}}?"\ngraders: [{ type: equals }]\nproviders:\n${providers}\ncases:\n${cases}\n${extra}`);
  return file;
}

describe('a 3-case suite', () => {
  it('both models right on every case: not enough cases (n = 3), with how many a verdict needs — never NON-INFERIOR', async () => {
    const file = suite(
      'three-same',
      `  - { ref: openai-compatible/open, label: open, baseURL: ${right.url}/v1, openWeights: true }\n  - { ref: openai-compatible/closed, label: closed, baseURL: ${right.url}/v1, openWeights: false }`,
      doublingCases(3),
    );
    const result = await runCli(['eval', file, '--db', path.join(dir, 'three.db')], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^NOT ENOUGH CASES: not enough cases to tell whether open is within 5\.0 pt of closed \(n = 3; about [\d,]+ needed for δ = 5\.0 pt\)\.$/m);
    expect(result.stdout).not.toMatch(/NON-INFERIOR|^INFERIOR/m);
    const json = await runCli(['eval', file, '--db', path.join(dir, 'three.db'), '--json', '--quiet'], { cwd: dir });
    const verdict = (JSON.parse(json.stdout) as EvalReport).summary.comparisons[0]!.nonInferiority;
    expect(verdict.verdict).toBe('not-enough-cases');
    expect(verdict.casesNeeded).toBeGreaterThan(73);
    // Tango's interval is honest at 100% both: wide, never 0..0
    expect(verdict.interval.low).toBeLessThan(-0.5);
    expect(verdict.interval.high).toBeGreaterThan(0.5);
  }, 60_000);

  it('the reference right and the candidate wrong on all 3: not INFERIOR (McNemar p ≈ 0.08), not enough cases', async () => {
    const file = suite(
      'three-apart',
      `  - { ref: openai-compatible/open, label: open, baseURL: ${wrong.url}/v1, openWeights: true }\n  - { ref: openai-compatible/closed, label: closed, baseURL: ${right.url}/v1, openWeights: false }`,
      doublingCases(3),
    );
    const result = await runCli(['eval', file, '--db', path.join(dir, 'apart.db'), '--json', '--quiet'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const comparison = (JSON.parse(result.stdout) as EvalReport).summary.comparisons[0]!;
    expect(comparison.mcnemar).toMatchObject({ onlyA: 0, onlyB: 3 });
    expect(comparison.mcnemar.pValue).toBeGreaterThan(0.05);
    expect(comparison.nonInferiority.verdict).toBe('not-enough-cases');
    expect(comparison.passRateDifference).toMatchObject({ difference: -1, method: 'tango-score' });
  }, 60_000);
});

describe('--max-cost across resumes', () => {
  it('caps the run’s total spend: resumes with the same cap call nothing, the stored spend is the sum of all calls', async () => {
    // every call: 1000 + 1000 tokens at $10/Mtok each = $0.02; the cap of $0.05 leaves room for two of them
    const file = suite('capped', `  - { ref: openai-compatible/paid, baseURL: ${right.url}/v1, price: { inputPerMtok: 10, outputPerMtok: 10 }, concurrency: 1 }`, doublingCases(6), 'concurrency: 1\n');
    const db = path.join(dir, 'capped.db');
    const before = right.count();
    const first = await runCli(['eval', file, '--db', db, '--max-cost', '0.05', '--json', '--quiet', '--no-cache'], { cwd: dir });
    expect(first.code, first.stderr).toBe(7);
    const stopped = JSON.parse(first.stdout) as EvalReport;
    expect(stopped.outcome).toMatchObject({ status: 'stopped-budget', done: 2 });
    expect(stopped.spend).toMatchObject({ capUsd: 0.05 });
    expect(stopped.spend!.runUsd).toBeCloseTo(0.04, 10);
    expect(stopped.summary.comparisons).toEqual([]);
    expect(right.count() - before).toBe(2);

    for (let resume = 0; resume < 2; resume++) {
      const again = await runCli(['eval', file, '--db', db, '--max-cost', '0.05', '--resume', '--json', '--quiet', '--no-cache'], { cwd: dir });
      expect(again.code, again.stderr).toBe(7);
      const parsed = JSON.parse(again.stdout) as EvalReport;
      expect(parsed.runId).toBe(stopped.runId);
      expect(parsed.spend).toMatchObject({ invocationUsd: 0, capUsd: 0.05 });
      expect(parsed.spend!.runUsd).toBeCloseTo(0.04, 10);
    }
    expect(right.count() - before).toBe(2);

    const text = await runCli(['eval', file, '--db', db, '--max-cost', '0.05', '--resume', '--no-cache'], { cwd: dir });
    expect(text.stdout).toMatch(/spent \$0\.0400 of the --max-cost \$0\.05 on this run/);
    expect(text.stdout).toMatch(/raise --max-cost and continue with: parity eval \S+capped\.yaml --max-cost 0\.05 --db \S+ --resume/);

    const finished = await runCli(['eval', file, '--db', db, '--max-cost', '1', '--resume', '--json', '--quiet', '--no-cache'], { cwd: dir });
    expect(finished.code, finished.stderr).toBe(0);
    const done = JSON.parse(finished.stdout) as EvalReport;
    expect(done.outcome).toMatchObject({ status: 'completed', done: 6, skipped: 2 });
    expect(done.spend!.invocationUsd).toBeCloseTo(0.08, 10);
    expect(done.spend!.runUsd).toBeCloseTo(0.12, 10);
    const store = await openStore({ url: db });
    const results = await store.listResults(done.runId);
    expect(results.reduce((sum, result) => sum + result.spentUsd, 0)).toBeCloseTo(0.12, 10);
    expect(await store.runSpend(done.runId)).toBeCloseTo(0.12, 10);
    expect((await store.getRun(done.runId))?.status).toBe('completed');
    await store.close();
    expect(right.count() - before).toBe(6);
  }, 120_000);
});
