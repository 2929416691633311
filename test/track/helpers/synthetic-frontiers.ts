/**
 * Synthetic open and closed frontiers with a known lag, to check that the lag and trend estimators recover it.
 *
 * The world: a closed model every `gapDays` from `worldStart`, each one `step` better than the last. The open
 * model that reaches the same score comes out `lag(t)` days later, where t is the day it comes out: so on the
 * day an open model appears, the closed frontier stood at its score exactly `lag(t)` days before. The lag
 * changes linearly, `lag(t) = lag0 + rate·(t − worldStart)` (rate in days per day = months per month).
 *
 * What a dataset sees of that world starts later: closed results only from `closedFrom`, open results only
 * from `openFrom` (a benchmark published after the first models, an open family first evaluated later…), and
 * ends at `until`. Everything is whole days.
 *
 * Real releases are irregular: with `seed`, the time between closed models (0.5–1.5 × `gapDays`), each step in
 * score (0.5–1.5 × `step`) and each open model's date (± `jitterDays`) vary, drawn from a seeded generator so a
 * seed always gives the same series. Without a seed the world is perfectly regular.
 */
import type { BenchmarkResult, DomainId, Model } from '../../../src/catalog/schema.js';
import { seededRandom } from '../../../src/kernel/index.js';
import { dayNumber, DAYS_PER_MONTH, isoFromDay } from '../../../src/track/dates.js';
import type { TrackCatalog } from '../../../src/track/catalog-input.js';

export interface SyntheticBenchmark {
  id: string;
  domain?: DomainId;
  worldStart: string;
  closedFrom: string;
  openFrom: string;
  until: string;
  /** Lag (months) of an open model coming out on `worldStart`. */
  lagMonths: number;
  /** Change of the lag, months per year (negative: open models catch up). */
  lagMonthsPerYear?: number;
  gapDays?: number;
  firstScore?: number;
  step?: number;
  /** Irregular releases drawn from this seed (see above); none when absent. */
  seed?: number;
  jitterDays?: number;
}

function model(id: string, openWeights: boolean, releaseDate: string): Model {
  return {
    id,
    lab: 'synthetic',
    name: id.split('/')[1] ?? id,
    family: null,
    openWeights,
    license: openWeights ? 'Apache-2.0' : null,
    releaseDate,
    parametersB: null,
    activeParametersB: null,
    contextWindow: null,
    inputModalities: ['text'],
    outputModalities: ['text'],
    sources: ['synthetic'],
  };
}

function result(modelId: string, benchmark: string, score: number, date: string): BenchmarkResult {
  return { modelId, modelName: modelId, benchmark, score, ciLow: null, ciHigh: null, date, source: 'synthetic', sourceRow: null };
}

/** One benchmark's models and results. */
function series(spec: SyntheticBenchmark): { models: Model[]; results: BenchmarkResult[] } {
  const gap = spec.gapDays ?? 30;
  const first = spec.firstScore ?? 0.2;
  const step = spec.step ?? 0.004;
  const start = dayNumber(spec.worldStart);
  const until = dayNumber(spec.until);
  const rate = (spec.lagMonthsPerYear ?? 0) / 12;
  const lag0 = spec.lagMonths * DAYS_PER_MONTH;
  const random = spec.seed === undefined ? null : seededRandom(spec.seed);
  const vary = (value: number): number => (random === null ? value : value * (0.5 + random()));
  const jitter = (): number => (random === null ? 0 : Math.round((2 * random() - 1) * (spec.jitterDays ?? gap / 2)));
  const models: Model[] = [];
  const results: BenchmarkResult[] = [];
  let closedDay = start;
  let score = first;
  for (let index = 0; ; index++) {
    if (index > 0) {
      closedDay += Math.max(1, Math.round(vary(gap)));
      score += vary(step);
    }
    if (closedDay > until) break;
    // open day o solves o − lag(o) = closedDay, with lag(o) = lag0 + rate·(o − start)
    const openDay = Math.round((closedDay + lag0 - rate * start) / (1 - rate)) + jitter();
    if (closedDay >= dayNumber(spec.closedFrom)) {
      const id = `synthetic/${spec.id}-closed-${index}`;
      models.push(model(id, false, isoFromDay(closedDay)));
      results.push(result(id, spec.id, Number(score.toFixed(6)), isoFromDay(closedDay)));
    }
    if (openDay >= dayNumber(spec.openFrom) && openDay <= until) {
      const id = `synthetic/${spec.id}-open-${index}`;
      models.push(model(id, true, isoFromDay(openDay)));
      results.push(result(id, spec.id, Number(score.toFixed(6)), isoFromDay(openDay)));
    }
  }
  return { models, results };
}

/** A catalog of synthetic benchmarks (accuracy, higher is better), each in its domain (default reasoning-knowledge). */
export function syntheticCatalog(benchmarks: readonly SyntheticBenchmark[]): TrackCatalog {
  const parts = benchmarks.map(series);
  const domains = [...new Set(benchmarks.map((benchmark) => benchmark.domain ?? 'reasoning-knowledge'))];
  return {
    models: parts.flatMap((part) => part.models),
    results: parts.flatMap((part) => part.results),
    taxonomy: {
      domains: domains.map((id) => ({ id, name: id, description: '' })),
      benchmarks: benchmarks.map((benchmark) => ({
        id: benchmark.id,
        name: benchmark.id,
        domain: benchmark.domain ?? 'reasoning-knowledge',
        metric: 'accuracy' as const,
        higherIsBetter: true,
        description: null,
      })),
    },
    sources: [{ id: 'synthetic', name: 'Synthetic frontiers', origin: 'test/track/helpers/synthetic-frontiers.ts', snapshotDate: '2026-01-01', licence: 'CC0-1.0', taken: 'everything' }],
  };
}
