/**
 * `parity cost --fine-tune` and the memo's "fine-tune or route?" section through the real CLI entry point,
 * in-process, over the bundled catalog and reference tables. The break-even reads an eval run of the advise
 * fixture (replayed Mixtral 8x7B vs GPT-4 Turbo answers, graded by recorded judge scores).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fineTuneOutputJsonSchema, type FineTuneReport } from '../../src/decide/fine-tune/compute-fine-tune.js';
import { captureOutput } from '../helpers/capture-output.js';
import { prepareAdviseSuite } from '../fixtures/advise/prepare.js';

const io = captureOutput();
const run = io.run;
const committed = JSON.parse(readFileSync(new URL('../../schemas/fine-tune-output.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const validate = addFormats.default(new Ajv2020({ allErrors: true, strict: false })).compile(committed); // formats checked

const dir = mkdtempSync(path.join(tmpdir(), 'parity-fine-tune-cli-'));
const evalFile = path.join(dir, 'eval.json');
let evaluation: { summary: { comparisons: Array<{ coverage: { onlyReferencePasses: number } }> } };

beforeAll(async () => {
  io.start();
  try {
    const suite = prepareAdviseSuite(dir);
    expect(await run('eval', suite, '--db', path.join(dir, 'parity.db'), '--json', '--quiet'), io.stderr).toBe(0);
    writeFileSync(evalFile, io.stdout);
    evaluation = JSON.parse(io.stdout) as typeof evaluation;
  } finally {
    vi.restoreAllMocks();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function report(): FineTuneReport {
  const value: unknown = JSON.parse(io.stdout);
  expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
  return value as FineTuneReport;
}

describe('parity cost --fine-tune', () => {
  it('the committed JSON Schema is the one generated from the zod schema (npm run schemas)', () => {
    expect(committed).toEqual(JSON.parse(JSON.stringify(fineTuneOutputJsonSchema())));
  });

  it('--json: an 8B LoRA self-run on one H100 and the hosted quotes, every figure with its source', async () => {
    const code = await run('cost', '--fine-tune', '--model', 'meta/llama-3.1-8b-instruct', '--training-tokens', '10M', '--epochs', '3', '--gpu-hour-price', '2', '--json');
    expect(code, io.stderr).toBe(0);
    const result = report();
    expect(result).toMatchObject({ method: 'lora', trainingTokens: 10_000_000, billedTokens: 30_000_000, selfRunUnavailable: null, serving: null, breakEven: null });
    expect(result.selfRun?.gpus).toBe(1);
    // 6 × 8e9 × 3e7 × 0.8 = 1.152e18 FLOPs at 40.42% of 989.5 TFLOPS = 0.8000882 h × $2
    expect(result.selfRun?.trainingCost).toBeCloseTo((1.152e18 / (0.4042 * 989.5e12) / 3600) * 2, 9);
    expect(result.hosted?.quotes.map((quote) => [quote.service, quote.oneTimeCost])).toEqual([['ori', 13.8], ['fireworks', 15]]);
    expect(result.cheapest?.via).toBe('self-run on 1×h100');
    expect(result.assumptions.every((row) => row.source.length > 0 && /^\d{4}-\d{2}-\d{2}$/.test(row.seen))).toBe(true);
  });

  it('prints the refusal, the fit table and the quotes as text', async () => {
    expect(await run('cost', '--fine-tune', '--model', 'meta/llama-3.1-70b-instruct', '--method', 'full', '--training-tokens', '1M', '--gpu', 'a10', '--max-gpus', '8'), io.stderr).toBe(0);
    expect(io.stdout).toContain('Self-run: REFUSED — full fine-tune of meta/llama-3.1-70b-instruct (70B) on a10 (24.0 GB usable each) does not fit on up to 8 GPUs');
    expect(io.stdout).toContain('Fireworks AI: does not offer full fine-tuning');
    expect(io.stdout).toContain('left out (no published per-token price found): OpenAI, Together AI');
    io.clear();
    expect(await run('cost', '--fine-tune', '--model', 'meta/llama-3.1-70b-instruct', '--method', 'full', '--training-tokens', '1M'), io.stderr).toBe(0);
    expect(io.stdout).toMatch(/Self-run on 16×h100/);
    expect(io.stdout).toContain('GPU counts: 1 no (1124.3 GB), 2 no (564.3 GB), 4 no (284.3 GB), 8 no (144.3 GB), 16 fits (74.3 GB)');
  });

  it('refuses, naming the cause: no parameter count, nothing fits, a method not offered, a missing size', async () => {
    expect(await run('cost', '--fine-tune', '--model', 'meta/llama-3.3-8b-instruct', '--training-tokens', '1M')).toBe(2);
    expect(io.stderr).toContain('has no known parameter count in the catalog: give it with --params');
    io.clear();
    expect(await run('cost', '--fine-tune', '--via', 'self', '--model', 'meta/llama-3.1-70b-instruct', '--method', 'full', '--training-tokens', '1M', '--gpu', 'a10', '--max-gpus', '8')).toBe(2);
    expect(io.stderr).toMatch(/does not fit on up to 8 GPUs/);
    io.clear();
    expect(await run('cost', '--fine-tune', '--via', 'hosted', '--service', 'fireworks', '--model', 'meta/llama-3.1-8b-instruct', '--method', 'full', '--training-tokens', '1M')).toBe(2);
    expect(io.stderr).toContain('Fireworks AI does not offer full fine-tuning');
    io.clear();
    expect(await run('cost', '--fine-tune', '--model', 'meta/llama-3.1-8b-instruct')).toBe(2);
    expect(io.stderr).toContain('--training-tokens is required');
    io.clear();
    expect(await run('cost', '--fine-tune', '--model', 'meta/llama-3.1-8b-instruct', '--training-tokens', 'lots')).toBe(2);
    expect(io.stderr).toContain('--training-tokens: expected a positive token count');
    io.clear();
    expect(await run('cost', '--model', 'meta/llama-3.1-8b-instruct', '--training-tokens', '1M')).toBe(2);
    expect(io.stderr).toContain('add --fine-tune');
    io.clear();
    expect(await run('cost', '--model', 'meta/llama-3.1-8b-instruct', '--input-tokens', '100', '--output-tokens', '100')).toBe(2);
    expect(io.stderr).toContain('--requests-per-day is required');
  });

  it('with a workload, prices running the tuned model against the APIs; with an eval run, the break-even against routing', async () => {
    const code = await run(
      'cost', '--fine-tune', '--model', 'mistral/mixtral-8x7b-instruct-v0.1', '--active-params', '12.9', '--training-tokens', '5M', '--epochs', '2',
      '--eval', evalFile, '--requests-per-day', '20000', '--input-tokens', '500', '--output-tokens', '300', '--gpu', 'h200',
      '--open-hosting', 'api', '--recovery', '0.6', '--retune-months', '6', '--json',
    );
    expect(code, io.stderr).toBe(0);
    const result = report();
    expect(result.selfRunUnavailable).toContain('--layers, --hidden-size and --vocab-size');
    // Fireworks' Mixtral 8x7B row: 10M billed tokens × $2/M = $20
    expect(result.cheapest).toEqual({ oneTimeCost: 20, via: 'hosted at Fireworks AI' });
    expect(result.serving?.merged.monthlyCost).toBeGreaterThan(0);
    expect(result.serving?.adapter?.monthlyCost).toBeLessThanOrEqual(result.serving?.merged.monthlyCost ?? 0);
    const breakEven = result.breakEven!;
    expect(breakEven.evalRun.frontierOnlyShare).toBe(evaluation.summary.comparisons[0]?.coverage.onlyReferencePasses);
    expect(breakEven.frontier.modelId).toBe('openai/gpt-4-1106-preview');
    expect(breakEven.recovery).toBe(0.6);
    expect(breakEven.sensitivity.map((row) => row.recovery)).toEqual([0.25, 0.5, 0.6, 0.75, 1]);
    expect(breakEven.assumptions[0]).toMatch(/^ASSUMED: after tuning, the model passes 60% of the/);
    expect(breakEven.tuned).toContain('at');
    // the routing plan pays the frontier model for the frontier-only share; the tuned plan for the rest of it
    expect(breakEven.fineTuned.frontierShare).toBeCloseTo(0.4 * breakEven.evalRun.frontierOnlyShare, 12);
    expect(breakEven.headline.monthlySaving).toBeCloseTo(breakEven.routing.monthlyCost - breakEven.fineTuned.monthlyCost, 9);
  });
});

describe('parity advise --training-tokens', () => {
  it('renders the "fine-tune or route?" section from the fixture run, with its sources', async () => {
    const out = path.join(dir, 'memo');
    const code = await run(
      'advise', '--eval', evalFile, '--no-route', '--requests-per-day', '20000', '--mau', '50000', '--commercial', '--as-of', '2026-12-07',
      '--hosting', 'api', '--training-tokens', '5M', '--epochs', '2', '--active-params', '12.9', '--recovery', '0.5', '--retune-months', '6', '--out', out,
    );
    expect(code, io.stderr).toBe(0);
    const markdown = readFileSync(path.join(out, 'memo.md'), 'utf8');
    const section = markdown.slice(markdown.indexOf('## Fine-tune or route?'), markdown.indexOf('## Licence'));
    expect(section).toMatch(/^## Fine-tune or route\? \[E\]\[W\]\[P1\]\[P2\]\[F\]\[FH\]/);
    expect(section).toContain('Fine-tuning Mixtral-8x7B-Instruct-v0.1 (`mistral/mixtral-8x7b-instruct-v0.1`, 46.703B parameters) by lora: 5,000,000 training tokens × 2 epochs.');
    expect(section).toContain('- Hosted at Fireworks AI: $2/M training tokens (models mixtral-8x7b) = $20.00');
    expect(section).toContain('- Self-run: not possible');
    expect(section).toContain('**Assumption:** ASSUMED: after tuning, the model passes 50% of the');
    expect(section).toMatch(/\| 50% \(pass rate [\d.]+%\) \| \$[\d,.]+ \|/);
    expect(markdown).toMatch(/- \[FH\] published fine-tuning prices: Fireworks AI \$2\/M training tokens for models mixtral-8x7b \(fireworks\.ai\/pricing/);
    expect(markdown).toMatch(/- \[F\] fine-tuning cost model rows: training-flops-per-parameter-token = 6 \(Kaplan et al\. 2020/);
    expect(readFileSync(path.join(out, 'memo.html'), 'utf8')).toContain('<section class="fine-tune">');
    io.clear();
    expect(await run('advise', '--eval', evalFile, '--no-route', '--requests-per-day', '20000', '--mau', '50000', '--hosting', 'api', '--as-of', '2026-12-07'), io.stderr).toBe(0);
    expect(io.stdout).toContain('## Fine-tune or route?\n\nNot priced: give the training set size (`--training-tokens`');
  });
});
