/**
 * `parity eval … --estimate`: the calls, input tokens counted from the rendered prompts, expected output tokens,
 * cost and duration of a run — without calling any model, and from earlier runs of the same models once there are.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateSuite, type EvalEstimate } from '../../src/eval/estimate.js';
import { executePlan, planSuite } from '../../src/eval/evaluate.js';
import { loadSuite } from '../../src/eval/suite/load.js';
import { openStore } from '../../src/store/index.js';
import type { FakeUpstream } from '../helpers/fake-upstream.js';
import { runCli } from '../helpers/run-cli.js';
import { doublingCases, doublingUpstream } from './chat-upstream.js';

let dir: string;
let upstream: FakeUpstream;
let suiteFile: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'parity-eval-estimate-'));
  upstream = await doublingUpstream({ usage: { prompt_tokens: 30, completion_tokens: 7 } });
  suiteFile = path.join(dir, 'suite.yaml');
  writeFileSync(
    suiteFile,
    `name: estimate
providers:
  - { ref: openai-compatible/small, label: small, baseURL: ${upstream.url}/v1, price: { inputPerMtok: 1, outputPerMtok: 4 }, maxTokens: 50 }
  - { ref: ollama/local, label: local, baseURL: ${upstream.url}/v1 }
prompt: { system: "Answer with a number only.", user: "What is {{n}} + {{n}}?" }
cases:
${doublingCases(10)}
graders: [{ type: equals }]
repeats: 2
concurrency: 4
`,
  );
});
afterAll(async () => {
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Chat tokens of one case as OpenAI counts them: 3 per message and 3 to prime the reply. */
function promptTokens(n: number): number {
  return countTokens('Answer with a number only.') + 3 + countTokens(`What is ${n} + ${n}?`) + 3 + 3;
}

describe('parity eval --estimate', () => {
  it('calls no model and creates no store, and counts the calls and the prompts’ tokens', async () => {
    const before = upstream.count();
    const result = await runCli(['eval', 'suite.yaml', '--estimate', '--json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(upstream.count()).toBe(before);
    expect(existsSync(path.join(dir, '.parity'))).toBe(false);
    const estimate = JSON.parse(result.stdout) as EvalEstimate;
    expect(estimate).toMatchObject({ cases: 10, repeats: 2, concurrency: 4, calls: 40, durationSeconds: null });
    const tokens = Array.from({ length: 10 }, (_, index) => promptTokens(index + 1)).reduce((sum, value) => sum + value, 0) * 2;
    const [small, local] = estimate.models;
    // no earlier run: the output is at most maxTokens, and the local model's is unknown
    expect(small).toMatchObject({ calls: 20, inputTokens: tokens, outputTokens: 20 * 50, outputTokensFrom: 'maxTokens', costIsLowerBound: false });
    expect(small!.costUsd).toBeCloseTo((tokens * 1 + 1000 * 4) / 1e6, 15);
    expect(local).toMatchObject({ calls: 20, inputTokens: tokens, outputTokens: null, outputTokensFrom: 'unknown', price: null, costUsd: null });
    expect(estimate.costComplete).toBe(false);

    const text = await runCli(['eval', 'suite.yaml', '--estimate'], { cwd: dir });
    expect(text.stdout).toContain('estimate: 10 cases × 2 repeat(s), concurrency 4 — an estimate; no model was called');
    expect(text.stdout).toMatch(/total: 40 calls, at least \$0\.00\d+, duration unknown/);
    expect(upstream.count()).toBe(before);
  }, 60_000);

  it('expects what earlier runs of the same models measured: output tokens, latency, so the cost and duration', async () => {
    const db = path.join(dir, 'history.db');
    const store = await openStore({ url: db });
    try {
      const loaded = loadSuite(suiteFile);
      await executePlan(planSuite(loaded, { resolve: { env: {} } }), { store, useCache: false });
      const history = await store.modelCallStats(['openai-compatible/small', 'ollama/local']);
      expect(history.get('openai-compatible/small')).toMatchObject({ calls: 20, meanOutputTokens: 7 });
      const estimate = await estimateSuite(loaded, { history, resolve: { env: {} } });
      const small = estimate.models[0]!;
      expect(small).toMatchObject({ outputTokens: 20 * 7, outputTokensFrom: 'earlier runs' });
      expect(small.meanLatencyMs).not.toBeNull();
      expect(small.costUsd).toBeCloseTo((small.inputTokens * 1 + 140 * 4) / 1e6, 15);
      expect(estimate.durationSeconds).not.toBeNull();
      // 40 calls four at a time take a tenth of their summed latencies, or more
      const summed = estimate.models.reduce((sum, model) => sum + (model.calls * model.meanLatencyMs!) / 1000, 0);
      expect(estimate.durationSeconds!).toBeGreaterThanOrEqual(summed / 4 - 1e-9);
    } finally {
      await store.close();
    }
  }, 60_000);
});
