/** buildMemo with a cascade replay: it routes by the cascade only when the replay found it cheaper than the router. */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../catalog/index.js';
import { apiMonthlyCost } from '../cost/api-cost.js';
import { loadReference } from '../load-reference.js';
import { buildMemo } from './build-memo.js';
import { cascadeEvidenceFromJson } from './cascade-evidence.js';
import { evalSummarySchema } from '../../eval/index.js';
import type { EvalEvidence } from './evidence.js';
import { renderMemoMarkdown } from './render-markdown.js';

const catalog = loadCatalog();
const reference = loadReference();

const model = (ref: string, openWeights: boolean, passes: number) => ({
  ref, label: ref, openWeights, cases: 200, attempts: 200, passes, passRate: passes / 200, passRateInterval: { low: null, high: null },
  errors: 0, costUsd: null, costPerCase: null, priceSource: null, meanInputTokens: 600, meanOutputTokens: 250, meanScore: passes / 200,
});
const open = model('openai-compatible/meta/llama-3.1-70b-instruct', true, 150);
const frontier = model('openai/gpt-4o', false, 176);
const evidence: EvalEvidence = {
  runId: 'run-1', name: 'suite', status: 'completed', store: null, file: null, createdAt: null, config: null,
  // the eval's schema fills what this test leaves out, as for a summary read back from the store
  summary: evalSummarySchema.parse({
    models: [open, frontier],
    comparisons: [{
      candidate: open.ref, reference: frontier.ref, pairedCases: 200,
      passRateDifference: { difference: -0.13, interval: { low: -0.18, high: -0.08 }, resamples: 2000, method: 'paired-bootstrap-percentile' },
      scoreDifference: { difference: -0.13, interval: { low: -0.18, high: -0.08 }, resamples: 2000, method: 'paired-bootstrap-percentile' },
      mcnemar: { onlyA: 4, onlyB: 30, pValue: 0.001, method: 'mcnemar-asymptotic' },
      nonInferiority: { verdict: 'inferior', margin: 0.05, difference: -0.13, interval: { low: -0.18, high: -0.08 }, statement: 'inferior' },
      coverage: { candidatePasses: 0.75, onlyReferencePasses: 0.15, onlyCandidatePasses: 0.02, bothFail: 0.08, referenceCostPerCase: null, oracleRoutingCostPerCase: null, cascadeCostPerCase: null },
    }],
  }),
};

function replay(cheapest: string) {
  return cascadeEvidenceFromJson(
    {
      kind: 'cascade',
      cascade: { models: ['llama', 'gpt-4o'], judge: 'parity eval: suite', prompts: 200, source: 'eval run run-1' },
      verifier: { kind: 'grader', threshold: null, falseAccept: 0.05, falseReject: 0.1, costPerCheck: 0.0001, description: 'the stored verdicts, …' },
      result: { passRate: 0.87, costPerRequest: 0.004, answeredBy: [0.7, 0.3], callsPerRequest: 1.3, checksPerRequest: 1 },
      router: { available: true },
      target: {
        passRate: 0.88,
        cheapest,
        points: [
          { strategy: 'cascade', reached: true, straightToLast: null, passRate: 0.9, costPerRequest: 0.004, savings: 0.6 },
          { strategy: 'router', reached: true, straightToLast: 0.5, passRate: 0.88, costPerRequest: 0.006, savings: 0.4 },
          { strategy: 'always-last', reached: true, straightToLast: null, passRate: 0.88, costPerRequest: 0.01, savings: 0 },
        ],
      },
    },
    { path: 'cascade.json', sha256: '0'.repeat(64) },
  );
}

describe('buildMemo with a cascade replay', () => {
  const options = { asOf: '2026-12-07', workload: { requestsPerDay: 10_000 }, hosting: 'api' as const, profile: { commercial: true, monthlyActiveUsers: 1000 } };

  it('routes by the cascade when the replay found it cheapest: every request calls the open model, 30% reach the frontier', () => {
    const memo = buildMemo({ eval: evidence, route: null, cascade: replay('cascade'), catalog, reference, options });
    expect(memo.cascade).toMatchObject({ beatsRouter: true, openCallShare: 1, frontierCallShare: 0.3 });
    expect(memo.recommendation).toMatchObject({ action: 'route', frontierShare: 0.3 });
    const routed = memo.cost.scenarios.find((scenario) => scenario.id === 'routed');
    expect(routed?.method).toBe('cascade');
    const days = memo.cost.daysPerMonth;
    const openPrice = memo.cost.openApiPrice?.price;
    expect(openPrice).toBeDefined();
    const openAll = apiMonthlyCost({ ...memo.cost.workload, requestsPerDay: 10_000 }, openPrice!, days).monthlyCost;
    // the open model serves every request, plus one check of 0.0001 USD per request
    expect(routed?.openMonthlyCost).toBeCloseTo(openAll + 0.0001 * 10_000 * days, 6);
    expect(routed?.frontierMonthlyCost).toBeCloseTo(apiMonthlyCost({ ...memo.cost.workload, requestsPerDay: 3_000 }, memo.cost.frontierPrice.price, days).monthlyCost, 6);
    expect(memo.recommendation.reasons.join('\n')).toMatch(/routing by a cascade llama → gpt-4o .* 60\.0% below always-frontier, the learned router 40\.0% below; .* false-accept 0\.05 and false-reject 0\.1/);
    expect(memo.sources.map((source) => source.key)).toContain('C');
    const markdown = renderMemoMarkdown(memo);
    expect(markdown).toContain('### Cascade [C]');
    expect(markdown).toContain('routed by a cascade');
  });

  it('keeps the router when the replay found the router cheaper, and says so', () => {
    const memo = buildMemo({ eval: evidence, route: null, cascade: replay('router'), catalog, reference, options });
    expect(memo.cascade?.beatsRouter).toBe(false);
    expect(memo.cost.scenarios.some((scenario) => scenario.method === 'cascade')).toBe(false);
    expect(renderMemoMarkdown(memo)).toContain('does not find a cascade cheaper than the learned router');
  });

  it('refuses a file that is not a cascade replay, naming it', () => {
    expect(() => cascadeEvidenceFromJson({ kind: 'ladder' }, { path: 'x.json', sha256: '0'.repeat(64) })).toThrow(/x\.json.*not the JSON of `parity route eval --cascade/);
  });
});
