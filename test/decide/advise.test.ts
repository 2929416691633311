/**
 * `parity advise` end to end through the library: a replay eval over recorded arena-bench-v1 answers (graded by
 * their recorded judge scores) in a temporary SQLite store, a route evaluation over the same judgement file,
 * then the memo. Every expected figure is read back from the eval report, the route report, the catalog or
 * the licence check — never from the memo itself.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { buildMemo, loadEvalFromStore, loadRouteFile, renderMemoHtml, renderMemoMarkdown, type Memo } from '../../src/decide/advise/index.js';
import { interval, percent, points } from '../../src/decide/advise/format.js';
import { checkLicense, loadReference } from '../../src/decide/index.js';
import { catalogFacts } from '../../src/eval/catalog-facts.js';
import { executePlan, planSuite, type EvalReport } from '../../src/eval/evaluate.js';
import { loadSuite } from '../../src/eval/suite/load.js';
import { catalogPrice } from '../../src/route/catalog-prices.js';
import { buildPairDataset } from '../../src/route/data/pair-dataset.js';
import { readJudgements } from '../../src/route/data/read-judgements.js';
import { evaluateRouting, type RouteEvalReport } from '../../src/route/evaluate.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/route/features/feature-config.js';
import { openStore, type Store } from '../../src/store/index.js';
import { computeTrack } from '../../src/track/index.js';
import { ADVISE_FILES, ADVISE_MODELS, prepareAdviseSuite } from '../fixtures/advise/prepare.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parity-advise-'));
const catalog = loadCatalog();
const reference = loadReference();
const profile = { commercial: true, monthlyActiveUsers: 50_000 };
const requestsPerDay = 20_000;

let store: Store;
let report: EvalReport;
let route: RouteEvalReport;
let routeFile: string;
let memo: Memo;
let markdown: string;

beforeAll(async () => {
  const plan = planSuite(loadSuite(prepareAdviseSuite(dir)), { facts: catalogFacts(catalog) });
  store = await openStore({ url: path.join(dir, 'parity.db') });
  report = await executePlan(plan, { store });

  const table = readJudgements({ format: 'single-score', judgements: ADVISE_FILES.judgements, prompts: ADVISE_FILES.questions, answers: ADVISE_FILES.answers });
  const dataset = buildPairDataset(table, { weak: ADVISE_MODELS.open.file, strong: ADVISE_MODELS.frontier.file });
  const prices = { weak: catalogPrice(catalog, ADVISE_MODELS.open.catalogId), strong: catalogPrice(catalog, ADVISE_MODELS.frontier.catalogId) };
  route = evaluateRouting(dataset, { folds: 4, seed: 1, model: 'logistic', features: DEFAULT_FEATURE_CONFIG, prices });
  routeFile = path.join(dir, 'route.json');
  writeFileSync(routeFile, JSON.stringify(route));

  memo = buildMemo({
    eval: await loadEvalFromStore(store, report.runId),
    route: loadRouteFile(routeFile),
    catalog,
    reference,
    options: {
      asOf: '2026-11-29',
      domains: ['coding'],
      workload: { requestsPerDay },
      selfHost: { gpu: 'h200', allowEstimate: true, activeParametersB: 12.9 },
      profile,
    },
  });
  markdown = renderMemoMarkdown(memo);
});

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const modelOf = (ref: string) => {
  const model = report.summary.models.find((entry) => entry.ref === ref);
  if (model === undefined) throw new Error(`no ${ref} in the eval report`);
  return model;
};

describe('parity advise over a replay eval and a route evaluation', () => {
  it('the replay eval reproduces the recorded judgements (score ≥ 7 passes)', () => {
    const rows = parse(readFileSync(ADVISE_FILES.judgements, 'utf8'), { columns: true }) as Array<{ model: string; score: string }>;
    for (const side of Object.values(ADVISE_MODELS)) {
      const judged = rows.filter((row) => row.model === side.judged);
      const model = modelOf(`replay/${side.file}`);
      expect(model.attempts).toBe(judged.length);
      expect(model.passes).toBe(judged.filter((row) => Number(row.score) >= 7).length);
      expect(model.errors).toBe(0);
    }
  });

  it("carries the eval's pass rates, intervals, difference and verdict", () => {
    const open = modelOf(`replay/${ADVISE_MODELS.open.file}`);
    const frontier = modelOf(`replay/${ADVISE_MODELS.frontier.file}`);
    const comparison = report.summary.comparisons[0];
    expect(comparison).toBeDefined();
    expect(memo.quality.open.passRate).toBe(open.passRate);
    expect(memo.quality.open.passRateInterval).toEqual(open.passRateInterval);
    expect(memo.quality.frontier.passRate).toBe(frontier.passRate);
    expect(memo.quality.frontier.passRateInterval).toEqual(frontier.passRateInterval);
    expect(memo.quality.difference).toBe(comparison?.passRateDifference.difference);
    expect(memo.quality.interval).toEqual(comparison?.passRateDifference.interval);
    expect(memo.quality.verdict).toBe(comparison?.nonInferiority.verdict);
    expect(memo.quality.margin).toBe(comparison?.nonInferiority.margin);
    expect(memo.recommendation.quality.verdict).toBe(comparison?.nonInferiority.verdict);
    expect(memo.eval.runId).toBe(report.runId);
    expect(memo.quality.open.catalogId).toBe(ADVISE_MODELS.open.catalogId);
    expect(memo.quality.frontier.catalogId).toBe(ADVISE_MODELS.frontier.catalogId);
  });

  it("takes the frontier share and savings at CPT(80%) from the route evaluation and recommends routing", () => {
    expect(memo.routing?.operatingPoint.frontierShare).toBe(route.router.cpt80);
    expect(memo.routing?.operatingPoint.costSavings).toBe(route.router.savingsAtCpt80);
    expect(memo.routing?.operatingPoint.frontierShareInterval).toEqual([Math.max(0, route.router.cpt80Interval[0]), Math.min(1, route.router.cpt80Interval[1])]);
    expect(memo.routing?.matchesEval).toBe(true);
    // The open model alone is not non-inferior here, its licence allows the use, and the split saves money: route.
    expect(report.summary.comparisons[0]?.nonInferiority.verdict).not.toBe('non-inferior');
    expect(memo.recommendation.action).toBe('route');
    expect(memo.recommendation.frontierShare).toBe(route.router.cpt80);
    const open = modelOf(`replay/${ADVISE_MODELS.open.file}`).passRate!;
    const frontier = modelOf(`replay/${ADVISE_MODELS.frontier.file}`).passRate!;
    expect(memo.recommendation.estimatedPassRate).toBeCloseTo(open + 0.8 * (frontier - open), 12);
  });

  it('checks the licence as `parity license` does', () => {
    const model = catalog.getModel(ADVISE_MODELS.open.catalogId);
    expect(model).toBeDefined();
    const expected = checkLicense(model!, profile, reference.licenses);
    expect(memo.license.verdict.verdict).toBe(expected.verdict);
    expect(memo.recommendation.licenseVerdict).toBe(expected.verdict);
    expect(memo.license.verdict.conditions).toEqual(expected.conditions);
  });

  it("prices today's traffic from the eval's token counts and the catalog price", () => {
    const frontier = modelOf(`replay/${ADVISE_MODELS.frontier.file}`);
    const price = catalogPrice(catalog, ADVISE_MODELS.frontier.catalogId);
    expect(price).toBeDefined();
    expect(memo.cost.workload.inputTokensPerRequest).toBeCloseTo(frontier.meanInputTokens!, 9);
    expect(memo.cost.workload.outputTokensPerRequest).toBeCloseTo(frontier.meanOutputTokens!, 9);
    const perRequest = (frontier.meanInputTokens! * price!.inputPerMtok + frontier.meanOutputTokens! * price!.outputPerMtok) / 1e6;
    expect(memo.recommendation.baselineMonthlyCost).toBeCloseTo(perRequest * requestsPerDay * 30, 6);
    const routed = memo.cost.scenarios.find((scenario) => scenario.id === 'routed');
    expect(routed?.frontierMonthlyCost).toBeCloseTo(perRequest * requestsPerDay * route.router.cpt80 * 30, 6);
    expect(memo.recommendation.costChange).toBeCloseTo((routed?.monthlyCost ?? Number.NaN) - memo.recommendation.baselineMonthlyCost, 9);
  });

  it("quotes the tracker's lag for the named and the inferred domains", () => {
    const track = computeTrack(catalog, { domains: ['coding', 'human-preference'] });
    for (const id of ['coding', 'human-preference'] as const) {
      const domain = memo.domains.find((entry) => entry.domain === id);
      expect(domain?.lagMonths).toBe(track.domains.find((entry) => entry.domain === id)?.lagMonths);
    }
    expect(memo.domains.find((entry) => entry.domain === 'coding')?.how).toBe('named with --domain');
    expect(memo.domains.find((entry) => entry.domain === 'human-preference')?.how).toMatch(/^inferred: .*arena-hard/);
  });

  it('says when the eval’s token means leave out calls that reported no token counts', async () => {
    const evidence = await loadEvalFromStore(store, report.runId);
    const frontierRef = `replay/${ADVISE_MODELS.frontier.file}`;
    const models = evidence.summary.models.map((model) => (model.ref === frontierRef ? { ...model, usageUnknown: 3 } : model));
    const partial = buildMemo({
      eval: { ...evidence, summary: { ...evidence.summary, models } },
      route: loadRouteFile(routeFile),
      catalog,
      reference,
      options: { asOf: '2026-11-29', domains: ['coding'], workload: { requestsPerDay }, selfHost: { gpu: 'h200', allowEstimate: true, activeParametersB: 12.9 }, profile },
    });
    expect(partial.cost.workload.source).toContain('(over the calls that reported it; 3 reported no token counts)');
    expect(partial.quality.frontier.usageUnknown).toBe(3);
    expect(renderMemoMarkdown(partial)).toContain('(3 calls without usage left out)');
    // a run where every call reported its usage says nothing of the kind
    expect(memo.cost.workload.source).not.toContain('reported no token counts');
    expect(markdown).not.toContain('without usage');
  });

  it('names each source in the Markdown and prints the input figures', () => {
    const open = modelOf(`replay/${ADVISE_MODELS.open.file}`);
    const frontier = modelOf(`replay/${ADVISE_MODELS.frontier.file}`);
    const comparison = report.summary.comparisons[0]!;
    expect(markdown).toContain(`eval run ${report.runId}`);
    expect(markdown).toContain(`store ${store.location}`);
    expect(markdown).toContain(`route evaluation ${routeFile}`);
    for (const side of Object.values(ADVISE_MODELS)) {
      const price = catalogPrice(catalog, side.catalogId)!;
      const [, provider, asOf] = /at (\S+), (\d{4}-\d{2}-\d{2})/.exec(price.source) ?? [];
      expect(markdown).toContain(`${side.catalogId} at ${provider}: $${price.inputPerMtok} in / $${price.outputPerMtok} out per Mtok, as of ${asOf}`);
    }
    expect(markdown).toMatch(/\[G\] reference GPU price: .*gpu-prices rows? \d+/);
    // Mixtral-8x7B-Instruct-v0.1 finds the reference table's Mixtral-8x7B rows, so no estimate is needed
    expect(markdown).toMatch(/\[H\] reference throughput: .*Mixtral-8x7B on 2×H200.*throughput row \d+/);
    expect(markdown).toContain('headline lag method threshold');
    for (const source of computeTrack(catalog, { domains: ['coding', 'human-preference'] }).sources) expect(markdown).toContain(`[${source.id}]`);
    expect(markdown).toMatch(/\[L\] parity license .*docs\.mistral\.ai/);

    expect(markdown).toContain(`passes ${percent(open.passRate)} (${open.passes}/${open.attempts}; 95% CI ${interval(open.passRateInterval.low, open.passRateInterval.high)})`);
    expect(markdown).toContain(`vs ${percent(frontier.passRate)} (${frontier.passes}/${frontier.attempts}; 95% CI ${interval(frontier.passRateInterval.low, frontier.passRateInterval.high)})`);
    expect(markdown).toContain(`difference ${points(comparison.passRateDifference.difference)} (95% CI ${interval(comparison.passRateDifference.interval.low, comparison.passRateDifference.interval.high, points)})`);
    expect(markdown).toContain(comparison.nonInferiority.verdict.toUpperCase());
    expect(markdown).toContain(`Frontier share: ${percent(route.router.cpt80)} of requests`);
    expect(markdown).toContain(`as the route evaluation measured them: ${percent(route.router.savingsAtCpt80)}`);
    expect(markdown).toMatch(/- Licence: ALLOWED — Apache-2\.0 for commercial use, 50,000 MAU \[L\]/);
    // every source key used next to a figure is described under Sources
    const used = new Set([...markdown.matchAll(/\[([A-Z]\d?)\]/g)].map((match) => match[1]));
    const described = new Set(memo.sources.map((source) => source.key));
    for (const key of used) expect(described, `source [${key}]`).toContain(key);
  });

  it('renders a self-contained HTML page with the cost chart', () => {
    const html = renderMemoHtml(memo);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]*\bsrc=|<link\b|@import|url\(/i);
    expect(html.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:\/\//);
    expect(html).toContain('Monthly cost vs volume');
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(html).toContain(`eval run ${report.runId}`);
    expect(html).toContain(percent(route.router.cpt80));
  });
});
