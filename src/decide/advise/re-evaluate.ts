/**
 * When to run the comparison again, from the tracker's lag in the domains the suite covers.
 *
 * A lag of L months means the best open models today stand where the best closed ones stood L months ago; if
 * the lag holds, open models reach today's frontier level in about L months. So, when the open model is not
 * yet good enough, re-evaluate after the largest lag among the covered domains (clamped to 3–12 months), or
 * earlier when a shrinking trend projects the lag to reach zero sooner. When it already matches, re-check
 * in 6 months (3 if the lag is growing in a covered domain: the frontier is pulling away). Without lag data, 6.
 * Months are average months (365.25 / 12 days), the tracker's unit.
 */
import { DAYS_PER_MONTH, dayNumber, isoFromDay } from '../../track/index.js';

export const RE_EVALUATE_BOUNDS = { minMonths: 3, maxMonths: 12, defaultMonths: 6 } as const;

export interface DomainLagView {
  domain: string;
  lagMonths: number | null;
  slopeInterval: [number, number] | null;
  /** When the fitted lag reaches zero (shrinking trends only). */
  projectionDate: string | null;
}

export interface ReEvaluation {
  date: string;
  inMonths: number;
  /** The figures the date rests on, in words. */
  basis: string;
  rule: string;
}

const RULE =
  `re-evaluate after the largest open-vs-closed lag among the covered domains, clamped to ${RE_EVALUATE_BOUNDS.minMonths}–${RE_EVALUATE_BOUNDS.maxMonths} months, ` +
  `or at the projected zero-lag date when that is sooner; when the open model already matches, after ${RE_EVALUATE_BOUNDS.defaultMonths} months ` +
  `(${RE_EVALUATE_BOUNDS.minMonths} if a covered domain's lag is growing); ${RE_EVALUATE_BOUNDS.defaultMonths} months without lag data`;

function addMonths(asOf: string, months: number): string {
  return isoFromDay(dayNumber(asOf) + Math.round(months * DAYS_PER_MONTH));
}

function monthsUntil(asOf: string, date: string): number {
  return (dayNumber(date) - dayNumber(asOf)) / DAYS_PER_MONTH;
}

export function reEvaluation(domains: readonly DomainLagView[], openMatches: boolean, asOf: string): ReEvaluation {
  const withLag = domains.filter((domain): domain is DomainLagView & { lagMonths: number } => domain.lagMonths !== null);
  const growing = domains.filter((domain) => domain.slopeInterval !== null && domain.slopeInterval[0] > 0);
  const { minMonths, maxMonths, defaultMonths } = RE_EVALUATE_BOUNDS;
  const done = (months: number, basis: string): ReEvaluation => ({ date: addMonths(asOf, months), inMonths: months, basis, rule: RULE });

  if (openMatches) {
    if (growing.length > 0) {
      return done(minMonths, `the open model matches on this suite, but the lag is growing in ${growing.map((domain) => domain.domain).join(', ')}`);
    }
    return done(defaultMonths, 'the open model matches on this suite; routine re-check');
  }
  if (withLag.length === 0) return done(defaultMonths, 'no lag data for the covered domains');
  const widest = withLag.reduce((best, domain) => (domain.lagMonths > best.lagMonths ? domain : best));
  let months = Math.min(maxMonths, Math.max(minMonths, widest.lagMonths));
  let basis = `largest lag: ${widest.domain}, ${widest.lagMonths.toFixed(1)} months${months === widest.lagMonths ? '' : ` (clamped to ${months} months)`}`;
  const projections = withLag
    .filter((domain) => domain.projectionDate !== null)
    .map((domain) => ({ domain: domain.domain, months: monthsUntil(asOf, domain.projectionDate as string), date: domain.projectionDate as string }));
  const sooner = projections.filter((projection) => projection.months < months).sort((left, right) => left.months - right.months)[0];
  if (sooner !== undefined) {
    months = Math.max(minMonths, sooner.months);
    basis += `; the ${sooner.domain} lag is projected to reach zero around ${sooner.date}${sooner.months < minMonths ? ` (not sooner than ${minMonths} months)` : ''}`;
  }
  return done(months, basis);
}
