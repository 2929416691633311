/**
 * An answer without token counts is unknown, never 0 tokens and $0 — through the CLI against a real server on
 * 127.0.0.1 that answers without `usage`, with only `prompt_tokens`, or with usage on some cases only: the case
 * results keep null tokens and a null cost, the summary says how many calls had no usage and gives the cost of the
 * others as a lower bound, the budget is charged an estimate of what the calls without usage cost (so `--max-cost`
 * still stops the run), and the output says so. An old run, stored with 0 tokens and a summary from before these
 * counts, still reads.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalReport } from '../../src/eval/execute-plan.js';
import { runSummarySchema } from '../../src/eval/records/run-summary.js';
import { openStore } from '../../src/store/index.js';
import { reply, startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { caseResult } from '../helpers/eval-records.js';
import { runCli } from '../helpers/run-cli.js';
import { renderEvalSummary } from '../../src/cli/eval-summary.js';
import { doublingCases, numberAsked } from './chat-upstream.js';

let dir: string;
let upstream: FakeUpstream;

/** The usage each model's answers carry: none, only the prompt's tokens, or both on even n and none on odd n. */
function usageFor(model: string, n: number): Record<string, number> | undefined {
  if (model === 'prompt-only') return { prompt_tokens: 20 };
  if (model === 'mixed' && n % 2 === 0) return { prompt_tokens: 20, completion_tokens: 2, total_tokens: 22 };
  return undefined;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'parity-eval-usage-'));
  upstream = await startFakeUpstream();
  upstream.on(
    'POST /v1/chat/completions',
    reply.handler((request, response) => {
      const n = numberAsked(request);
      const model = (request.json as { model: string }).model;
      const usage = usageFor(model, n);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: 'chatcmpl-usage',
          object: 'chat.completion',
          created: 0,
          model,
          choices: [{ index: 0, message: { role: 'assistant', content: String(2 * n) }, finish_reason: 'stop' }],
          ...(usage === undefined ? {} : { usage }),
        }),
      );
    }),
  );
});
afterAll(async () => {
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});

function suite(name: string, providers: string, cases: number): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, `name: ${name}\nprompt: "What is {{n}} + {{n}}?"\ngraders: [{ type: equals }]\nconcurrency: 1\nproviders:\n${providers}\ncases:\n${doublingCases(cases)}\n`);
  return file;
}

const provider = (model: string, extra: string) => `  - { ref: openai-compatible/${model}, label: ${model}, baseURL: ${upstream.url}/v1, ${extra} }`;
/** The prompt's tokens as the estimate counts them: the content, 3 for the message's framing, 3 to prime the reply. */
const promptTokens = (n: number) => countTokens(`What is ${n} + ${n}?`) + 6;

describe('answers without usage', () => {
  it('keep null tokens and a null cost, are summed as unknown (never 0), and are charged an estimate that the output names', async () => {
    const file = suite(
      'no-usage',
      [
        provider('none', 'price: { inputPerMtok: 10, outputPerMtok: 20 }, maxTokens: 64'),
        provider('prompt-only', 'price: { inputPerMtok: 10, outputPerMtok: 20 }'),
        provider('mixed', 'price: { inputPerMtok: 10, outputPerMtok: 20 }'),
      ].join('\n'),
      4,
    );
    const db = path.join(dir, 'usage.db');
    const html = path.join(dir, 'usage.html');
    const result = await runCli(['eval', file, '--db', db, '--json', '--quiet', '--no-cache', '--html', html], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as EvalReport;
    const model = (label: string) => report.summary.models.find((entry) => entry.label === label)!;

    // no usage at all: tokens and cost unknown, not 0 and $0
    expect(model('none')).toMatchObject({ passes: 4, usageUnknown: 4, costUsd: null, costPerCase: null, costPerPassedCase: null, meanInputTokens: null, meanOutputTokens: null });
    // only the prompt's tokens: the input mean is known, the output and the cost are not
    expect(model('prompt-only')).toMatchObject({ usageUnknown: 4, costUsd: null, meanInputTokens: 20, meanOutputTokens: null });
    // usage on n = 2 and 4 only: the cost of those two is a lower bound, the means are over them
    const partial = (20 * 10 + 2 * 20) / 1e6;
    expect(model('mixed')).toMatchObject({ usageUnknown: 2, meanInputTokens: 20, meanOutputTokens: 2, costPerPassedCase: null });
    expect(model('mixed').costUsd).toBeCloseTo(2 * partial, 12);
    expect(model('mixed').costPerCase).toBeCloseTo(partial, 12);

    const store = await openStore({ url: db });
    try {
      const results = await store.listResults(report.runId);
      const of = (label: string) => results.filter((entry) => entry.modelRef === `openai-compatible/${label}`);
      for (const entry of of('none')) {
        expect(entry).toMatchObject({ inputTokens: null, outputTokens: null, costUsd: null });
        // the budget is charged the prompt counted and the output at its bound, maxTokens (64 > the answer's tokens)
        const n = Number(entry.caseId.slice(1));
        expect(entry.spentUsd).toBeCloseTo((promptTokens(n) * 10 + 64 * 20) / 1e6, 12);
      }
      for (const entry of of('prompt-only')) {
        expect(entry).toMatchObject({ inputTokens: 20, outputTokens: null, costUsd: null });
        // the reported prompt tokens, and the answer's tokens counted (no maxTokens)
        expect(entry.spentUsd).toBeCloseTo((20 * 10 + countTokens(entry.output) * 20) / 1e6, 12);
      }
      for (const entry of of('mixed')) {
        const n = Number(entry.caseId.slice(1));
        if (n % 2 === 0) expect(entry).toMatchObject({ inputTokens: 20, outputTokens: 2, spentUsd: partial });
        else expect(entry).toMatchObject({ inputTokens: null, outputTokens: null, costUsd: null });
      }
      // the run's spend counts every estimate, and says how many calls it estimated
      const spent = results.reduce((sum, entry) => sum + entry.spentUsd, 0);
      expect(spent).toBeGreaterThan(4 * ((64 * 20) / 1e6));
      expect(report.spend).toMatchObject({ estimatedCalls: 10 });
      expect(report.spend!.runUsd).toBeCloseTo(spent, 12);
      // the stored summary (what the dashboard and the memo read) carries the same counts
      const stored = runSummarySchema.parse((await store.getRun(report.runId))!.summary);
      expect(stored.summary.models.map((entry) => entry.usageUnknown)).toEqual([4, 4, 2]);
    } finally {
      await store.close();
    }

    const text = renderEvalSummary(report, { db, resume: 'parity eval --resume' });
    expect(text).toContain('token counts unknown (the provider sent no usage, or only part of it):');
    expect(text).toMatch(/^ {2}none: 4 of 4 answered calls reported no token counts — cost unknown$/m);
    expect(text).toMatch(/^ {2}mixed: 2 of 4 answered calls reported no token counts — cost ≥ \$0\.00048 \(2 calls left out; cost\/case is the mean of the 2 with usage\)$/m);
    expect(text).toMatch(/it counts an estimate for 10 calls that reported no token counts$/m);
    expect(readFileSync(html, 'utf8')).toContain('mixed: 2 of 4 answered calls reported no token counts — its cost is at least $0.00048');
  }, 120_000);

  it('--max-cost holds: answers without usage are charged their estimate, so the run stops at the cap instead of spending on', async () => {
    // each call is charged about (13 + 1000) tokens × $10/Mtok ≈ $0.0101: a cap of $0.025 leaves room for two
    const file = suite('capped', provider('none', 'price: { inputPerMtok: 10, outputPerMtok: 10 }, maxTokens: 1000'), 6);
    const db = path.join(dir, 'capped.db');
    const before = upstream.count();
    const result = await runCli(['eval', file, '--db', db, '--max-cost', '0.025', '--json', '--quiet', '--no-cache'], { cwd: dir });
    expect(result.code, result.stderr).toBe(7);
    const report = JSON.parse(result.stdout) as EvalReport;
    expect(report.outcome.status).toBe('stopped-budget');
    expect(upstream.count() - before).toBe(2);
    expect(report.spend).toMatchObject({ capUsd: 0.025, estimatedCalls: 2 });
    expect(report.spend!.runUsd).toBeGreaterThan(0.02);
  }, 120_000);
});

describe('an old run in the store', () => {
  it('still reads: rows stored with 0 tokens stay as they are, a summary without the usage counts parses and renders', async () => {
    const db = path.join(dir, 'old.db');
    const store = await openStore({ url: db });
    try {
      await store.createRun({ id: 'old-run', suiteName: 'old', suiteHash: 'h', config: {} });
      // as the eval wrote an answer without usage before: 0 tokens, $0
      await store.recordResults([caseResult({ runId: 'old-run', caseId: 'c1', inputTokens: 0, outputTokens: 0, costUsd: 0, spentUsd: 0 })]);
      const summary = {
        outcome: { status: 'completed', done: 1, total: 1, skipped: 0, errors: 0, failures: 0, maxErrorShare: 0.05 },
        spend: { runUsd: 0, invocationUsd: 0, capUsd: null },
        summary: {
          models: [
            {
              ref: 'openai/gpt-4o', label: 'gpt-4o', openWeights: false, cases: 1, attempts: 1, errors: 0, passes: 1, passRate: 1,
              passRateInterval: { low: 0.2, high: 1 }, meanScore: 1, errorCauses: [], cached: 0, costUsd: 0, costPerCase: 0,
              costPerPassedCase: 0, priceSource: 'catalog', latencyP50Ms: 250, latencyP95Ms: 250, meanInputTokens: 0, meanOutputTokens: 0, consistency: null,
            },
          ],
          comparisons: [],
        },
        thresholds: { passed: true, failures: [] },
      };
      await store.finishRun('old-run', 'completed', runSummarySchema.parse(summary));
      const run = await store.getRun('old-run');
      const parsed = runSummarySchema.parse(run!.summary);
      expect(parsed.summary.models[0]).toMatchObject({ meanInputTokens: 0, costUsd: 0 });
      expect(parsed.summary.models[0]!.usageUnknown).toBeUndefined();
      expect((await store.listResults('old-run'))[0]).toMatchObject({ inputTokens: 0, outputTokens: 0, costUsd: 0 });
      const text = renderEvalSummary({ ...parsed, runId: 'old-run', name: 'old' } as EvalReport, { db, resume: '' });
      expect(text).not.toContain('token counts unknown');
    } finally {
      await store.close();
    }
  });
});
