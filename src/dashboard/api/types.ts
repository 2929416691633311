/**
 * Response bodies of the dashboard API (`/api/*`). Types only: the server builds them and the browser bundle
 * reads them, so both sides are checked against one definition.
 */
import type { PriceBasis, PriceChoice } from '../../catalog/index.js';
import type { Benchmark, BenchmarkResult, Conflict, DomainId, LastListedPrice, Model, Price, Source } from '../../catalog/index.js';
import type { CostReport } from '../../decide/index.js';
import type { CostChartPoint } from '../../decide/index.js';
import type { ApiPrice } from '../../decide/index.js';
import type { LicenseVerdict } from '../../decide/index.js';
import type { DataStatus } from '../../catalog/update/index.js';
import type { RequestLogAggregate, RequestLogSummary, RunStatus, StoredCaseResult, WatchCrossingRecord } from '../../store/index.js';
import type { DomainTrack, TrackReport } from '../../track/index.js';
import type { LogWindow } from './query-schemas.js';
import type { RouteEvalReportJson } from './route-eval-schema.js';
import type { RunSummary } from '../../eval/index.js';

/** `GET /api/data`: the data in use and each source's freshness, and the latest crossings of `parity watch`. */
export interface DataFreshnessResponse {
  status: DataStatus;
  /** The catalog folder this server loaded when it started; another than `status.dir`: restart it to show that one. */
  servedDir: string;
  crossings: WatchCrossingRecord[];
}

export interface MetaResponse {
  version: string;
  store: { kind: string; location: string };
  catalog: { models: number; openModels: number; results: number; prices: number; latestResult: string | null };
  domains: Array<{ id: DomainId; name: string; description: string }>;
  routeEvalsDir: string;
}

/** A domain without its per-benchmark detail (frontiers, crossings, price points). */
export type DomainSummary = Omit<DomainTrack, 'benchmarks' | 'priceFrontier'> & { benchmarkCount: number };

export interface TrackSummaryResponse {
  asOf: string;
  options: TrackReport['options'];
  method: string[];
  domains: DomainSummary[];
  sources: TrackReport['sources'];
}

export interface TrackDomainResponse {
  asOf: string;
  options: TrackReport['options'];
  method: string[];
  domain: DomainTrack;
  sources: TrackReport['sources'];
}

export interface CatalogPriceSummary {
  /** The listing the price policy chose, blended: (3 × input + output) / 4, USD per million tokens. */
  blendedPerMtok: number;
  inputPerMtok: number;
  outputPerMtok: number;
  provider: string;
  asOf: string;
  source: string;
  basis: PriceBasis;
  /** Providers with a usable listing. */
  providers: number;
}

export interface CatalogModelRow {
  id: string;
  name: string;
  lab: string;
  family: string | null;
  openWeights: boolean;
  license: string | null;
  releaseDate: string | null;
  parametersB: number | null;
  contextWindow: number | null;
  price: CatalogPriceSummary | null;
  /** Best score on each domain's table benchmark (see `domains`). */
  scores: Partial<Record<DomainId, number>>;
}

export interface CatalogDomainColumn {
  id: DomainId;
  name: string;
  /** The domain's benchmark with results for the most models; null when the domain has none. */
  benchmark: Pick<Benchmark, 'id' | 'name' | 'metric' | 'higherIsBetter'> | null;
}

export interface CatalogModelsResponse {
  total: number;
  offset: number;
  limit: number;
  labs: string[];
  domains: CatalogDomainColumn[];
  models: CatalogModelRow[];
}

export interface ModelDetailResponse {
  model: Model;
  /** The model's price under the default policy (the maker's own API, else the median provider). */
  price: PriceChoice | null;
  prices: Price[];
  /** Only when no provider lists the model today: the prices it was last listed at (price history). */
  lastListed: LastListedPrice[];
  results: Array<BenchmarkResult & { benchmarkName: string; domain: DomainId | null; metric: string | null }>;
  sources: Source[];
  aliases: string[];
  conflicts: Conflict[];
}

export interface RunListItem {
  id: string;
  suiteName: string;
  status: RunStatus;
  createdAt: string;
  finishedAt: string | null;
  models: Array<{ ref: string; label: string; openWeights: boolean | null; passRate: number | null }>;
  verdict: string | null;
}

export interface RunsResponse {
  store: string;
  runs: RunListItem[];
}

export interface RunDetailResponse {
  run: { id: string; suiteName: string; suiteHash: string; status: RunStatus; createdAt: string; finishedAt: string | null; kind: string | null };
  summary: RunSummary | null;
  /** Why `summary` is null: the run is unfinished, or what was stored does not validate. */
  summaryProblem: string | null;
}

export interface MatrixCell {
  attempts: number;
  passes: number;
  meanScore: number | null;
  errors: number;
  meanLatencyMs: number | null;
  costUsd: number | null;
  /** The first attempt's output (or error), cut to 160 characters. */
  preview: string;
}

export interface MatrixResponse {
  runId: string;
  models: Array<{ ref: string; label: string; openWeights: boolean | null }>;
  totalCases: number;
  failingCases: number;
  /** `cells` follow the order of `models`; null where a model has no result for the case. */
  cases: Array<{ caseId: string; cells: Array<MatrixCell | null> }>;
}

export interface CaseResponse {
  runId: string;
  caseId: string;
  /** The case's variables when the stored run config includes its cases; else null. */
  input: unknown;
  /** The messages the case was asked, as the store kept them; null for a run made before parity kept them. */
  messages: Array<{ role: string; content: string }> | null;
  models: Array<{ ref: string; label: string }>;
  results: StoredCaseResult[];
}

export interface RouteEvalEntry {
  file: string;
  report: RouteEvalReportJson;
  /** Policies in the same folder trained on the same pair: each one's chosen operating point. */
  operatingPoints: Array<{
    file: string;
    threshold: number;
    target: { kind: string; value: number };
    frontierShare: number;
    quality: number;
    pgr: number | null;
    costSavings: number | null;
  }>;
}

export interface RouteEvalsResponse {
  dir: string;
  evals: RouteEvalEntry[];
  /** Files that are neither a valid report nor a valid policy, with the reason. */
  problems: Array<{ file: string; reason: string }>;
}

export interface RouteSplitResponse {
  window: LogWindow;
  since: string | null;
  /** Requests looked at (the newest ones, at most `limit`). */
  sampled: number;
  limit: number;
  byRoute: Array<{ route: string; requests: number; share: number; reasons: Array<{ reason: string; requests: number }> }>;
  byModel: Array<{ model: string; route: string; requests: number }>;
}

export interface GatewaySummaryResponse {
  window: LogWindow;
  since: string | null;
  until: string;
  summary: RequestLogSummary;
  /** Virtual key id → name, for the keys in `summary.byKey` that the store knows. */
  keyNames: Record<string, string>;
}

export interface GatewayRequestItem {
  id: string;
  ts: string;
  keyId: string | null;
  routeDecision: string | null;
  upstream: string | null;
  model: string | null;
  status: number;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  latencyMs: number | null;
  ttftMs: number | null;
  error: string | null;
}

export interface GatewayRequestsResponse {
  window: LogWindow;
  since: string | null;
  requests: GatewayRequestItem[];
  /** Virtual key id → name, for the keys of these requests that the store knows. */
  keyNames: Record<string, string>;
}

export interface CostResponse {
  report: CostReport;
  /** API prices in the catalog before `top` cut the list. */
  apiPriceCount: number;
  skipped: Array<{ price: ApiPrice; reason: string }>;
  curve: { points: CostChartPoint[]; current: number; breakEven: number | null };
}

export interface LicenseResponse {
  verdicts: LicenseVerdict[];
  disclaimer: string;
}

export type { RequestLogAggregate };
