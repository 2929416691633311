/**
 * `evaluateClaims(catalog, file)`: each claim of a claims file checked against the data — holds, does not
 * hold, or not enough data — with the figures and sources it rests on. Pure, like `computeTrack`, which it
 * runs once per distinct window (the claim's domains, method, dates and open definition).
 *
 * Several domains: `each` holds when every domain does and fails as soon as one measured domain fails;
 * `any` holds as soon as one does; `median` compares the median across the domains. A domain without a
 * figure makes the claim "not enough data" unless the others already decide it.
 */
import type { DomainId } from '../../catalog/index.js';
import type { TrackCatalog } from '../catalog-input.js';
import { computeTrack } from '../compute-track.js';
import type { ClaimFigure, ClaimResult, ClaimsReport, ClaimVerdict } from '../output/claims-report.js';
import type { TrackReport } from '../output/track-report.js';
import { median } from '../../kernel/index.js';
import type { Claim, ClaimsFile, Comparison } from './claim-schema.js';
import { evaluatorFor, type ClaimContext, type Measurement } from './comparisons.js';

/**
 * The reports claims read, one per window. A window without an end date uses the report over every domain,
 * so "as of" is the data's latest result for every claim; a window that ends on a date (its as-of date) only
 * computes the claim's domains. A given report over the default window (the main job's) is reused.
 */
function contextFor(catalog: TrackCatalog, claim: Claim, cache: Map<string, TrackReport>): ClaimContext {
  return {
    report(until) {
      const end = until ?? claim.until ?? null;
      const options = {
        since: claim.since ?? null,
        until: end,
        openDefinition: claim.openDefinition,
        domains: end === null ? null : [...claim.domains].sort(),
      };
      const key = JSON.stringify(options);
      let report = cache.get(key);
      if (report === undefined) {
        report = computeTrack(catalog, options);
        cache.set(key, report);
      }
      return report;
    },
  };
}

/** The cache key of a report over the default window, when `report` is one (every domain and method, no options). */
function defaultWindowKey(report: TrackReport): string | null {
  const { options } = report;
  const everyMethod = new Set(options.methods).size === 3;
  const plain = options.tolerance === null && options.transform === 'none' && options.domains === null && options.benchmarks === null && options.until === null;
  if (report.dataset !== 'catalog' || !everyMethod || !plain) return null;
  return JSON.stringify({ since: options.since, until: null, openDefinition: options.openDefinition, domains: null });
}

// one generic call site keeps the kind and its comparison together
function judge<C extends Comparison>(comparison: C, measured: Measurement): ClaimVerdict {
  return evaluatorFor(comparison.kind as C['kind']).verdict(comparison as never, measured);
}

function describe<C extends Comparison>(comparison: C): string {
  return evaluatorFor(comparison.kind as C['kind']).describe(comparison as never);
}

function combine(claim: Claim, figures: readonly ClaimFigure[], measurements: readonly Measurement[]): Pick<ClaimResult, 'verdict' | 'reason' | 'median'> {
  const wanted = describe(claim.comparison);
  const valueText = (figure: ClaimFigure) =>
    figure.value === null ? 'unmeasured' : `${typeof figure.from === 'number' ? `${figure.from.toFixed(1)} → ` : ''}${figure.value.toFixed(1)}`;
  const named = (list: readonly ClaimFigure[]) => list.map((figure) => `${figure.name} ${valueText(figure)}`).join(', ');
  const by = (verdict: ClaimVerdict) => figures.filter((figure) => figure.verdict === verdict);
  const missing = by('not-enough-data');
  const missingText = missing.map((figure) => `${figure.name} (${figure.detail})`).join('; ');
  if (claim.across === 'median') {
    if (missing.length > 0) return { verdict: 'not-enough-data', reason: `no figure for ${missingText}, so no median across the ${figures.length} domains`, median: null };
    const values = measurements.map((entry) => entry.value as number);
    const froms = measurements.map((entry) => entry.from).filter((value): value is number => typeof value === 'number');
    const middle = median(values);
    const measured: Measurement = { ...(measurements[0] as Measurement), value: middle, from: froms.length === values.length ? median(froms) : null };
    const verdict = judge(claim.comparison, measured);
    const said = verdict === 'holds' ? 'is' : 'is not';
    return { verdict, reason: `the median across ${named(figures)} is ${middle.toFixed(1)}, which ${said} ${wanted}`, median: middle };
  }
  const holding = by('holds');
  const failing = by('does-not-hold');
  if (claim.across === 'each') {
    if (failing.length > 0) return { verdict: 'does-not-hold', reason: `not ${wanted} in ${named(failing)}${holding.length > 0 ? ` (holds in ${named(holding)})` : ''}` };
    if (missing.length > 0) return { verdict: 'not-enough-data', reason: `not enough data in ${missingText}${holding.length > 0 ? `; holds in ${named(holding)}` : ''}` };
    return { verdict: 'holds', reason: `${wanted} in every domain: ${named(holding)}` };
  }
  if (holding.length > 0) return { verdict: 'holds', reason: `${wanted} in ${named(holding)}` };
  if (missing.length > 0) return { verdict: 'not-enough-data', reason: `not ${wanted} where measured (${named(failing)}); not enough data in ${missingText}` };
  return { verdict: 'does-not-hold', reason: `not ${wanted} in any domain: ${named(failing)}` };
}

function evaluateClaim(catalog: TrackCatalog, claim: Claim, cache: Map<string, TrackReport>): ClaimResult {
  const context = contextFor(catalog, claim, cache);
  const evaluator = evaluatorFor(claim.comparison.kind);
  const names = new Map(context.report().domains.map((domain) => [domain.domain, domain.name]));
  const measurements = claim.domains.map((domain: DomainId) => evaluator.measure(context, claim, domain));
  const figures: ClaimFigure[] = claim.domains.map((domain, index) => {
    const measured = measurements[index] as Measurement;
    return {
      domain,
      name: names.get(domain) ?? domain,
      verdict: judge(claim.comparison, measured),
      value: measured.value,
      unit: evaluator.unit,
      ...(measured.from === undefined ? {} : { from: measured.from }),
      asOf: measured.asOf,
      benchmark: measured.benchmark,
      benchmarks: measured.benchmarks,
      detail: measured.detail,
      sources: measured.sources,
    };
  });
  return {
    id: claim.id,
    claim: claim.claim,
    said: claim.said ?? null,
    domains: claim.domains,
    method: claim.method,
    across: claim.across,
    comparison: claim.comparison,
    window: { since: claim.since ?? null, until: claim.until ?? null },
    openDefinition: claim.openDefinition,
    ...combine(claim, figures, measurements),
    figures,
    sources: [...new Set(figures.flatMap((figure) => figure.sources))].sort(),
  };
}

/** `base`: a track report of the same catalog already computed (the main job's), reused where it fits. */
export function evaluateClaims(catalog: TrackCatalog, file: ClaimsFile, fileName: string, base?: TrackReport): ClaimsReport {
  const cache = new Map<string, TrackReport>();
  const baseKey = base === undefined ? null : defaultWindowKey(base);
  if (base !== undefined && baseKey !== null) cache.set(baseKey, base);
  const claims = file.claims.map((claim) => evaluateClaim(catalog, claim, cache));
  let asOf = '1970-01-01';
  for (const result of catalog.results) if (result.modelId !== null && result.date > asOf) asOf = result.date;
  const used = new Set(claims.flatMap((claim) => claim.sources));
  const described = new Map((catalog.sources ?? []).map((source) => [source.id, source]));
  const count = (verdict: ClaimVerdict) => claims.filter((claim) => claim.verdict === verdict).length;
  return {
    kind: 'track-claims',
    file: fileName,
    asOf,
    counts: { holds: count('holds'), doesNotHold: count('does-not-hold'), notEnoughData: count('not-enough-data') },
    claims,
    sources: [...used].sort().map((id) => {
      const source = described.get(id);
      return { id, name: source?.name ?? id, origin: source?.origin ?? 'not described in the catalog', licence: source?.licence ?? 'unknown', snapshotDate: source?.snapshotDate ?? null };
    }),
  };
}
