/**
 * `parity license` and `parity cost` through the real CLI entry point, in-process, over the bundled catalog
 * and reference tables. Output is captured from process.stdout / process.stderr.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureOutput } from '../helpers/capture-output.js';

const io = captureOutput();

const run = io.run;

describe('parity license', () => {
  it('--json gives the verdict, the conditions and the quoted clause with its source', async () => {
    const code = await run('license', '--model', 'meta/llama-3.1-70b-instruct', '--mau', '800000000', '--commercial', '--json');
    expect(code, io.stderr).toBe(0);
    const verdict = JSON.parse(io.stdout) as { verdict: string; clause: { text: string }; source: string; conditions: string[] };
    expect(verdict.verdict).toBe('not-allowed');
    expect(verdict.clause.text).toContain('700,000,000 monthly active users');
    expect(verdict.source).toContain('meta-llama/llama-models');
    expect(verdict.conditions.join(' ')).toContain('Built with Llama');
  });

  it('Llama 3 with --train-on-outputs is not allowed, quoting sec. 1.b.v', async () => {
    await run('license', '--model', 'meta/meta-llama-3-8b-instruct', '--mau', '5000', '--commercial', '--train-on-outputs', '--json');
    const verdict = JSON.parse(io.stdout) as { verdict: string; clause: { text: string } };
    expect(verdict).toMatchObject({ verdict: 'not-allowed' });
    expect(verdict.clause.text).toContain('1.b.v');
  });

  it('several models give an array; a closed model is unknown, governed by API terms', async () => {
    await run('license', '--model', 'alibaba/qwen2-5-7b-instruct', '--model', 'openai/gpt-4o', '--model', 'nobody/unknown-9b', '--mau', '10', '--json');
    const verdicts = JSON.parse(io.stdout) as Array<{ verdict: string; governedBy: string; notes: string[] }>;
    expect(verdicts.map((verdict) => verdict.verdict)).toEqual(['allowed', 'unknown', 'unknown']);
    expect(verdicts.map((verdict) => verdict.governedBy)).toEqual(['weights-licence', 'api-terms', 'weights-licence']);
    // every verdict is one of the four the issue names
    expect(verdicts.every((verdict) => ['allowed', 'conditions', 'not-allowed', 'unknown'].includes(verdict.verdict))).toBe(true);
    expect(verdicts[2]?.notes[0]).toContain('not in the catalog');
  });

  it('prints a readable verdict and rejects a bad region with a one-line error', async () => {
    expect(await run('license', '--model', 'google/gemma-2-9b-it', '--mau', '1000', '--commercial')).toBe(0);
    expect(io.stdout).toContain('ALLOWED WITH CONDITIONS');
    expect(io.stdout).toContain('not legal advice');
    expect(await run('license', '--model', 'google/gemma-2-9b-it', '--mau', '1000', '--region', 'Europe')).toBe(2);
    expect(io.stderr).toMatch(/^parity: --region: /);
  });
});

describe('parity cost', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parity-cost-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prices a flag-given API against self-hosting with measured throughput, as JSON', async () => {
    const code = await run(
      'cost', '--model', 'meta/llama-3.1-8b-instruct', '--provider', 'none',
      '--api-price', 'lab/closed@lab=1,3', '--requests-per-day', '100000', '--input-tokens', '1000', '--output-tokens', '500',
      '--peak-to-average', '2', '--gpu', 'h100', '--gpus', '1', '--gpu-hour-price', '2', '--throughput', '10',
      '--throughput-unit', 'requests/s', '--utilization', '0.5', '--ops-per-month', '1000', '--json',
    );
    expect(code, io.stderr).toBe(0);
    const report = JSON.parse(io.stdout) as { api: Array<{ monthlyCost: number }>; selfHost: { monthlyCost: number }; comparisons: Array<{ breakEven: { requestsPerDay: number } }> };
    // Same arithmetic as the unit tests: API $7,500/month; self-host 1 replica × 720 h × $2 + $1,000 = $2,440;
    // break-even 2,440 / 0.075 = 32,533.33 requests/day.
    expect(report.api).toHaveLength(1);
    expect(report.api[0]?.monthlyCost).toBeCloseTo(7_500, 6);
    expect(report.selfHost.monthlyCost).toBeCloseTo(2_440, 6);
    expect(report.comparisons[0]?.breakEven.requestsPerDay).toBeCloseTo(2_440 / 0.075, 4);
  });

  it('refuses to guess throughput without --estimate, then labels the estimate', async () => {
    const args = ['cost', '--model', 'meta/llama-3.1-8b-instruct', '--gpu', 'h100', '--gpus', '1', '--requests-per-day', '1000', '--input-tokens', '100', '--output-tokens', '100'];
    expect(await run(...args)).toBe(5);
    expect(io.stderr).toContain('no reference throughput');
    io.clear();
    expect(await run(...args, '--estimate', '--chart', path.join(dir, 'chart.html'))).toBe(0);
    expect(io.stdout).toContain('throughput (estimate): ');
    expect(io.stdout).toContain('ESTIMATE');
    expect(await readFile(path.join(dir, 'chart.html'), 'utf8')).toContain('<svg');
  });

  it('prices a catalog model by the price policy: the maker’s own API by default, each price with provider and date', async () => {
    const args = ['cost', '--api', 'openai/gpt-5-mini', '--no-self-host', '--requests-per-day', '1000', '--input-tokens', '1000', '--output-tokens', '1000', '--json'];
    expect(await run(...args), io.stderr).toBe(0);
    type Report = { pricePolicy: string | null; api: Array<{ provider: string; price: { asOf: string; inputPerMtok: number; outputPerMtok: number } }> };
    const firstParty = JSON.parse(io.stdout) as Report;
    // OpenAI lists GPT-5 Mini at $0.25 in / $2 out; the bundled catalog also has a reseller at $0.04 / $0.29
    expect(firstParty.pricePolicy).toBe('first-party');
    expect(firstParty.api).toHaveLength(1);
    expect(firstParty.api[0]).toMatchObject({ provider: 'openai', price: { inputPerMtok: 0.25, outputPerMtok: 2 } });
    io.clear();
    expect(await run(...args, '--price-policy', 'cheapest'), io.stderr).toBe(0);
    const cheapest = JSON.parse(io.stdout) as Report;
    expect(cheapest.api[0]!.provider).not.toBe('openai');
    expect(cheapest.api[0]!.price.inputPerMtok).toBeLessThan(0.25);
    io.clear();
    expect(await run(...args.slice(0, -1)), io.stderr).toBe(0);
    expect(io.stdout).toContain("API (catalog prices: the maker's own API when it lists the model, else the median provider (--price-policy first-party))");
    expect(io.stdout).toMatch(/openai\/gpt-5-mini @ openai .* \d{4}-\d{2}-\d{2}/);
    io.clear();
    expect(await run(...args, '--price-policy', 'nope')).toBe(2);
    expect(io.stderr).toMatch(/--price-policy/);
  });

  it('needs --model for self-hosting', async () => {
    expect(await run('cost', '--api-price', 'x=1,2', '--requests-per-day', '1', '--input-tokens', '1', '--output-tokens', '1')).toBe(2);
    expect(io.stderr).toContain('--model is required');
  });
});
