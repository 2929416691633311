import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, reply, startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { runCli } from '../helpers/run-cli.js';

const anthropicFixture = readJson(new URL('../fixtures/providers/anthropic/anthropic-text.json', import.meta.url)) as Record<string, unknown>;

/** Answers "What is n + n?" correctly for n below `correctBelow`, else wrongly. */
function answer(prompt: string, correctBelow: number): string {
  const n = Number(/What is (\d+)/.exec(prompt)?.[1]);
  return n < correctBelow ? String(2 * n) : String(2 * n + 1);
}

describe('parity eval on a suite with an OpenAI-compatible and an Anthropic model', () => {
  let dir: string;
  let openai: FakeUpstream;
  let anthropic: FakeUpstream;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-eval-cli-'));
    openai = await startFakeUpstream();
    openai.on(
      'POST /v1/chat/completions',
      reply.handler((request, response) => {
        const prompt = (request.json as { messages: Array<{ content: string }> }).messages.at(-1)!.content;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({
          id: 'chatcmpl-1', object: 'chat.completion', created: 0, model: 'small',
          choices: [{ index: 0, message: { role: 'assistant', content: answer(prompt, 7) }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 20, completion_tokens: 2, total_tokens: 22 },
        }));
      }),
    );
    anthropic = await startFakeUpstream();
    anthropic.on(
      'POST /v1/messages',
      reply.handler((request, response) => {
        const body = request.json as { messages: Array<{ content: string | Array<{ text: string }> }> };
        const last = body.messages.at(-1)!.content;
        const prompt = typeof last === 'string' ? last : last.map((part) => part.text).join('');
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ...anthropicFixture, content: [{ type: 'text', text: answer(prompt, 9) }] }));
      }),
    );
    const cases = Array.from({ length: 10 }, (_, n) => `c${n},${n},${2 * n}`).join('\n');
    writeFileSync(path.join(dir, 'cases.csv'), `id,n,expected\n${cases}\n`);
    writeFileSync(
      path.join(dir, 'suite.yaml'),
      `name: doubling
providers:
  - ref: openai-compatible/small
    label: small
    baseURL: ${openai.url}/v1
    openWeights: true
    price: { inputPerMtok: 0.1, outputPerMtok: 0.1 }
  - ref: anthropic/claude-sonnet-4-5
    label: sonnet
    baseURL: ${anthropic.url}/v1
    openWeights: false
    price: { inputPerMtok: 3, outputPerMtok: 15 }
prompt:
  system: Answer with a number only.
  user: "What is {{n}} + {{n}}?"
cases: { file: cases.csv }
graders:
  - type: equals
thresholds:
  minPassRate: 0.8
  models: [small]
compare:
  - candidate: small
    reference: sonnet
    margin: 0.05
`,
    );
  });

  afterAll(async () => {
    await openai.close();
    await anthropic.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('grades both, compares them, writes JUnit and HTML, and fails the threshold with exit code 1', async () => {
    const result = await runCli(['eval', 'suite.yaml', '--db', 'p.db', '--json', '--quiet', '--junit', 'out/junit.xml', '--html', 'out/report.html'], {
      cwd: dir,
      env: { ANTHROPIC_API_KEY: 'test-key' },
    });
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      summary: { models: Array<{ label: string; passes: number; costPerCase: number }>; comparisons: Array<{ coverage: { candidatePasses: number; onlyReferencePasses: number; bothFail: number }; mcnemar: { onlyA: number; onlyB: number } }> };
      thresholds: { passed: boolean; failures: string[] };
    };
    const byLabel = Object.fromEntries(report.summary.models.map((model) => [model.label, model]));
    expect(byLabel.small!.passes).toBe(7);
    expect(byLabel.sonnet!.passes).toBe(9);
    // 20 input + 2 output tokens at $0.1/Mtok; the system prompt is sent too but the upstream reports the usage
    expect(byLabel.small!.costPerCase).toBeCloseTo((22 * 0.1) / 1e6, 12);
    // sonnet's usage comes from the recorded Anthropic body: 12 in, 29 out at $3/$15
    expect(byLabel.sonnet!.costPerCase).toBeCloseTo((12 * 3 + 29 * 15) / 1e6, 12);
    expect(report.summary.comparisons[0]!.coverage).toMatchObject({ candidatePasses: 0.7, onlyReferencePasses: 0.2, bothFail: 0.1 });
    expect(report.summary.comparisons[0]!.mcnemar).toMatchObject({ onlyA: 0, onlyB: 2 });
    expect(report.thresholds.passed).toBe(false);
    expect(report.thresholds.failures[0]).toMatch(/small passed 70\.0%/);
    // the Anthropic adapter spoke the Messages wire format: system prompt at the top level
    const sent = anthropic.requests[0]!;
    expect(sent.headers['x-api-key']).toBe('test-key');
    expect((sent.json as { system: unknown }).system).toBeDefined();

    const junit = readFileSync(path.join(dir, 'out/junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuite[^>]*name="doubling — openai-compatible\/small"[^>]*failures="3"/);
    const html = readFileSync(path.join(dir, 'out/report.html'), 'utf8');
    expect(html.match(/<tr data-fail=/g)).toHaveLength(10);
    expect(html).not.toMatch(/<script src=|<link /); // self-contained
  }, 60_000);

  it('answers a repeated run from the cache without calling the upstreams', async () => {
    const env = { ANTHROPIC_API_KEY: 'test-key' };
    const first = await runCli(['eval', 'suite.yaml', '--db', 'cache.db', '--json', '--quiet'], { cwd: dir, env });
    expect(first.code).toBe(1);
    const before = openai.count() + anthropic.count();
    const second = await runCli(['eval', 'suite.yaml', '--db', 'cache.db', '--json', '--quiet'], { cwd: dir, env });
    expect(second.code).toBe(1);
    expect(openai.count() + anthropic.count()).toBe(before);
    const report = JSON.parse(second.stdout) as { summary: { models: Array<{ cached: number; passes: number }> } };
    expect(report.summary.models.map((model) => [model.cached, model.passes])).toEqual([[10, 7], [10, 9]]);
  }, 60_000);

  it('ends the summary with the command that learns a router from the run, naming the suite’s labels, and that command runs', async () => {
    const env = { ANTHROPIC_API_KEY: 'test-key' };
    const result = await runCli(['eval', 'suite.yaml', '--db', 'cache.db', '--quiet'], { cwd: dir, env });
    const line = /^route it: parity (route eval --run \S+ --db cache\.db --weak small --strong sonnet)$/m.exec(result.stdout);
    expect(line, result.stdout).not.toBeNull();
    const routed = await runCli([...line![1]!.split(' '), '--folds', '2', '--json'], { cwd: dir });
    expect(routed.code, routed.stderr).toBe(0);
    const report = JSON.parse(routed.stdout) as { pair: { prompts: number }; quality: { weak: number; strong: number } };
    expect(report.pair.prompts).toBe(10);
    expect(report.quality).toEqual({ weak: 0.7, strong: 0.9 });
  }, 60_000);

  it('says which variable is missing instead of failing with a stack trace', async () => {
    const result = await runCli(['eval', 'suite.yaml', '--db', 'p2.db', '--quiet'], { cwd: dir, env: { ANTHROPIC_API_KEY: '' } });
    expect(result.code).toBe(3);
    expect(result.stderr.trim()).toBe(
      "parity: providers: anthropic/claude-sonnet-4-5: ANTHROPIC_API_KEY: is not set; the anthropic provider (Anthropic) needs an API key; set it in the environment, or take this model out of the suite's providers",
    );
  }, 60_000);

  it('a mistyped flag is a usage error (exit 2, not the threshold’s 1), and a wrong value stops before any store is made', async () => {
    const before = openai.count() + anthropic.count();
    const typo = await runCli(['eval', 'suite.yaml', '--db', 'typo.db', '--max-cots', '5'], { cwd: dir, env: { ANTHROPIC_API_KEY: 'test-key' } });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown option '--max-cots'");
    const value = await runCli(['eval', 'suite.yaml', '--db', 'value.db', '--max-cost', 'five'], { cwd: dir, env: { ANTHROPIC_API_KEY: 'test-key' } });
    expect(value.code).toBe(2);
    expect(value.stderr.trim()).toBe('parity: --max-cost must be a non-negative number, got "five"');
    expect(existsSync(path.join(dir, 'typo.db')) || existsSync(path.join(dir, 'value.db'))).toBe(false);
    expect(openai.count() + anthropic.count()).toBe(before);
  }, 60_000);

  it('writes an example suite with eval init and refuses to overwrite it', async () => {
    const first = await runCli(['eval', 'init', 'new-suite.yaml'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(existsSync(path.join(dir, 'new-suite.yaml'))).toBe(true);
    const second = await runCli(['eval', 'init', 'new-suite.yaml'], { cwd: dir });
    expect(second.code).toBe(3);
    expect(second.stderr).toMatch(/already exists/);
  }, 60_000);
});
