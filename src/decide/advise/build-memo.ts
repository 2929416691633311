/**
 * `buildMemo`: the decision memo from an eval run, an optional route evaluation, the catalog (prices, licences,
 * the tracker's lags) and the reference tables (GPU prices, throughput, licence facts). Pure: it reads only
 * what it is given and never looks at the clock (`asOf` is an input).
 */
import type { FineTuningReference } from '../../catalog/index.js';
import { listingsToPrice } from '../../catalog/index.js';
import type { Price, PriceHistoryEntry, Source } from '../../catalog/index.js';
import type { ReferenceData } from '../../catalog/index.js';
import type { DomainId } from '../../catalog/index.js';
import { ParityError, ValidationError } from '../../errors.js';
import type { TrackCatalog, TrackOptions } from '../../track/index.js';
import type { ApiPriceInput } from '../cost/api-cost.js';
import { DEFAULT_DAYS_PER_MONTH } from '../cost/compute-cost.js';
import { priceListings } from '../cost/choices.js';
import { buildSelfHostPlan, type SelfHostOptions } from '../cost/plan.js';
import type { SelfHostPlan } from '../cost/self-host.js';
import { workloadFromAggregates, workloadSchema, type Workload } from '../cost/workload.js';
import { checkLicense } from '../license/check-license.js';
import type { LicenseProfileInput } from '../license/profile.js';
import { cascadeReason } from './cascade-reason.js';
import { memoCascade, type CascadeEvidence, type MemoCascade } from './cascade-evidence.js';
import { choosePrice, planCosts, type HostingMode, type PriceChoice } from './costs.js';
import { chooseDomains } from './domains.js';
import { catalogModelFor, memoModel, selectComparison, type ModelLookup } from './eval-models.js';
import type { EvalEvidence, EvalModelEvidence, RouteEvidence } from './evidence.js';
import type { Memo, MemoQuality, MemoRouting, MemoSource } from './memo.js';
import { memoFineTune, type FineTuneMemoOptions } from './memo-fine-tune.js';
import { trackDomains } from './memo-domains.js';
import { costRisks, lagRisks, licenseRisks, qualityRisks } from './memo-risks.js';
import { cascadeSource, evalSource, gpuSources, licenseSource, priceSource, routeSource, trackSource, workloadSource } from './memo-sources.js';
import { operatingPoint, type OperatingPointChoice } from './operating-point.js';
import { reEvaluation } from './re-evaluate.js';
import { DECISION_RULE, finalAction, tentativeAction } from './recommend.js';
import { headline } from './headline.js';

export interface AdviseCatalog extends TrackCatalog, ModelLookup {
  pricesForModel(modelId: string): readonly Price[];
  priceHistoryForModel(modelId: string): readonly PriceHistoryEntry[];
  sources: readonly Source[];
}

export interface AdviseOptions {
  /** The memo's date (YYYY-MM-DD); the re-evaluation date counts from it. */
  asOf: string;
  /** Pick the comparison by its candidate / reference (ref or label); default: the run's first comparison. */
  candidate?: string;
  reference?: string;
  /** Catalog ids (or names) of the two sides, when the eval's references do not resolve. */
  openModel?: string;
  frontierModel?: string;
  domains?: readonly DomainId[];
  /** Infer domains from the suite (default true). */
  inferDomains?: boolean;
  /** Default `cpt80`. */
  operatingPoint?: OperatingPointChoice;
  workload: {
    requestsPerDay: number;
    /** Default: the frontier model's mean tokens per case in the eval run. */
    inputTokensPerRequest?: number;
    outputTokensPerRequest?: number;
    peakToAverage?: number;
    cacheHitRate?: number;
  };
  daysPerMonth?: number;
  /** Default `auto`: the cheaper of API and self-hosting. */
  hosting?: HostingMode;
  /** GPU, pricing, throughput … for self-hosting; default an on-demand H100 per the reference tables. */
  selfHost?: SelfHostOptions;
  openProvider?: string | null;
  frontierProvider?: string | null;
  /** Prices given by the user (matched to a side by catalog id, reference, label or name). */
  userPrices?: readonly ApiPriceInput[];
  profile: LicenseProfileInput;
  track?: Omit<TrackOptions, 'domains'>;
  /** Price fine-tuning the open model and weigh it against routing ("fine-tune or route?"). */
  fineTune?: FineTuneMemoOptions;
}

export interface AdviseInput {
  eval: EvalEvidence;
  route: RouteEvidence | null;
  /** A cascade replay; the memo routes by the cascade when the replay found it cheaper than the router. */
  cascade?: CascadeEvidence | null;
  catalog: AdviseCatalog;
  reference: ReferenceData;
  /** The fine-tuning reference table; needed when `options.fineTune` is given. */
  fineTuning?: FineTuningReference;
  options: AdviseOptions;
}

function buildWorkload(options: AdviseOptions['workload'], frontier: EvalModelEvidence, evidence: EvalEvidence): Workload {
  const measured = (value: number | null): number | null => (value !== null && value > 0 ? value : null);
  const input = options.inputTokensPerRequest ?? measured(frontier.meanInputTokens);
  const output = options.outputTokensPerRequest ?? measured(frontier.meanOutputTokens);
  if (input === null || output === null) {
    throw new ValidationError(
      `eval run ${evidence.runId} recorded no token counts for ${frontier.label}; give the request size with --input-tokens and --output-tokens`,
      options.inputTokensPerRequest === undefined ? '--input-tokens' : '--output-tokens',
    );
  }
  // calls that reported no token counts are left out of the eval's means: say so, the mean is over the others
  const unknown = frontier.usageUnknown ?? 0;
  const over = unknown === 0 ? '' : ` (over the calls that reported it; ${unknown} reported no token counts)`;
  const from = (flag: number | undefined, name: string): string =>
    flag !== undefined ? `${name} given (${flag})` : `${name}: mean per case of ${frontier.label} in eval run ${evidence.runId}${over}`;
  const source = `${options.requestsPerDay} requests/day given; ${from(options.inputTokensPerRequest, 'input tokens')}; ${from(options.outputTokensPerRequest, 'output tokens')}`;
  const overrides = {
    requestsPerDay: options.requestsPerDay,
    ...(options.peakToAverage === undefined ? {} : { peakToAverage: options.peakToAverage }),
    ...(options.cacheHitRate === undefined ? {} : { cacheHitRate: options.cacheHitRate }),
  };
  if (options.inputTokensPerRequest !== undefined && options.outputTokensPerRequest !== undefined) {
    return workloadSchema.parse({ ...overrides, inputTokensPerRequest: input, outputTokensPerRequest: output, source });
  }
  const requests = Math.max(1, frontier.attempts);
  return workloadFromAggregates({ requests, inputTokens: input * requests, outputTokens: output * requests, source }, overrides);
}

/** The model's catalog price as the price policy chooses it, or every listing of a named provider. */
function catalogPrices(catalog: AdviseCatalog, modelId: string | null, provider: string | null): ApiPriceInput[] {
  if (modelId === null) return [];
  return priceListings(listingsToPrice(catalog, modelId, { providers: provider === null ? [] : [provider] }));
}

function userPricesFor(prices: readonly ApiPriceInput[], names: ReadonlyArray<string | null>): ApiPriceInput[] {
  const wanted = new Set(names.filter((name): name is string => name !== null).map((name) => name.toLowerCase()));
  return prices.filter((price) => wanted.has(price.modelId.toLowerCase()));
}

export function buildMemo(input: AdviseInput): Memo {
  const { catalog, reference, options } = input;
  const evidence = input.eval;
  const { comparison, open, frontier } = selectComparison(evidence, { candidate: options.candidate, reference: options.reference });
  const openMapping = catalogModelFor(open, evidence, catalog, { flag: '--open-model', value: options.openModel });
  const frontierMapping = catalogModelFor(frontier, evidence, catalog, { flag: '--frontier-model', value: options.frontierModel });
  const sources: MemoSource[] = [evalSource(evidence)];
  const notes: string[] = [];

  const quality: MemoQuality = {
    sources: ['E'],
    open: memoModel('open', open, openMapping),
    frontier: memoModel('frontier', frontier, frontierMapping),
    pairedCases: comparison.pairedCases,
    difference: comparison.passRateDifference.difference,
    interval: comparison.passRateDifference.interval,
    method: comparison.passRateDifference.method,
    resamples: comparison.passRateDifference.resamples ?? null,
    margin: comparison.nonInferiority.margin,
    verdict: comparison.nonInferiority.verdict,
    statement: comparison.nonInferiority.statement,
    mcnemarPValue: comparison.mcnemar.pValue,
    coverage: comparison.coverage,
  };

  let routing: MemoRouting | null = null;
  if (input.route !== null) {
    sources.push(routeSource(input.route));
    const report = input.route.report;
    const point = operatingPoint(report, options.operatingPoint ?? 'cpt80');
    const weakModel = catalog.resolveModel(report.pair.weak)?.id ?? null;
    const strongModel = catalog.resolveModel(report.pair.strong)?.id ?? null;
    // cross-validated on this very run (for its comparison's pair), or a separate evaluation matched through the catalog
    const fromThisRun = input.route.run !== null && input.route.run === evidence.runId;
    const matchesEval = fromThisRun || (weakModel !== null && weakModel === openMapping.model?.id && strongModel !== null && strongModel === frontierMapping.model?.id);
    const gap = open.passRate !== null && frontier.passRate !== null && point.pgr !== null ? point.pgr * (frontier.passRate - open.passRate) : null;
    routing = {
      sources: ['R'],
      weak: report.pair.weak,
      strong: report.pair.strong,
      judge: report.pair.judge,
      prompts: report.pair.prompts,
      folds: report.settings.folds,
      seed: report.settings.seed,
      routerModel: report.router.model,
      fromThisRun,
      matchesEval,
      mismatch: matchesEval
        ? null
        : `The route evaluation is for ${report.pair.weak} → ${report.pair.strong}, the eval for ${open.label} vs ${frontier.label} (catalog: ${weakModel ?? '?'} → ${strongModel ?? '?'} vs ${openMapping.model?.id ?? '?'} / ${frontierMapping.model?.id ?? '?'}); its figures stand in for this pair.`,
      operatingPoint: point,
      apgr: report.router.apgr,
      apgrInterval: report.router.apgrInterval,
      quality: report.quality,
      prices: { weak: report.prices.weak?.source ?? null, strong: report.prices.strong?.source ?? null },
      estimatedPassRate: gap === null || open.passRate === null ? null : open.passRate + gap,
      notes: report.notes,
    };
  }

  // Licence of the open model under the user's profile.
  const openSubject = openMapping.model ?? { id: open.ref, name: open.label, openWeights: open.openWeights, license: null };
  const verdict = checkLicense(openSubject, options.profile, reference.licenses);
  sources.push(licenseSource(verdict));
  if (openMapping.model === null) notes.push(`${open.ref} is not in the catalog: its licence could only be matched by name (give --open-model CATALOG_ID)`);

  // Workload and prices.
  const days = options.daysPerMonth ?? DEFAULT_DAYS_PER_MONTH;
  const workload = buildWorkload(options.workload, frontier, evidence);
  sources.push(workloadSource(workload, days));
  const userPrices = options.userPrices ?? [];
  const frontierId = frontierMapping.model?.id ?? null;
  const frontierPrice = choosePrice(catalogPrices(catalog, frontierId, options.frontierProvider ?? null), userPricesFor(userPrices, [frontierId, frontier.ref, frontier.label, frontierMapping.model?.name ?? null]), options.frontierProvider ?? null);
  if (frontierPrice === null) {
    throw new ValidationError(`no API price for the frontier model ${frontierId ?? frontier.label}; give one with --api-price "${frontierId ?? frontier.label}=IN,OUT"`, '--api-price');
  }
  sources.push(priceSource('P1', 'frontier', frontierPrice, catalog.sources));
  const openId = openMapping.model?.id ?? null;
  const openApiPrice: PriceChoice | null = choosePrice(catalogPrices(catalog, openId, options.openProvider ?? null), userPricesFor(userPrices, [openId, open.ref, open.label, openMapping.model?.name ?? null]), options.openProvider ?? null);
  if (openApiPrice !== null) sources.push(priceSource('P2', 'open-model', openApiPrice, catalog.sources));

  const hostingMode = options.hosting ?? 'auto';
  let selfHostPlan: SelfHostPlan | null = null;
  let selfHostUnavailable: string | null = null;
  if (hostingMode !== 'api') {
    const planned = openMapping.model ?? { id: open.ref, name: open.label, openWeights: open.openWeights !== false, parametersB: null, activeParametersB: null };
    try {
      selfHostPlan = buildSelfHostPlan(planned, options.selfHost ?? { gpu: 'h100' }, reference);
      sources.push(...gpuSources(selfHostPlan));
    } catch (error) {
      if (hostingMode === 'self' || !(error instanceof ParityError)) throw error;
      selfHostUnavailable = error.message;
    }
  } else {
    selfHostUnavailable = 'not considered (--hosting api)';
  }
  if (openApiPrice === null && selfHostPlan === null) {
    throw new ValidationError(
      `cannot price the open model ${openId ?? open.label}: no API price in the catalog and no self-hosting plan (${selfHostUnavailable ?? 'none'}); give --api-price or a --gpu with a reference row (or --throughput)`,
      '--api-price',
    );
  }

  // Decide, price, and settle.
  let cascade: MemoCascade | null = null;
  if (input.cascade !== undefined && input.cascade !== null) {
    sources.push(cascadeSource(input.cascade));
    cascade = memoCascade(input.cascade, 'C');
  }
  const byCascade = cascade !== null && cascade.beatsRouter;
  const routedShare = byCascade && cascade !== null ? cascade.frontierCallShare : (routing?.operatingPoint.frontierShare ?? null);
  const tentative = tentativeAction(quality.verdict, verdict.verdict, routedShare);
  const costSources = ['W', 'P1', ...(openApiPrice === null ? [] : ['P2']), ...(selfHostPlan === null ? [] : ['G', 'H'])];
  const plan = planCosts({ workload, daysPerMonth: days, frontierPrice, openApiPrice, selfHostPlan, selfHostUnavailable, hostingMode, recommendedShare: tentative.frontierShare, routedShare, cascade: byCascade && cascade !== null ? { openCallShare: cascade.openCallShare, checkUsdPerRequest: cascade.checkUsdPerRequest } : null });
  const tentativeScenario = plan.scenarios.find((scenario) => scenario.id === (tentative.action === 'switch' ? 'all-open' : tentative.action === 'route' ? 'routed' : 'all-frontier'));
  const decision = finalAction(tentative, tentativeScenario?.changeVsBaseline ?? null);
  const chosen = plan.scenarios.find((scenario) => scenario.frontierShare === decision.frontierShare) ?? plan.scenarios[0];
  const baseline = plan.scenarios[0];
  if (chosen === undefined || baseline === undefined) throw new ValidationError('no cost scenario', 'cost');

  let fineTune: Memo['fineTune'] = null;
  if (options.fineTune !== undefined) {
    if (input.fineTuning === undefined) throw new ValidationError('pricing a fine-tune needs the fine-tuning reference table', 'fineTuning');
    const selfHost = options.selfHost ?? { gpu: 'h100' };
    const priced = memoFineTune({
      options: options.fineTune,
      openModel: openMapping.model,
      openLabel: open.label,
      quality,
      runId: evidence.runId,
      plan,
      selfHostPlan,
      selfHostDefaults: { gpu: selfHost.gpu, pricing: selfHost.pricing ?? 'on-demand', gpuProvider: selfHost.gpuProvider ?? null, usdPerGpuHour: selfHost.usdPerGpuHour ?? null },
      fineTuning: input.fineTuning,
      gpuPrices: reference.gpuPrices,
    });
    fineTune = priced.fineTune;
    sources.push(...priced.sources);
  }

  const { report: track, domains } = trackDomains(catalog, chooseDomains(options.domains ?? [], options.inferDomains ?? true, evidence, catalog.taxonomy), options.track ?? {}, 'T');
  if (track !== null) sources.push(trackSource(track));
  if (domains.length === 0) notes.push('No capability domain was named (--domain) or could be inferred from the suite, so the memo quotes no lag.');
  const reEvaluate = reEvaluation(
    domains.map((domain) => ({ domain: domain.name, lagMonths: domain.lagMonths, slopeInterval: domain.trend?.slopeInterval ?? null, projectionDate: domain.trend?.projection?.date ?? null })),
    quality.verdict === 'non-inferior',
    options.asOf,
  );

  const api = plan.openApiPrice?.price;
  const hostingShort =
    chosen.hosting === null ? null : chosen.hosting === 'api' ? `via the ${api?.provider ?? '?'} API` : `self-hosted on ${selfHostPlan?.throughput.gpusPerReplica}×${selfHostPlan?.gpu.gpu} replicas`;
  const hostingDetail =
    chosen.hosting === null
      ? null
      : chosen.hosting === 'api'
        ? `API at ${api?.provider ?? '?'} ($${api?.inputPerMtok} in / $${api?.outputPerMtok} out per Mtok)`
        : `self-hosted on ${selfHostPlan?.throughput.gpusPerReplica}×${selfHostPlan?.gpu.gpu} replicas at $${selfHostPlan?.gpu.usdPerGpuHour}/GPU-hour (${selfHostPlan?.scaling})`;
  const openName = openMapping.model?.name ?? open.label;
  const frontierName = frontierMapping.model?.name ?? frontier.label;
  const recommendation: Memo['recommendation'] = {
    action: decision.action,
    headline: headline(decision.action, openName, frontierName, decision.frontierShare, hostingShort),
    openModel: { catalogId: openId, name: openName, ref: open.ref },
    frontierModel: { catalogId: frontierId, name: frontierName, ref: frontier.ref },
    hosting: chosen.hosting,
    hostingDetail: chosen.hosting === null ? null : `${hostingDetail} — ${plan.hostingRule}`,
    frontierShare: decision.frontierShare,
    monthlyCost: chosen.monthlyCost,
    baselineMonthlyCost: baseline.monthlyCost,
    costChange: chosen.changeVsBaseline,
    costChangeShare: chosen.changeShare,
    quality: { difference: quality.difference, interval: quality.interval, margin: quality.margin, verdict: quality.verdict },
    estimatedPassRate: decision.action === 'route' ? (routing?.estimatedPassRate ?? null) : null,
    licenseVerdict: verdict.verdict,
    reasons: [...decision.reasons, ...(decision.action === 'route' && byCascade && cascade !== null ? [cascadeReason(cascade)] : []), ...(verdict.verdict === 'unknown' ? ['the licence facts on file do not settle this use: check the licence before deploying'] : [])],
    rule: DECISION_RULE,
  };
  const license = { sources: ['L'], verdict };
  const cost = { ...plan, sources: costSources };
  return {
    kind: 'parity-advise-memo',
    asOf: options.asOf,
    title: `Decision memo: ${openName} vs ${frontierName}`,
    eval: { runId: evidence.runId, name: evidence.name, status: evidence.status, store: evidence.store, file: evidence.file },
    route: input.route === null ? null : { file: input.route.file, label: input.route.label },
    recommendation,
    quality,
    routing,
    cascade,
    cost,
    license,
    fineTune,
    domains,
    track: track === null ? null : { asOf: track.asOf, headlineMethod: track.options.methods[0] ?? 'threshold', method: track.method, sources: track.sources },
    reEvaluate: { ...reEvaluate, sources: domains.length > 0 ? ['T'] : [] },
    risks: [...lagRisks(domains), ...licenseRisks(license), ...qualityRisks(quality, routing), ...costRisks(plan, costSources)],
    notes,
    sources,
  };
}
