/**
 * Golden outputs: the JSON `parity eval --json` prints, pinned byte for byte for a suite run (two recorded
 * models with fixed answers, tokens and latencies, one recorded answer missing, repeats, the suite's prices) and
 * a benchmark run (IFEval's recorded answers, with its accuracies). Only the run's id and the paths of the store
 * and of the checkout, which differ per run, are replaced. A change to these files is a change to what users, the
 * dashboard and the memo read: say in the commit which field moved and why (`npx vitest run
 * test/eval/golden.test.ts -u` rewrites them).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const golden = fileURLToPath(new URL('./golden/', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/eval/', import.meta.url));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'parity-eval-golden-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** As a path appears inside a JSON string. */
const inJson = (text: string) => JSON.stringify(text).slice(1, -1);

/** The printed JSON with what differs per run and per checkout (the run's id, the store's and the suite's paths) replaced. */
function stable(stdout: string, db: string): string {
  const runId = (JSON.parse(stdout) as { runId: string }).runId;
  return stdout.split(runId).join('<run-id>').split(inJson(db)).join('<store>').split(inJson(golden)).join('<golden>/').split(inJson(fixtures)).join('<fixtures>/');
}

describe('golden eval summaries', () => {
  it('a suite run: the summary JSON is unchanged', async () => {
    const db = path.join(dir, 'suite.db');
    const result = await runCli(['eval', 'suite.yaml', '--db', db, '--json', '--quiet', '--no-cache'], { cwd: golden });
    expect(result.code, result.stderr).toBe(0);
    await expect(stable(result.stdout, db)).toMatchFileSnapshot('./golden/suite-summary.json');
  }, 60_000);

  it('a benchmark run: the summary JSON with IFEval’s accuracies is unchanged', async () => {
    const db = path.join(dir, 'ifeval.db');
    const result = await runCli(
      ['eval', '--benchmark', 'ifeval', '--data', 'ifeval-input-sample.jsonl', '--responses', 'ifeval-responses-sample.jsonl', '--db', db, '--json', '--quiet'],
      { cwd: fixtures },
    );
    expect(result.code, result.stderr).toBe(0);
    await expect(stable(result.stdout, db)).toMatchFileSnapshot('./golden/ifeval-summary.json');
  }, 60_000);
});
