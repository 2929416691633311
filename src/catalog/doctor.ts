/**
 * `parity catalog doctor`: how well the bundled data hangs together. Benchmark rows whose model name matched
 * no catalog model (or several), facts the sources disagree on, and well-known models whose public facts no
 * source gave (fill them in data/curated/models.yaml with a source). The acceptance target is fewer than 5%
 * of benchmark rows without a model.
 */
import type { BenchmarkResult, Conflict, Model, Price, PriceHistoryEntry, UnresolvedName } from './schema.js';

export const UNMATCHED_TARGET = 0.05;
/** A model with at least this many benchmark rows is well known: its missing facts are listed. */
export const WELL_KNOWN_RESULTS = 10;

export const CHECKED_FACTS = ['releaseDate', 'contextWindow', 'parametersB', 'price'] as const;
export type CheckedFact = (typeof CHECKED_FACTS)[number];

export interface MissingFacts {
  modelId: string;
  openWeights: boolean;
  results: number;
  /** Parameters count only for open weights (labs rarely publish closed models' sizes); price: none current or past. */
  missing: CheckedFact[];
}

export interface DoctorSourceLine {
  source: string;
  results: number;
  unmatched: number;
  share: number;
}

export interface DoctorReport {
  results: {
    total: number;
    unmatched: number;
    /** Of the unmatched rows, those whose name fits several models. */
    ambiguous: number;
    unmatchedShare: number;
    target: number;
    withinTarget: boolean;
  };
  bySource: DoctorSourceLine[];
  unmatchedNames: UnresolvedName[];
  ambiguousNames: UnresolvedName[];
  conflicts: { openWeights: Conflict[]; releaseDate: Conflict[]; license: Conflict[]; lab: Conflict[] };
  models: { total: number; open: number; closed: number; withoutReleaseDate: number; withoutResults: number };
  /** Models with at least WELL_KNOWN_RESULTS benchmark rows that lack a checked fact, most rows first. */
  missingFacts: MissingFacts[];
}

export interface DoctorInput {
  models: readonly Model[];
  results: readonly BenchmarkResult[];
  unresolved: readonly UnresolvedName[];
  conflicts: readonly Conflict[];
  prices: readonly Pick<Price, 'modelId'>[];
  priceHistory: readonly Pick<PriceHistoryEntry, 'modelId' | 'inputPerMtok'>[];
}

function missingFacts(catalog: DoctorInput, resultRows: ReadonlyMap<string, number>): MissingFacts[] {
  const priced = new Set<string>(catalog.prices.map((price) => price.modelId));
  for (const entry of catalog.priceHistory) if (entry.modelId !== null && entry.inputPerMtok !== null) priced.add(entry.modelId);
  const out: MissingFacts[] = [];
  for (const model of catalog.models) {
    const results = resultRows.get(model.id) ?? 0;
    if (results < WELL_KNOWN_RESULTS) continue;
    const missing = CHECKED_FACTS.filter((fact) => {
      if (fact === 'price') return !priced.has(model.id);
      if (fact === 'parametersB') return model.openWeights && model.parametersB === null;
      return model[fact] === null;
    });
    if (missing.length > 0) out.push({ modelId: model.id, openWeights: model.openWeights, results, missing });
  }
  return out.sort((a, b) => b.results - a.results || a.modelId.localeCompare(b.modelId));
}

export function buildDoctorReport(catalog: DoctorInput): DoctorReport {
  const ambiguousKeys = new Set(
    catalog.unresolved.filter((name) => name.status === 'ambiguous').map((name) => `${name.source}|${name.name}`),
  );
  const perSource = new Map<string, DoctorSourceLine>();
  let unmatched = 0;
  let ambiguous = 0;
  const resultRows = new Map<string, number>();
  for (const result of catalog.results) {
    let line = perSource.get(result.source);
    if (line === undefined) {
      line = { source: result.source, results: 0, unmatched: 0, share: 0 };
      perSource.set(result.source, line);
    }
    line.results += 1;
    if (result.modelId === null) {
      unmatched += 1;
      line.unmatched += 1;
      if (ambiguousKeys.has(`${result.source}|${result.modelName}`)) ambiguous += 1;
    } else resultRows.set(result.modelId, (resultRows.get(result.modelId) ?? 0) + 1);
  }
  const bySource = [...perSource.values()]
    .map((line) => ({ ...line, share: line.results === 0 ? 0 : line.unmatched / line.results }))
    .sort((a, b) => b.unmatched - a.unmatched || a.source.localeCompare(b.source));
  const total = catalog.results.length;
  const share = total === 0 ? 0 : unmatched / total;
  const byField = (field: Conflict['field']): Conflict[] => catalog.conflicts.filter((conflict) => conflict.field === field);
  const byRows = (a: UnresolvedName, b: UnresolvedName): number => b.rows - a.rows || a.name.localeCompare(b.name);
  return {
    results: { total, unmatched, ambiguous, unmatchedShare: share, target: UNMATCHED_TARGET, withinTarget: share < UNMATCHED_TARGET },
    bySource,
    unmatchedNames: catalog.unresolved.filter((name) => name.status === 'unmatched').sort(byRows),
    ambiguousNames: catalog.unresolved.filter((name) => name.status === 'ambiguous').sort(byRows),
    conflicts: {
      openWeights: byField('openWeights'),
      releaseDate: byField('releaseDate'),
      license: byField('license'),
      lab: byField('lab'),
    },
    models: {
      total: catalog.models.length,
      open: catalog.models.filter((model) => model.openWeights).length,
      closed: catalog.models.filter((model) => !model.openWeights).length,
      withoutReleaseDate: catalog.models.filter((model) => model.releaseDate === null).length,
      withoutResults: catalog.models.filter((model) => !resultRows.has(model.id)).length,
    },
    missingFacts: missingFacts(catalog, resultRows),
  };
}
