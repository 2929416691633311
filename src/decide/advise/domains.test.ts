import { describe, expect, it } from 'vitest';
import type { Taxonomy } from '../../catalog/index.js';
import { chooseDomains, inferDomains } from './domains.js';
import type { EvalEvidence } from './evidence.js';

const taxonomy: Pick<Taxonomy, 'benchmarks'> = {
  benchmarks: [
    { id: 'arena-hard', name: 'Arena-Hard', domain: 'human-preference', metric: 'accuracy', higherIsBetter: true, description: null },
    { id: 'bfcl', name: 'BFCL', domain: 'function-calling', metric: 'accuracy', higherIsBetter: true, description: null },
    { id: 'humaneval', name: 'HumanEval', domain: 'coding', metric: 'accuracy', higherIsBetter: true, description: null },
  ],
};

function evidence(name: string, config: EvalEvidence['config'] = null): EvalEvidence {
  return { runId: 'r1', name, status: 'completed', store: null, file: null, createdAt: null, config, summary: { models: [], comparisons: [] } };
}

describe('inferDomains', () => {
  it('reads a standard benchmark run', () => {
    expect(inferDomains(evidence('benchmark:gsm8k'), taxonomy)).toEqual([{ domain: 'math', how: 'inferred: the run is the standard benchmark gsm8k' }]);
    expect(inferDomains(evidence('x', { kind: 'benchmark', benchmark: 'ifeval' }), taxonomy).map((entry) => entry.domain)).toEqual(['instruction-following']);
  });

  it('reads grader kinds, also inside inline cases', () => {
    const config = { kind: 'suite' as const, suite: { name: 'support bot', providers: [], graders: [{ type: 'contains' }], cases: [{ graders: [{ type: 'code' }] }] } };
    const inferred = inferDomains(evidence('support bot', config), taxonomy);
    expect(inferred).toEqual([{ domain: 'coding', how: 'inferred: the suite grades with the `code` grader' }]);
  });

  it('matches benchmark ids in names as whole words only, once per text', () => {
    expect(inferDomains(evidence('arena-hard-auto sample'), taxonomy)[0]?.how).toBe(
      'inferred: the run name "arena-hard-auto sample" names the catalog benchmark arena-hard (taxonomy: human-preference)',
    );
    expect(inferDomains(evidence('mbfcl tests'), taxonomy)).toEqual([]);
    expect(inferDomains(evidence('humaneval subset'), taxonomy).map((entry) => entry.domain)).toEqual(['coding']);
  });

  it('does not guess from an ordinary name', () => {
    expect(inferDomains(evidence('refund emails'), taxonomy)).toEqual([]);
  });
});

describe('chooseDomains', () => {
  it('keeps named domains first and merges what inference adds', () => {
    const chosen = chooseDomains(['math', 'coding'], true, evidence('humaneval subset'), taxonomy);
    expect(chosen.map((entry) => entry.domain)).toEqual(['math', 'coding']);
    expect(chosen[1]?.how).toMatch(/^named with --domain; also inferred: /);
    expect(chooseDomains([], false, evidence('humaneval subset'), taxonomy)).toEqual([]);
  });
});
