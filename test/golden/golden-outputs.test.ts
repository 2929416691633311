/**
 * Golden outputs: the bytes of `parity track --json` on the bundled data and of `parity route eval|train` on the
 * route fixtures, pinned by SHA-256, so a refactor can show that nothing a user reads has moved. A change that
 * is meant (a new field, a better method) rewrites the digests and says why in its commit:
 *
 *   PARITY_WRITE_GOLDEN=1 npx vitest run test/golden
 *
 * Each case runs the real CLI in a child process (from source), with no user data directory.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_ID_FILE, readMemoFile, TRACK_MEMO_FILE } from '../../src/track/report-memo.js';
import { runCli } from '../helpers/run-cli.js';
import { ALPACA, REPO_ROOT, SINGLE_SCORE } from '../route/helpers.js';

const goldenFile = path.join(REPO_ROOT, 'test/fixtures/golden/digests.json');
const writing = process.env.PARITY_WRITE_GOLDEN === '1';
const scratch = mkdtempSync(path.join(tmpdir(), 'parity-golden-'));

interface GoldenCase {
  name: string;
  args: string[];
  /** The output is this file (written by the command), not stdout. */
  file?: string;
}

const singleScore = ['--judgments', SINGLE_SCORE.judgements, '--prompts', SINGLE_SCORE.prompts, '--format', 'single-score', '--weak', 'Mixtral-8x7B-Instruct-v0.1', '--strong', 'gpt-4-1106-preview'];
const alpaca = ['--judgments', ALPACA.judgements, '--prompts', ALPACA.prompts, '--format', 'alpaca-eval', '--weak', 'claude-2', '--strong', 'gpt4_1106_preview'];
const ladder = [
  '--judgments', ALPACA.judgements, '--prompts', ALPACA.prompts, '--format', 'alpaca-eval', '--models', 'gemma-7b-it,gpt-3.5-turbo-1106,gpt4_1106_preview',
  '--price', 'gemma-7b-it=0.1,0.1', '--price', 'gpt-3.5-turbo-1106=0.5,1.5', '--price', 'gpt4_1106_preview=10,30', '--folds', '3',
];
const policyFile = path.join(scratch, 'policy.json');

const CASES: GoldenCase[] = [
  { name: 'track catalog', args: ['track', '--json'] },
  { name: 'track epoch-2024', args: ['track', '--dataset', 'epoch-2024', '--json'] },
  { name: 'track eci', args: ['track', '--dataset', 'eci', '--json'] },
  { name: 'route eval single-score', args: ['route', 'eval', ...singleScore, '--folds', '4', '--json'] },
  { name: 'route eval alpaca-eval', args: ['route', 'eval', ...alpaca, '--weak-price', '0.5,1.5', '--strong-price', '10,30', '--json'] },
  { name: 'route eval ladder', args: ['route', 'eval', ...ladder, '--json'] },
  { name: 'route train policy', args: ['route', 'train', ...singleScore, '--seed', '3', '--target-frontier-share', '0.3', '--out', policyFile], file: policyFile },
];

interface Digest {
  sha256: string;
  bytes: number;
}

/** Paths on this machine would make the digests differ between checkouts: they are written relative to the repo. */
function portable(text: string): string {
  return text.split(REPO_ROOT).join('<repo>').split(scratch).join('<scratch>');
}

async function digestOf(goldenCase: GoldenCase): Promise<Digest> {
  const result = await runCli(goldenCase.args, { env: { PARITY_DATA_DIR: path.join(scratch, 'no-user-data') } });
  expect(result.code, result.stderr).toBe(0);
  const output = portable(goldenCase.file === undefined ? result.stdout : readFileSync(goldenCase.file, 'utf8'));
  return { sha256: createHash('sha256').update(output).digest('hex'), bytes: Buffer.byteLength(output) };
}

describe('golden outputs', () => {
  if (writing) {
    it('writes the digests', async () => {
      const digests: Record<string, Digest> = {};
      for (const goldenCase of CASES) digests[goldenCase.name] = await digestOf(goldenCase);
      writeFileSync(goldenFile, `${JSON.stringify(digests, null, 2)}\n`);
    }, 300_000);
    return;
  }
  const golden = JSON.parse(readFileSync(goldenFile, 'utf8')) as Record<string, Digest>;

  it('pins every case (no case without a digest, no digest without a case)', () => {
    expect(Object.keys(golden).sort()).toEqual(CASES.map((goldenCase) => goldenCase.name).sort());
  });

  it.each(CASES.map((goldenCase) => [goldenCase.name, goldenCase] as const))('%s: same bytes as the golden digest', async (name, goldenCase) => {
    expect(await digestOf(goldenCase), `${name} moved: if that is meant, rewrite with PARITY_WRITE_GOLDEN=1 and explain it in the commit`).toEqual(golden[name]);
  }, 600_000);
});

describe('golden outputs of the built CLI', () => {
  // bin/parity.js runs dist/, where the build recorded the bundled data it validated (the loader reads those files
  // without zod: src/catalog/validated-data.ts) and memoized the default report (src/track/report-memo.ts), which
  // is what `parity track` prints here. The bytes must not move.
  it.skipIf(writing)('track catalog: the same bytes from dist/ with the build-validated data and memoized report', () => {
    // as `npm start` and the README test do: build when the sources changed since the last build
    const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build-state.mjs'), '--ensure'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(build.status, `bringing the build up to date failed:\n${build.stderr}`).toBe(0);
    const record = JSON.parse(readFileSync(path.join(REPO_ROOT, 'dist/catalog/validated-data.json'), 'utf8')) as { files: Record<string, string> };
    expect(Object.keys(record.files)).toEqual(expect.arrayContaining(['models', 'prices', 'priceHistory', 'results', 'taxonomy']));
    const memo = readMemoFile(path.join(REPO_ROOT, 'dist', 'track', TRACK_MEMO_FILE));
    expect(memo?.header.build).toBe(readFileSync(path.join(REPO_ROOT, 'dist', 'cli-bundle', BUILD_ID_FILE), 'utf8').trim());
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/parity.js'), 'track', '--json'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PARITY_DATA_DIR: path.join(scratch, 'no-user-data'), NO_COLOR: '1' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(result.status, result.stderr).toBe(0);
    const output = portable(result.stdout);
    const golden = JSON.parse(readFileSync(goldenFile, 'utf8')) as Record<string, Digest>;
    expect({ sha256: createHash('sha256').update(output).digest('hex'), bytes: Buffer.byteLength(output) }).toEqual(golden['track catalog']);
  }, 600_000);
});
