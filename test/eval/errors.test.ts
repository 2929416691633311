/**
 * Errors are their own outcome, end to end through the CLI against real servers on 127.0.0.1: a model server
 * that is down, a share of 5xx, timeouts, every call failing (a suite and a benchmark). An error is never a fail,
 * a run past the allowed error share is incomplete (exit 8, no verdict), and nothing that errored reads as
 * "completed".
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalReport } from '../../src/eval/execute-plan.js';
import { openStore } from '../../src/store/index.js';
import { reply, startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { runCli } from '../helpers/run-cli.js';
import { closedPort, doublingCases, doublingUpstream } from './chat-upstream.js';

const gsm8kSample = fileURLToPath(new URL('../fixtures/eval/gsm8k-sample.jsonl', import.meta.url));
let dir: string;
const upstreams: FakeUpstream[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'parity-eval-errors-'));
});
afterAll(async () => {
  for (const upstream of upstreams) await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});

function writeSuite(name: string, body: string): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, `name: ${name}\nprompt: "What is {{n}} + {{n}}? Answer with a number only."\ngraders: [{ type: equals }]\n${body}`);
  return file;
}

const report = (stdout: string) => JSON.parse(stdout) as EvalReport;

describe('parity eval when calls fail', () => {
  it('with the model server down: every call is an error by cause with a hint, the run is incomplete, no verdict, exit 8', async () => {
    const port = await closedPort();
    const open = await doublingUpstream();
    upstreams.push(open);
    const suite = writeSuite(
      'down',
      `providers:
  - { ref: ollama/qwen2.5:7b, label: qwen, openWeights: true }
  - { ref: openai-compatible/big, label: big, baseURL: ${open.url}/v1, openWeights: false }
cases:
${doublingCases(3)}
`,
    );
    const env = { OLLAMA_BASE_URL: `http://127.0.0.1:${port}/v1` };
    const text = await runCli(['eval', suite, '--db', path.join(dir, 'down.db')], { cwd: dir, env });
    expect(text.code, text.stderr).toBe(8);
    expect(text.stdout).toContain(`qwen: connection refused to 127.0.0.1:${port} ×3 — is Ollama running? set OLLAMA_BASE_URL or the provider's baseURL in the suite`);
    expect(text.stdout).toMatch(/first: ollama: request failed: connect ECONNREFUSED/);
    expect(text.stdout).toContain('NO VERDICT: the run is incomplete: 50% of the calls (3 of 6) ended in an error, more than the 5% allowed');
    expect(text.stdout).toContain('no case was answered by both qwen and big; 3 cases left out (not answered by both)');
    expect(text.stdout).toContain('— (nothing answered)');
    expect(text.stdout).not.toMatch(/INFERIOR|NON-INFERIOR|completed/);
    expect(text.stderr).toMatch(/run \S+ incomplete: 6\/6 calls, 3 errors/);
    expect(text.stdout).toMatch(/retry exactly the errored calls with: parity eval \S+down\.yaml --db \S+ --resume \S+/);

    const json = await runCli(['eval', suite, '--db', path.join(dir, 'down.db'), '--json', '--quiet'], { cwd: dir, env });
    const parsed = report(json.stdout);
    expect(parsed.outcome).toMatchObject({ status: 'incomplete', errors: 3, failures: 0 });
    const qwen = parsed.summary.models.find((model) => model.label === 'qwen')!;
    expect(qwen).toMatchObject({ attempts: 3, errors: 3, passes: 0, passRate: null, passRateInterval: { low: null, high: null } });
    expect(qwen.errorCauses).toEqual([expect.objectContaining({ kind: 'connection', cause: `connection refused to 127.0.0.1:${port}`, count: 3 })]);
    expect(parsed.summary.comparisons[0]!).toMatchObject({ pairedCases: 0, unpairedCases: 3, nonInferiority: { verdict: 'no-verdict' } });
    const store = await openStore({ url: path.join(dir, 'down.db') });
    expect((await store.getRun(parsed.runId))?.status).toBe('incomplete');
    await store.close();
  }, 90_000);

  it('with a share of 5xx: errors are left out of the pass rate, incomplete past 5%, completed within the share allowed; --resume retries exactly the errored calls', async () => {
    // 2 of 20 calls fail with 503 every time (10%), the rest are answered right — until the server is mended
    let broken = true;
    const upstream = await doublingUpstream({ fail: (n) => broken && (n === 4 || n === 9) });
    upstreams.push(upstream);
    const suite = writeSuite('flaky', `providers:\n  - { ref: openai-compatible/flaky, baseURL: ${upstream.url}/v1 }\ncases:\n${doublingCases(20)}\n`);
    const db = path.join(dir, 'flaky.db');
    const first = await runCli(['eval', suite, '--db', db, '--json', '--quiet', '--no-cache'], { cwd: dir });
    expect(first.code, first.stderr).toBe(8);
    const incomplete = report(first.stdout);
    expect(incomplete.outcome).toMatchObject({ status: 'incomplete', errors: 2 });
    expect(incomplete.summary.models[0]).toMatchObject({ attempts: 20, errors: 2, passes: 18, passRate: 1 });
    expect(incomplete.summary.models[0]!.errorCauses).toEqual([
      { kind: 'server', cause: 'HTTP 503', count: 2, firstMessage: expect.stringContaining('HTTP 503: overloaded, try again later'), hint: expect.stringContaining('--resume') },
    ]);
    // four attempts (the first and three retries), then the error is recorded
    expect(upstream.count((request) => /What is 4 \+/.test(request.bodyText))).toBe(4);

    const allowed = await runCli(['eval', suite, '--db', db, '--json', '--quiet', '--no-cache', '--max-error-share', '0.2'], { cwd: dir });
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(report(allowed.stdout).outcome).toMatchObject({ status: 'completed', errors: 2, maxErrorShare: 0.2 });

    // the server mended, --resume retries exactly the two errored calls of the incomplete run, and nothing else
    broken = false;
    const before = upstream.count();
    const resumed = await runCli(['eval', suite, '--db', db, '--json', '--quiet', '--no-cache', '--resume', incomplete.runId], { cwd: dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    const completed = report(resumed.stdout);
    expect(completed.runId).toBe(incomplete.runId);
    expect(completed.outcome).toMatchObject({ status: 'completed', done: 20, total: 20, skipped: 18, errors: 0 });
    expect(completed.summary.models[0]).toMatchObject({ attempts: 20, errors: 0, passes: 20, passRate: 1, errorCauses: [] });
    expect(upstream.count() - before).toBe(2);
    expect(upstream.requests.slice(before).map((request) => /What is (\d+) \+/.exec(request.bodyText)?.[1]).sort()).toEqual(['4', '9']);
  }, 120_000);

  it('records a call that times out (the provider’s timeoutMs) as a timeout error', async () => {
    const upstream = await startFakeUpstream();
    upstreams.push(upstream);
    upstream.on('POST /v1/chat/completions', reply.hang());
    const suite = writeSuite('slow', `providers:\n  - { ref: openai-compatible/slow, baseURL: ${upstream.url}/v1, timeoutMs: 150 }\ncases:\n${doublingCases(2)}\n`);
    const result = await runCli(['eval', suite, '--db', path.join(dir, 'slow.db'), '--json', '--quiet'], { cwd: dir });
    expect(result.code, result.stderr).toBe(8);
    const parsed = report(result.stdout);
    expect(parsed.summary.models[0]!.errorCauses).toEqual([expect.objectContaining({ kind: 'timeout', cause: 'no progress within 150 ms', count: 2 })]);
    expect(parsed.summary.models[0]!.errorCauses[0]!.hint).toContain('timeoutMs');
  }, 90_000);

  it('with every call failing never says completed: status incomplete, no pass rate of 0, exit 8', async () => {
    const upstream = await doublingUpstream({ fail: () => true });
    upstreams.push(upstream);
    const suite = writeSuite(
      'all-errors',
      `providers:
  - { ref: openai-compatible/a, label: a, baseURL: ${upstream.url}/v1, openWeights: true }
  - { ref: openai-compatible/b, label: b, baseURL: ${upstream.url}/v1, openWeights: false }
cases:
${doublingCases(4)}
thresholds: { minPassRate: 0.5 }
`,
    );
    // --wide: one table row per line, to read the row below (a piped table otherwise fits 100 columns)
    const result = await runCli(['eval', suite, '--db', path.join(dir, 'all.db'), '--wide'], { cwd: dir });
    expect(result.code).toBe(8);
    expect(result.stdout).not.toContain('completed');
    expect(result.stderr).not.toContain('completed');
    expect(result.stdout).toContain('every call ended in an error');
    expect(result.stdout).toMatch(/a\s+│ open\s+│ 0\/0\s+│ — \(nothing answered\)/);
    expect(result.stdout).toContain("a answered no case, so its pass rate cannot be checked against the suite's minimum of 50%");
  }, 90_000);

  it('with every call of a benchmark failing: incomplete, the accuracy is not 0 but unknown, exit 8', async () => {
    const upstream = await doublingUpstream({ fail: () => true });
    upstreams.push(upstream);
    upstream.on('POST /v1/chat/completions', reply.error(500, { error: { message: 'model crashed' } }, { 'retry-after-ms': '1' }));
    const env = { OPENAI_COMPATIBLE_BASE_URL: `${upstream.url}/v1` };
    const result = await runCli(['eval', '--benchmark', 'gsm8k', '--data', gsm8kSample, '--model', 'openai-compatible/tiny', '--limit', '3', '--db', path.join(dir, 'bench.db'), '--json', '--quiet'], { cwd: dir, env });
    expect(result.code, result.stderr).toBe(8);
    const parsed = report(result.stdout);
    expect(parsed.outcome).toMatchObject({ status: 'incomplete', done: 3, total: 3, errors: 3, failures: 0 });
    expect(parsed.summary.models[0]).toMatchObject({ attempts: 3, errors: 3, passes: 0, passRate: null });
    expect(parsed.summary.models[0]!.errorCauses[0]).toMatchObject({ kind: 'server', cause: 'HTTP 500', count: 3 });
    const text = await runCli(['eval', '--benchmark', 'gsm8k', '--data', gsm8kSample, '--model', 'openai-compatible/tiny', '--limit', '3', '--db', path.join(dir, 'bench.db')], { cwd: dir, env });
    expect(text.code).toBe(8);
    expect(text.stdout + text.stderr).not.toContain('completed');
    expect(text.stdout).toContain('--benchmark gsm8k --data');
  }, 90_000);
  it('a custom grader that throws: that case is a grader error (grader, case, message), the run goes on, incomplete past the share (exit 8); --resume grades it again', async () => {
    const upstream = await doublingUpstream();
    upstreams.push(upstream);
    const grader = path.join(dir, 'fragile-grader.mjs');
    // throws on the answer "6" (case c3) — a bug in the user's grader, not a fail of the model
    writeFileSync(grader, `export default function grade(input) {\n  if (input.text === '6') throw new TypeError('cannot read the answer');\n  return input.text.trim() === String(input.expected);\n}\n`);
    const suite = path.join(dir, 'fragile.yaml');
    writeFileSync(
      suite,
      `name: fragile\nprompt: "What is {{n}} + {{n}}? Answer with a number only."\ngraders: [{ type: custom, module: fragile-grader.mjs }]\nproviders:\n  - { ref: openai-compatible/m, label: m, baseURL: ${upstream.url}/v1 }\ncases:\n${doublingCases(4)}\n`,
    );
    const db = path.join(dir, 'fragile.db');
    const text = await runCli(['eval', suite, '--db', db, '--no-cache'], { cwd: dir });
    expect(text.code, text.stderr).toBe(8);
    expect(text.stdout).toContain('m: grader custom fragile-grader.mjs failed ×1');
    expect(text.stdout).toContain('first: case c3: grader custom fragile-grader.mjs: threw TypeError: cannot read the answer');
    expect(text.stdout).toContain('(incomplete: 4/4 calls, 1 error)');
    expect(text.stdout).toMatch(/no verdict: fix the cause of the errors, then retry exactly the errored calls with: .*--resume/);
    expect(text.stderr).not.toMatch(/unexpected|internal error|at grade \(/);

    const json = await runCli(['eval', suite, '--db', db, '--no-cache', '--json', '--quiet'], { cwd: dir });
    expect(json.code, json.stderr).toBe(8);
    const parsed = report(json.stdout);
    expect(parsed.outcome).toMatchObject({ status: 'incomplete', done: 4, total: 4, errors: 1, failures: 0 });
    expect(parsed.summary.models[0]).toMatchObject({ attempts: 4, errors: 1, passes: 3, passRate: 1 });
    expect(parsed.summary.models[0]!.errorCauses).toEqual([
      { kind: 'grader', cause: 'grader custom fragile-grader.mjs failed', count: 1, firstMessage: 'case c3: grader custom fragile-grader.mjs: threw TypeError: cannot read the answer', hint: expect.stringContaining('--resume') },
    ]);
    const store = await openStore({ url: db });
    const errored = (await store.listResults(parsed.runId)).find((result) => result.caseId === 'c3')!;
    await store.close();
    // the answer is kept: only its grade is missing
    expect(errored).toMatchObject({ output: '6', pass: false, reason: 'the grader failed', error: { kind: 'grader' } });

    // the grader mended, --resume grades exactly the errored case again
    writeFileSync(grader, `export default function grade(input) {\n  return input.text.trim() === String(input.expected);\n}\n`);
    const resumed = await runCli(['eval', suite, '--db', db, '--no-cache', '--json', '--quiet', '--resume', parsed.runId], { cwd: dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(report(resumed.stdout).outcome).toMatchObject({ status: 'completed', skipped: 3, errors: 0 });
    expect(report(resumed.stdout).summary.models[0]).toMatchObject({ attempts: 4, errors: 0, passes: 4 });
  }, 90_000);
});
