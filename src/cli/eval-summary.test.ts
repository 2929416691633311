import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EvalReport } from '../eval/index.js';
import { renderEvalSummary } from './eval-summary.js';

/** The golden suite run's summary (test/eval/golden): two models, one error, repeats, a comparison. */
const golden = JSON.parse(readFileSync(new URL('../../test/eval/golden/suite-summary.json', import.meta.url), 'utf8')) as EvalReport;
const options = { db: 'runs.db', resume: 'parity eval suite.yaml --db runs.db --resume <run-id>' };

describe('renderEvalSummary', () => {
  it('a finished run: its verdict, the left-out case, the spend and the command that routes it', () => {
    const text = renderEvalSummary(golden, options);
    expect(text).toContain('golden — run <run-id> (completed: 160/160 calls, 2 errors)');
    expect(text).toContain('open: no recorded answer ×2');
    expect(text).toContain('NOT ENOUGH CASES: not enough cases to tell whether open is within 5.0 pt of closed (n = 39; about 710 needed for δ = 5.0 pt).');
    expect(text).toContain('McNemar p = 0.480 over 39 paired cases; 1 case left out (not answered by both)');
    expect(text).toContain('route it: parity route eval --run <run-id> --db runs.db --weak open --strong closed');
    expect(text).toContain('spent $0.0113 on this run');
    expect(text).not.toContain('no verdict');
  });

  it('an incomplete run: no verdict, no routing advice, and the command that retries the errored calls', () => {
    const reason = 'the run is incomplete: 10% of the calls (16 of 160) ended in an error, more than the 5% allowed';
    const comparison = golden.summary.comparisons[0]!;
    const incomplete: EvalReport = {
      ...golden,
      outcome: { ...golden.outcome, status: 'incomplete', errors: 16 },
      summary: { ...golden.summary, comparisons: [{ ...comparison, nonInferiority: { ...comparison.nonInferiority, verdict: 'no-verdict', casesNeeded: null, statement: reason } }] },
    };
    const text = renderEvalSummary(incomplete, options);
    expect(text).toContain(`NO VERDICT: ${reason}.`);
    expect(text).not.toContain('route it:');
    expect(text).not.toMatch(/NOT ENOUGH CASES|NON-INFERIOR|^INFERIOR/m);
    expect(text).toContain(`no verdict: fix the cause of the errors, then retry exactly the errored calls with: ${options.resume}`);
  });
});
