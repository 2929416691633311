/**
 * The decision memo's data: what `parity advise --json` prints and what the Markdown and HTML renderers draw.
 * Every figure sits next to the keys of the sources it came from (`sources` describes each key).
 */
import type { MemoCascade } from './cascade-evidence.js';
import type { DomainId } from '../../catalog/index.js';
import type { LicenseVerdict, Verdict } from '../license/check-license.js';
import type { CostPlan } from './costs.js';
import type { EvalComparisonEvidence } from './evidence.js';
import type { MemoFineTune } from './memo-fine-tune.js';
import type { OperatingPoint } from './operating-point.js';
import type { ReEvaluation } from './re-evaluate.js';

export const ADVISE_ACTIONS = ['switch', 'route', 'keep-frontier', 'collect-more-data'] as const;
export type AdviseAction = (typeof ADVISE_ACTIONS)[number];

export const SOURCE_KINDS = ['eval', 'route', 'cascade', 'workload', 'price', 'gpu-price', 'throughput', 'license', 'track', 'catalog', 'fine-tune'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface MemoSource {
  /** Short tag used next to figures, e.g. `E`, `R`, `P1`. */
  key: string;
  kind: SourceKind;
  label: string;
  detail: string;
}

export interface Interval {
  low: number | null;
  high: number | null;
}

export interface MemoModel {
  role: 'open' | 'frontier';
  ref: string;
  label: string;
  catalogId: string | null;
  name: string | null;
  /** How the eval's model reference was matched to the catalog. */
  mappedBy: string;
  passes: number;
  attempts: number;
  passRate: number | null;
  passRateInterval: Interval;
  /** over the answered calls that reported them */
  meanInputTokens: number | null;
  meanOutputTokens: number | null;
  /** the mean over the answered calls with a known cost */
  costPerCase: number | null;
  priceSource: string | null;
  errors: number;
  /** answered calls that reported no token counts (left out of the means above); absent when none */
  usageUnknown?: number;
}

export interface MemoQuality {
  sources: string[];
  open: MemoModel;
  frontier: MemoModel;
  pairedCases: number;
  /** Open − frontier pass rate, paired. */
  difference: number | null;
  interval: Interval;
  method: string;
  /** bootstrap resamples, for a bootstrap interval (older runs); null for Tango's score interval */
  resamples: number | null;
  margin: number;
  verdict: EvalComparisonEvidence['nonInferiority']['verdict'];
  statement: string;
  mcnemarPValue: number | null;
  coverage: EvalComparisonEvidence['coverage'];
}

export interface MemoRouting {
  sources: string[];
  weak: string;
  strong: string;
  judge: string;
  prompts: number;
  folds: number;
  seed: number;
  routerModel: string;
  /** The route evaluation was cross-validated on this eval run's own cases (computed by `parity advise`). */
  fromThisRun: boolean;
  /** Whether the route evaluation's pair is the eval's pair (the same run, or matched through the catalog). */
  matchesEval: boolean;
  mismatch: string | null;
  operatingPoint: OperatingPoint;
  apgr: number | null;
  apgrInterval: [number | null, number | null];
  quality: { weak: number | null; strong: number | null };
  prices: { weak: string | null; strong: string | null };
  /**
   * Open pass rate + PGR × (frontier − open pass rate): the eval's pass rates, assuming the router recovers the
   * same share of the gap on this suite as on the judged prompts. An estimate, labelled as one.
   */
  estimatedPassRate: number | null;
  notes: string[];
}

export interface MemoLicense {
  sources: string[];
  verdict: LicenseVerdict;
}

export interface MemoScore {
  model: string;
  score: number;
  date: string;
  source: string;
}

export interface MemoDomain {
  sources: string[];
  domain: DomainId;
  name: string;
  how: string;
  status: 'ok' | 'one-group' | 'no-data';
  note: string | null;
  method: string;
  lagMonths: number | null;
  lagsByMethod: Array<{ method: string; lagMonths: number | null }>;
  headlineBenchmark: string | null;
  bestOpen: MemoScore | null;
  bestClosed: MemoScore | null;
  scoreGap: { value: number; benchmark: string; metric: string } | null;
  trend: {
    statement: string;
    slopeMonthsPerYear: number | null;
    slopeInterval: [number, number] | null;
    projection: { date: string; low: string; high: string } | null;
  } | null;
  /** Source ids of the catalog (see `track.sources`). */
  trackSources: string[];
}

export interface MemoRecommendation {
  action: AdviseAction;
  headline: string;
  openModel: { catalogId: string | null; name: string; ref: string };
  frontierModel: { catalogId: string | null; name: string; ref: string };
  hosting: 'api' | 'self' | null;
  hostingDetail: string | null;
  frontierShare: number;
  monthlyCost: number;
  baselineMonthlyCost: number;
  costChange: number;
  costChangeShare: number | null;
  quality: { difference: number | null; interval: Interval; margin: number; verdict: MemoQuality['verdict'] };
  estimatedPassRate: number | null;
  licenseVerdict: Verdict;
  reasons: string[];
  rule: string;
}

export interface MemoRisk {
  kind: 'lag' | 'license' | 'quality' | 'routing' | 'cost';
  text: string;
  sources: string[];
}

export interface Memo {
  kind: 'parity-advise-memo';
  asOf: string;
  title: string;
  eval: { runId: string; name: string; status: string | null; store: string | null; file: { path: string; sha256: string } | null };
  route: { file: { path: string; sha256: string } | null; label: string } | null;
  recommendation: MemoRecommendation;
  quality: MemoQuality;
  routing: MemoRouting | null;
  /** A cascade replay (`--cascade FILE`): what it found, and whether the memo routes by the cascade. */
  cascade: MemoCascade | null;
  cost: CostPlan & { sources: string[] };
  license: MemoLicense;
  /** Fine-tune or route? Present when the memo was asked to price a fine-tune of the open model. */
  fineTune: MemoFineTune | null;
  domains: MemoDomain[];
  track: { asOf: string; headlineMethod: string; method: string[]; sources: Array<{ id: string; name: string; origin: string; licence: string; snapshotDate: string | null }> } | null;
  reEvaluate: ReEvaluation & { sources: string[] };
  risks: MemoRisk[];
  notes: string[];
  sources: MemoSource[];
}
