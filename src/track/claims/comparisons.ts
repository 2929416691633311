/**
 * How each kind of claim is measured in a domain and judged: one entry per comparison kind, in an exhaustive
 * record, so a new kind without its measure is a compile error. A measure that finds no figure says why, and
 * the verdict is then "not enough data" — never "does not hold".
 */
import type { DomainId } from '../../catalog/index.js';
import type { ClaimFigure, ClaimVerdict } from '../output/claims-report.js';
import type { DomainTrack, TrackReport } from '../output/track-report.js';
import type { Claim, Comparison, ComparisonKind } from './claim-schema.js';

/** What a measure may ask for: the track report of the claim's window, as of its end or as of another date. */
export interface ClaimContext {
  report(until?: string): TrackReport;
}

export interface Measurement {
  value: number | null;
  from?: number | null;
  /** trend claims: the trend's verdict. */
  direction?: string | null;
  /** The last day of data behind the figure; null when the domain has no data at all. */
  asOf: string | null;
  benchmark: string | null;
  benchmarks: number;
  detail: string;
  sources: string[];
}

interface Evaluator<K extends ComparisonKind> {
  unit: ClaimFigure['unit'];
  measure(context: ClaimContext, claim: Claim, domain: DomainId): Measurement;
  verdict(comparison: Extract<Comparison, { kind: K }>, measured: Measurement): ClaimVerdict;
  /** The comparison in words: "within 6–9 months". */
  describe(comparison: Extract<Comparison, { kind: K }>): string;
}

const fmt = (value: number): string => value.toFixed(1);

function domainOf(report: TrackReport, domain: DomainId): DomainTrack | undefined {
  return report.domains.find((entry) => entry.domain === domain);
}

/** The report's as-of date, or null when the domain has no results at all (then there is no date to name). */
function asOfFor(report: TrackReport, track: DomainTrack | undefined): string | null {
  return track === undefined || track.status === 'no-data' ? null : report.asOf;
}

function lagIn(report: TrackReport, claim: Claim, domain: DomainId): Measurement {
  const track = domainOf(report, domain);
  const lag = track?.lags.find((entry) => entry.method === claim.method);
  const base = { asOf: asOfFor(report, track), benchmark: null, sources: lag?.sources ?? [] };
  if (track === undefined || lag === undefined || lag.lagMonths === null) {
    const why = track?.note ?? `no benchmark of this domain has a ${claim.method} lag`;
    return { ...base, value: null, benchmarks: 0, detail: `no ${claim.method} lag${base.asOf === null ? '' : ` as of ${base.asOf}`}: ${why}` };
  }
  const n = lag.perBenchmark.length;
  return { ...base, value: lag.lagMonths, benchmarks: n, detail: `${claim.method} lag ${fmt(lag.lagMonths)} months (median of ${n} benchmark${n === 1 ? '' : 's'}) as of ${report.asOf}` };
}

function gapIn(context: ClaimContext, domain: DomainId): Measurement {
  const report = context.report();
  const track = domainOf(report, domain);
  const gap = track?.scoreGap ?? null;
  if (track === undefined || gap === null) {
    const asOf = asOfFor(report, track);
    return { value: null, asOf, benchmark: null, benchmarks: 0, detail: `no score gap${asOf === null ? '' : ` as of ${asOf}`}: ${track?.note ?? 'no benchmark has both groups'}`, sources: [] };
  }
  const points = gap.metric === 'accuracy' ? 100 * gap.value : gap.value;
  const unit = gap.metric === 'accuracy' ? ' percentage points' : gap.metric === 'elo' ? ' Elo' : ' points';
  const who = `${track.bestClosed?.modelName ?? '?'} vs ${track.bestOpen?.modelName ?? '?'}`;
  return { value: points, asOf: report.asOf, benchmark: gap.benchmark, benchmarks: 1, detail: `best closed − best open on ${gap.benchmark}: ${fmt(points)}${unit} (${who}) as of ${report.asOf}`, sources: gap.sources };
}

const judged = (measured: Measurement, test: (value: number) => boolean): ClaimVerdict =>
  measured.value === null ? 'not-enough-data' : test(measured.value) ? 'holds' : 'does-not-hold';

export const COMPARISONS: { [K in ComparisonKind]: Evaluator<K> } = {
  'lag-at-most': {
    unit: 'months',
    measure: (context, claim, domain) => lagIn(context.report(), claim, domain),
    verdict: (comparison, measured) => judged(measured, (value) => value <= comparison.months),
    describe: (comparison) => `at most ${comparison.months} months`,
  },
  'lag-at-least': {
    unit: 'months',
    measure: (context, claim, domain) => lagIn(context.report(), claim, domain),
    verdict: (comparison, measured) => judged(measured, (value) => value >= comparison.months),
    describe: (comparison) => `at least ${comparison.months} months`,
  },
  'lag-between': {
    unit: 'months',
    measure: (context, claim, domain) => lagIn(context.report(), claim, domain),
    verdict: (comparison, measured) => judged(measured, (value) => value >= comparison.low && value <= comparison.high),
    describe: (comparison) => `within ${comparison.low}–${comparison.high} months`,
  },
  'lag-fell': {
    unit: 'months',
    measure: (context, claim, domain) => {
      if (claim.comparison.kind !== 'lag-fell') throw new TypeError('lag-fell measure on another comparison');
      const before = lagIn(context.report(claim.comparison.from), claim, domain);
      const after = lagIn(context.report(claim.comparison.to), claim, domain);
      return {
        ...after,
        from: before.value,
        value: before.value === null ? null : after.value,
        benchmarks: Math.min(before.benchmarks, after.benchmarks),
        detail: `${before.detail}; ${after.detail}`,
        sources: [...new Set([...before.sources, ...after.sources])].sort(),
      };
    },
    verdict: (comparison, measured) =>
      judged(measured, (value) => measured.from !== null && measured.from !== undefined && measured.from >= comparison.fromAtLeast && value < comparison.toBelow),
    describe: (comparison) => `at least ${comparison.fromAtLeast} months as of ${comparison.from}, below ${comparison.toBelow} as of ${comparison.to}`,
  },
  'gap-at-most': {
    unit: 'points',
    measure: (context, _claim, domain) => gapIn(context, domain),
    verdict: (comparison, measured) => judged(measured, (value) => value <= comparison.points),
    describe: (comparison) => `a score gap of at most ${comparison.points} points on the headline benchmark`,
  },
  'gap-at-least': {
    unit: 'points',
    measure: (context, _claim, domain) => gapIn(context, domain),
    verdict: (comparison, measured) => judged(measured, (value) => value >= comparison.points),
    describe: (comparison) => `a score gap of at least ${comparison.points} points on the headline benchmark`,
  },
  trend: {
    unit: 'months per year',
    measure: (context, _claim, domain) => {
      const report = context.report();
      const track = domainOf(report, domain);
      const trend = track?.trend ?? null;
      const base = { asOf: asOfFor(report, track), benchmark: null, sources: trend?.sources ?? [] };
      if (trend === null || trend.slopeMonthsPerYear === null) {
        return { ...base, value: null, direction: trend?.direction ?? null, benchmarks: 0, detail: `no trend: ${trend?.statement ?? track?.note ?? 'no daily lags in this domain'}` };
      }
      return { ...base, value: trend.slopeMonthsPerYear, direction: trend.direction, benchmarks: trend.fit?.benchmarks ?? 0, detail: `${trend.statement} (as of ${report.asOf})` };
    },
    // "no trend" (an interval that holds zero and more) cannot tell either way: not enough data
    verdict: (comparison, measured) => {
      if (measured.value === null || measured.direction === 'no-trend' || measured.direction === 'too-few-points') return 'not-enough-data';
      return measured.direction === comparison.direction ? 'holds' : 'does-not-hold';
    },
    describe: (comparison) => `a ${comparison.direction} lag (95% interval of the slope)`,
  },
};

/** The evaluator of one comparison, typed by its kind. */
export function evaluatorFor<K extends ComparisonKind>(kind: K): Evaluator<K> {
  return COMPARISONS[kind];
}
