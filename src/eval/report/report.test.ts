import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../records/case-result.js';
import { summarize } from '../summary/summarize.js';
import { renderEvalHtml } from './html.js';
import { toJUnit } from './junit.js';

const base = { runId: 'r', repeat: 0, toolCalls: [], graderDetails: null, inputTokens: 1, outputTokens: 1, costUsd: 0, spentUsd: 0, latencyMs: 250, cached: false };
const results: CaseResult[] = [
  { ...base, caseId: 'c1', modelRef: 'm/a', output: '<b>hi</b>', pass: true, score: 1, reason: 'ok', error: null },
  { ...base, caseId: 'c2', modelRef: 'm/a', output: 'no', pass: false, score: 0, reason: 'expected "yes"', error: null },
  { ...base, caseId: 'c3', modelRef: 'm/a', output: '', pass: false, score: 0, reason: 'the model call failed', error: { kind: 'server', cause: 'HTTP 500', message: 'm/a: HTTP 500: upstream returned 500' } },
];

describe('eval reports', () => {
  it('writes JUnit with one failure and one error', () => {
    const xml = toJUnit('demo', results);
    expect(xml).toMatch(/<testsuite[^>]*tests="3"[^>]*failures="1"[^>]*errors="1"/);
    expect(xml).toContain('expected &quot;yes&quot;');
    expect(xml).toContain('<error message="HTTP 500: m/a: HTTP 500: upstream returned 500" type="ModelCallFailed"/>');
    expect(xml).toMatch(/<testcase[^>]*name="c1"[^>]*time="0.25"/);
  });

  it('gives a case with no measured latency (a replayed answer) no time in JUnit, and "—" in the HTML', () => {
    const replayed = results.map((result) => ({ ...result, latencyMs: null }));
    const xml = toJUnit('demo', replayed);
    expect(xml).toMatch(/<testcase[^>]*name="c1"/);
    expect(xml).not.toMatch(/time="0"|<testcase[^>]*time=/);
    const html = renderEvalHtml('demo', summarize([{ ref: 'm/a', label: 'a', openWeights: true, priceSource: null }], replayed), replayed);
    expect(html).toContain('<td>—</td><td>1 <span class="muted">(HTTP 500 ×1)</span></td>');
  });

  it('renders the case matrix with escaped outputs and a failures filter', () => {
    const summary = summarize([{ ref: 'm/a', label: 'a', openWeights: true, priceSource: null }], results);
    const html = renderEvalHtml('demo', summary, results);
    expect(html).toContain('&lt;b&gt;hi&lt;/b&gt;');
    expect(html).not.toContain('<b>hi</b>');
    expect(html.match(/data-fail="true"/g)).toHaveLength(2);
    expect(html).toContain('id="failures-only"');
    // the error is its own outcome: not a fail, and left out of the pass rate (1 of 2 answered)
    expect(html).toContain('<td class="error"><details><summary>error</summary>');
    expect(html).toContain('50.0%');
    expect(html).toContain('HTTP 500 ×1');
  });
});
