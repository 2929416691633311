/**
 * The parity side of the eval bench: a suite of N single-grader cases (`equals` against the echoed prompt) on the
 * instant upstream, run by the real CLI from the build as a child process, with a fresh SQLite store per run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure, type Measured } from './measure.js';

export interface ToolRun extends Measured {
  cases: number;
  concurrency: number;
  /** cases the tool reports as passed (every case should pass) */
  passed: number | null;
  /** completions the upstream served during the run */
  served: number;
}

/** `id,q,expected` with q = expected = `case-<i>`: the upstream echoes q, so every case passes. */
export function writeCasesCsv(file: string, cases: number, header: 'parity' | 'promptfoo'): void {
  const lines = [header === 'parity' ? 'id,q,expected' : 'q,__expected'];
  for (let index = 1; index <= cases; index++) lines.push(header === 'parity' ? `c${index},case-${index},case-${index}` : `case-${index},case-${index}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
}

export function paritySuiteYaml(port: number, concurrency: number): string {
  return [
    'name: eval-bench',
    'providers:',
    '  - ref: vllm/bench-model',
    `    baseURL: http://127.0.0.1:${port}/v1`,
    "prompt: '{{q}}'",
    'cases: { file: cases.csv }',
    'graders: [{ type: equals }]',
    `concurrency: ${concurrency}`,
    '',
  ].join('\n');
}

interface ParityJson {
  summary?: { models?: Array<{ passes?: number }> };
}

export async function runParity(options: {
  repoRoot: string;
  port: number;
  cases: number;
  concurrency: number;
  servedSoFar: () => Promise<number>;
  timeoutMs: number;
}): Promise<ToolRun> {
  const dir = mkdtempSync(join(tmpdir(), 'parity-bench-eval-'));
  try {
    mkdirSync(dir, { recursive: true });
    writeCasesCsv(join(dir, 'cases.csv'), options.cases, 'parity');
    writeFileSync(join(dir, 'suite.yaml'), paritySuiteYaml(options.port, options.concurrency));
    const before = await options.servedSoFar();
    const result = await measure(
      process.execPath,
      [join(options.repoRoot, 'bin/parity.js'), 'eval', 'suite.yaml', '--no-cache', '--quiet', '--json', '--db', join(dir, 'parity.db')],
      { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, timeoutMs: options.timeoutMs },
    );
    const served = (await options.servedSoFar()) - before;
    let passed: number | null = null;
    try {
      passed = (JSON.parse(result.stdout) as ParityJson).summary?.models?.[0]?.passes ?? null;
    } catch {
      passed = null;
    }
    return { ...result, cases: options.cases, concurrency: options.concurrency, passed, served };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
