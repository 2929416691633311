/** `parity track` and `parity start` end to end, in-process, on the bundled data. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DOMAIN_IDS } from '../../src/catalog/schema.js';
import type { ClaimsReport, Epoch2024Output, TrackReport } from '../../src/track/output/index.js';
import { runCli } from './helpers/run-cli.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'parity-track-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('parity track', () => {
  it('reproduces Epoch 2024 threshold lags as JSON: entries per benchmark and level, pooled figures', async () => {
    const run = await runCli(['track', '--dataset', 'epoch-2024', '--method', 'threshold', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const output = JSON.parse(run.stdout) as Epoch2024Output;
    expect(output.kind).toBe('epoch-2024');
    expect(output.area).toBeUndefined();
    const entry = output.threshold!.entries[0]!;
    expect(Object.keys(entry).sort()).toEqual(['benchmark', 'closed', 'lagMonths', 'level', 'open']);
    expect(output.threshold!.pooled).toMatchObject({ n: output.threshold!.entries.length });
  });

  it('computes the ECI lag over January 2023 – October 2025 by default', async () => {
    const run = await runCli(['track', '--dataset', 'eci', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as TrackReport;
    expect(report.options).toMatchObject({ since: '2023-01-01', until: '2025-10-31' });
    const overall = report.domains[0]!;
    expect(overall.domain).toBe('overall');
    expect(overall.lags.map((lag) => lag.method)).toEqual(['threshold', 'area', 'daily']);
    for (const lag of overall.lags) {
      expect(lag.lagMonths).not.toBeNull();
      expect(lag.sources).toEqual(['epoch-eci']);
    }
    for (const point of overall.benchmarks[0]!.frontiers.open) expect(point.date >= '2023-01-01' && point.date <= '2025-10-31').toBe(true);
  });

  it('prints a per-domain table for the catalog and writes a self-contained HTML file', async () => {
    const file = path.join(scratch, 'nested', 'track.html');
    const run = await runCli(['track', '--method', 'threshold', '--html', file, '--wide']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Lag threshold/);
    expect(run.stderr).toContain(file);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
  });

  it('gives one-line errors with usage exit codes for bad flags', async () => {
    const daily = await runCli(['track', '--dataset', 'epoch-2024', '--method', 'daily']);
    expect(daily.code).toBe(2);
    expect(daily.stderr).toMatch(/^parity: --method daily: .*threshold and area/);
    const date = await runCli(['track', '--since', '2025-13-45x']);
    expect(date.code).toBe(2);
    expect(date.stderr).toMatch(/--since/);
    // the right shape but no calendar day: a usage error too, not an internal one (exit 70 before)
    for (const day of ['2024-13-01', '2023-02-29', '2024-04-31']) {
      const impossible = await runCli(['track', '--until', day]);
      expect(impossible.code, day).toBe(2);
      expect(impossible.stderr, day).toMatch(/^parity: --until: expected a date YYYY-MM-DD/);
    }
    const method = await runCli(['track', '--method', 'fastest']);
    expect(method.code).toBe(2);
    const unknown = await runCli(['track', '--benchmark', 'no-such-benchmark']);
    expect(unknown.code).toBe(5);
    expect(unknown.stderr).toMatch(/unknown benchmark "no-such-benchmark"/);
  });
});

describe('parity track --claims', () => {
  const example = 'examples/claims/open-vs-closed.yaml';

  it('gives each shipped claim a verdict with its figures and sources, as JSON', async () => {
    const run = await runCli(['track', '--claims', example, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as ClaimsReport;
    expect(report.kind).toBe('track-claims');
    expect(report.claims.length).toBeGreaterThanOrEqual(6);
    for (const claim of report.claims) {
      expect(['holds', 'does-not-hold', 'not-enough-data']).toContain(claim.verdict);
      expect(claim.figures.length).toBe(claim.domains.length);
      // a measured figure always names its sources; an unmeasured one is never counted against the claim
      for (const figure of claim.figures) {
        if (figure.value === null) expect(figure.verdict).toBe('not-enough-data');
        else expect(figure.sources.length).toBeGreaterThan(0);
      }
    }
    // multilingual (MGSM) has no threshold crossing in the data (every open result is of one day): that claim cannot be checked
    expect(report.claims.find((claim) => claim.id === 'multilingual-within-6-months')?.verdict).toBe('not-enough-data');
    expect(report.counts.holds + report.counts.doesNotHold + report.counts.notEnoughData).toBe(report.claims.length);
    const described = new Set(report.sources.map((source) => source.id));
    for (const claim of report.claims) for (const source of claim.sources) expect(described.has(source)).toBe(true);
  });

  it('prints a verdict table and puts the verdicts in the HTML report', async () => {
    const file = path.join(scratch, 'claims.html');
    const run = await runCli(['track', '--claims', example, '--html', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Claims in examples\/claims\/open-vs-closed\.yaml, checked against the data as of \d{4}-\d{2}-\d{2}: \d+ hold/);
    expect(run.stdout).toContain('not enough data');
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<h2 id="claims">Claims checked against the data</h2>');
    expect(html).toContain('id="claim-parity-on-coding"');
    // each claim's row carries its verdict; the multilingual one cannot be checked (no threshold crossing)
    const rows = new Map([...html.matchAll(/<tr id="claim-([^"]+)">([\s\S]*?)<\/tr>/g)].map((match) => [match[1], match[2] ?? '']));
    expect(rows.size).toBeGreaterThanOrEqual(6);
    for (const [id, row] of rows) expect(row, id).toMatch(/>(holds|does not hold|not enough data)<\/strong><\/td>/);
    expect(rows.get('multilingual-within-6-months')).toContain('>not enough data</strong>');
    expect(html).toContain('<a href="#claims">Claims</a>');
    expect(html).toContain('id="d-coding"'); // the per-domain report is there too
  });

  it('names the file, the claim and the field of a bad claims file', async () => {
    const bad = path.join(scratch, 'bad-claims.yaml');
    writeFileSync(bad, '- { id: x, claim: y, domains: [math], comparison: { kind: lag-at-most } }\n');
    const run = await runCli(['track', '--claims', bad]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/bad-claims\.yaml: claim 1 \(x\), comparison\.months: /);
    const missing = await runCli(['track', '--claims', path.join(scratch, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--claims .*nope\.yaml: no such file/);
  });
});

describe('parity start', () => {
  it('prints every domain (saying which have no data) and writes the report where it says', async () => {
    const file = path.join(scratch, 'report.html');
    const run = await runCli(['start', '--html', file, '--wide']); // one table row per line
    expect(run.code, run.stderr).toBe(0);
    const rows = run.stdout.split('\n').filter((line) => line.startsWith('│ ') && !line.startsWith('│ Domain'));
    const domainRows = rows.filter((line) => !line.startsWith('│  '));
    expect(domainRows.length).toBeGreaterThanOrEqual(8);
    expect(domainRows.length).toBe(DOMAIN_IDS.length);
    expect(run.stdout).toContain(`Report written to ${file}`);
    expect(run.stdout).toMatch(/Epoch AI "How far behind are open models\?"/);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('id="epoch-2024"');
    expect(html).toContain('id="eci"');
    expect(html).toContain('Middle ground');
    // the shipped example claims, checked in the main report
    expect(run.stdout).toMatch(/Claims in examples\/claims\/open-vs-closed\.yaml: \d+ hold, \d+ do not hold, \d+ without enough data/);
    expect(html).toContain('<h2 id="claims">Claims checked against the data</h2>');
  });
});
