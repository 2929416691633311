/** buildMemo over hand-made evidence and the bundled catalog and reference tables. */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../catalog/index.js';
import { loadReference } from '../load-reference.js';
import { checkLicense } from '../license/check-license.js';
import { buildMemo, type AdviseOptions } from './build-memo.js';
import { modelSummarySchema } from '../../eval/index.js';
import type { EvalEvidence, RouteEvidence } from './evidence.js';
import { renderMemoMarkdown } from './render-markdown.js';

const catalog = loadCatalog();
const reference = loadReference();

function model(ref: string, openWeights: boolean, passes: number) {
  // the eval's schema fills what these tests leave out, as it does for a summary read back from the store
  return modelSummarySchema.parse({
    ref,
    label: ref,
    openWeights,
    cases: 200,
    attempts: 200,
    passes,
    passRate: passes / 200,
    passRateInterval: { low: passes / 200 - 0.05, high: passes / 200 + 0.05 },
    errors: 0,
    costUsd: null,
    costPerCase: null,
    priceSource: null,
    meanInputTokens: 600,
    meanOutputTokens: 250,
    meanScore: passes / 200,
    latencyP50Ms: 400,
    latencyP95Ms: 900,
  });
}

function evidence(verdict: 'non-inferior' | 'inferior' | 'inconclusive', difference: number): EvalEvidence {
  const open = model('openai-compatible/meta/llama-3.1-70b-instruct', true, 170);
  const frontier = model('openai/gpt-4o', false, 176);
  return {
    runId: 'support-bot-1',
    name: 'support bot',
    status: 'completed',
    store: '/tmp/x.db',
    file: null,
    createdAt: '2026-11-01T00:00:00Z',
    config: null,
    summary: {
      models: [open, frontier],
      comparisons: [
        {
          candidate: open.ref,
          reference: frontier.ref,
          pairedCases: 200,
          passRateDifference: { difference, interval: { low: difference - 0.02, high: difference + 0.02 }, resamples: 2000, method: 'paired-bootstrap-percentile' },
          scoreDifference: { difference, interval: { low: difference - 0.02, high: difference + 0.02 }, resamples: 2000, method: 'paired-bootstrap-percentile' },
          unpairedCases: 0,
          mcnemar: { onlyA: 4, onlyB: 10, statistic: -1.6, pValue: 0.11, method: 'mcnemar-asymptotic' },
          nonInferiority: { verdict, margin: 0.05, alpha: 0.05, difference, interval: { low: difference - 0.02, high: difference + 0.02 }, casesNeeded: null, statement: 'test statement' },
          coverage: { candidatePasses: 0.85, onlyReferencePasses: 0.05, onlyCandidatePasses: 0.02, bothFail: 0.1, referenceCostPerCase: null, oracleRoutingCostPerCase: null, cascadeCostPerCase: null },
        },
      ],
    },
  };
}

const options = (extra: Partial<AdviseOptions> = {}): AdviseOptions => ({
  asOf: '2026-11-29',
  workload: { requestsPerDay: 10_000 },
  hosting: 'api',
  profile: { commercial: true, monthlyActiveUsers: 10_000 },
  ...extra,
});

describe('buildMemo', () => {
  it('switches to a non-inferior open model with an allowed licence, and re-checks in 6 months', () => {
    const memo = buildMemo({ eval: evidence('non-inferior', -0.03), route: null, catalog, reference, options: options({ domains: ['coding'] }) });
    expect(memo.quality.open.catalogId).toBe('meta/llama-3.1-70b-instruct');
    expect(memo.quality.open.mappedBy).toContain('model name');
    expect(memo.recommendation).toMatchObject({ action: 'switch', frontierShare: 0, hosting: 'api' });
    expect(memo.recommendation.costChange).toBeLessThan(0);
    const allOpen = memo.cost.scenarios.find((scenario) => scenario.id === 'all-open');
    expect(memo.recommendation.monthlyCost).toBe(allOpen?.monthlyCost);
    const coding = memo.domains[0];
    expect(coding?.domain).toBe('coding');
    const growing = (coding?.trend?.slopeInterval?.[0] ?? 0) > 0;
    expect(memo.reEvaluate.inMonths).toBe(growing ? 3 : 6);
    expect(memo.cost.workload).toMatchObject({ inputTokensPerRequest: 600, outputTokensPerRequest: 250 });
  });

  it('keeps the frontier model when the licence does not allow the use, and says why', () => {
    const profile = { commercial: true, monthlyActiveUsers: 800_000_000 };
    const memo = buildMemo({ eval: evidence('non-inferior', -0.03), route: null, catalog, reference, options: options({ profile }) });
    const expected = checkLicense(catalog.getModel('meta/llama-3.1-70b-instruct')!, profile, reference.licenses);
    expect(expected.verdict).toBe('not-allowed');
    expect(memo.recommendation).toMatchObject({ action: 'keep-frontier', frontierShare: 1, licenseVerdict: 'not-allowed' });
    expect(memo.risks.some((risk) => risk.kind === 'license' && risk.text.includes('NOT-ALLOWED'))).toBe(true);
    expect(renderMemoMarkdown(memo)).toContain(`**Keep ${memo.recommendation.frontierModel.name} for all requests for now.**`);
  });

  it("flags a route evaluation made for another pair, and quotes no lag when no domain is known", () => {
    const report = {
      pair: { weak: 'gemma-7b-it', strong: 'gpt4_1106_preview', judge: 'alpaca', prompts: 100, unpaired: 0, missingJudgements: 0 },
      settings: { folds: 5, seed: 1, model: 'logistic' },
      quality: { weak: 0.4, strong: 0.6 },
      prices: { weak: null, strong: null },
      router: {
        model: 'logistic', apgr: 0.6, apgrInterval: [0.5, 0.7], cpt50: 0.3, cpt50Interval: [0.2, 0.4], cpt80: 0.6, cpt80Interval: [0.5, 0.7], savingsAtCpt50: null, savingsAtCpt80: null,
        curve: [{ frontierShare: 0, quality: 0.4, pgr: 0, costSavings: null }, { frontierShare: 1, quality: 0.6, pgr: 1, costSavings: null }],
      },
      baselines: { random: {}, alwaysStrong: { frontierShare: 1, quality: 0.6, costPerRequest: null }, alwaysWeak: { frontierShare: 0, quality: 0.4, costPerRequest: null, costSavings: null } },
      notes: [],
    };
    const route: RouteEvidence = { file: null, label: 'in memory', report: report as unknown as RouteEvidence['report'], run: null };
    const memo = buildMemo({ eval: evidence('inferior', -0.12), route, catalog, reference, options: options() });
    expect(memo.routing?.matchesEval).toBe(false);
    expect(memo.risks.some((risk) => risk.kind === 'routing' && risk.text.includes('gemma-7b-it'))).toBe(true);
    // the same report cross-validated on the eval run itself is that run's pair, whatever the catalog says
    const own = buildMemo({ eval: evidence('inferior', -0.12), route: { ...route, run: 'support-bot-1' }, catalog, reference, options: options() });
    expect(own.routing).toMatchObject({ fromThisRun: true, matchesEval: true });
    expect(own.risks.some((risk) => risk.kind === 'routing' && risk.text.includes('gemma-7b-it'))).toBe(false);
    expect(own.risks.some((risk) => risk.text.startsWith("The router was cross-validated on this eval run's 100 cases"))).toBe(true);
    expect(memo.recommendation).toMatchObject({ action: 'route', frontierShare: 0.6 });
    expect(memo.domains).toEqual([]);
    expect(memo.notes.join(' ')).toContain('No capability domain');
    expect(memo.reEvaluate.basis).toBe('no lag data for the covered domains');
  });
});
