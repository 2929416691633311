/**
 * Output of `computeTrack` / `parity track --json`: per domain, the best open and closed model, the gap, the
 * lag by each method, its trend, and the price/score frontier. Every figure carries the source ids it
 * was computed from; `sources` describes each id.
 */
import { z } from 'zod';
import { PRICE_POLICIES } from '../../catalog/price-policy.js';
import { DOMAIN_IDS, METRICS, isoDate } from '../../catalog/schema.js';

import { OPEN_DEFINITIONS, SCORE_TRANSFORMS, TRACK_DATASETS, TRACK_METHODS } from './track-ids.js';

export { OPEN_DEFINITIONS, SCORE_TRANSFORMS, TRACK_DATASETS, TRACK_METHODS, type OpenDefinition, type ScoreTransform, type TrackMethod } from './track-ids.js';

export const modelScoreSchema = z.object({
  modelId: z.string(),
  modelName: z.string(),
  benchmark: z.string(),
  score: z.number().describe('the score as the source gives it (accuracy share, Elo, index points)'),
  ciLow: z.number().nullable(),
  ciHigh: z.number().nullable(),
  date: isoDate,
  source: z.string().describe('source id (see `sources`)'),
  sourceRow: z.string().nullable(),
});
export type ModelScore = z.infer<typeof modelScoreSchema>;

export const frontierPointSchema = modelScoreSchema.extend({
  compared: z.number().describe('the value the frontier is built on: transformed, and raised by the tolerance for open models'),
});
export type TrackFrontierPoint = z.infer<typeof frontierPointSchema>;

export const lagSummarySchema = z.object({
  n: z.number().int(),
  mean: z.number(),
  median: z.number(),
  q1: z.number(),
  q3: z.number(),
  iqr: z.number(),
});

export const thresholdSchema = z.object({
  step: z.number().describe('grid step, raw units'),
  crossings: z.array(
    z.object({ level: z.number(), lagMonths: z.number(), open: modelScoreSchema, closed: modelScoreSchema }),
  ),
  summary: lagSummarySchema.nullable(),
  openNotYet: z.array(z.number()).describe('levels the closed frontier reached and the open one has not'),
  closedNotYet: z.array(z.number()),
  lagMonths: z.number().nullable().describe('median over levels'),
});

export const areaSchema = z.object({
  lagMonths: z.number().nullable(),
  range: z.tuple([z.number(), z.number()]).nullable().describe('common score range, raw units'),
  reason: z.string().nullable(),
});

export const dailySchema = z.object({
  start: isoDate,
  end: isoDate,
  days: z.number().int(),
  censoredDays: z
    .number()
    .int()
    .describe('days whose lag is only a lower bound: the level predates the other group’s first result'),
  mean: z.number(),
  median: z.number(),
  latest: z.number().describe('lag on the last day of the window'),
  latestCensored: z.boolean().describe('true when the last day’s lag is only a lower bound'),
  lagMonths: z.number().describe('= latest'),
  series: z.array(z.object({ date: isoDate, lagMonths: z.number() })).describe('first day of each month, and the last day'),
  halfYears: z
    .array(z.object({ period: z.string(), lagMonths: z.number(), days: z.number().int() }))
    .describe('mean lag over the measured (not censored) days of each half-year'),
});

export const benchmarkTrackSchema = z.object({
  benchmark: z.string(),
  name: z.string(),
  metric: z.enum(METRICS),
  transformed: z.boolean(),
  status: z.enum(['ok', 'one-group', 'no-data']),
  counts: z.object({ open: z.number().int(), closed: z.number().int() }),
  lastResult: z.object({ open: isoDate.nullable(), closed: isoDate.nullable() }).describe('date of the latest result per group'),
  bestOpen: modelScoreSchema.nullable(),
  bestClosed: modelScoreSchema.nullable(),
  scoreGap: z.number().nullable().describe('best closed − best open, raw units'),
  frontiers: z.object({ open: z.array(frontierPointSchema), closed: z.array(frontierPointSchema) }),
  threshold: thresholdSchema.nullable().optional(),
  area: areaSchema.nullable().optional(),
  daily: dailySchema.nullable().optional(),
  sources: z.array(z.string()),
});
export type BenchmarkTrack = z.infer<typeof benchmarkTrackSchema>;

export const domainLagSchema = z.object({
  method: z.enum(TRACK_METHODS),
  lagMonths: z.number().nullable().describe('median of the per-benchmark lags'),
  perBenchmark: z.array(z.object({ benchmark: z.string(), lagMonths: z.number() })),
  sources: z.array(z.string()),
});
export type DomainLag = z.infer<typeof domainLagSchema>;

const trendPointSchema = z.object({ date: isoDate, lagMonths: z.number() });

export const TREND_DIRECTIONS = ['too-few-points', 'steady', 'no-trend', 'growing', 'shrinking'] as const;
export type TrendDirection = (typeof TREND_DIRECTIONS)[number];

export const trendSchema = z.object({
  basis: z.string(),
  halfYears: z
    .array(z.object({ period: z.string(), lagMonths: z.number(), benchmarks: z.number().int() }))
    .describe('median across benchmarks of each benchmark’s half-year mean (descriptive; the fit uses each benchmark’s own points)'),
  fit: z
    .object({
      benchmarks: z.number().int().describe('benchmarks with at least two half-years, which the slope is estimated within'),
      points: z.number().int(),
      degreesOfFreedom: z.number().int(),
    })
    .nullable(),
  direction: z
    .enum(TREND_DIRECTIONS)
    .describe('steady: the 95% interval lies within ±0.1 months a year; no-trend: it contains 0; growing/shrinking: it excludes 0'),
  slopeMonthsPerYear: z.number().nullable(),
  slopeInterval: z.tuple([z.number(), z.number()]).nullable().describe('95% t interval'),
  line: z
    .object({ start: trendPointSchema, end: trendPointSchema })
    .nullable()
    .describe('the fitted lag at the first and last fitted half-year, at the level of the median benchmark'),
  projection: z
    .object({ date: isoDate, low: isoDate, high: isoDate })
    .nullable()
    .describe('when the fitted lag reaches zero, with a 95% Fieller interval'),
  statement: z.string(),
  sources: z.array(z.string()),
});
export type Trend = z.infer<typeof trendSchema>;

export const pricePointSchema = z.object({
  modelId: z.string(),
  modelName: z.string(),
  open: z.boolean(),
  score: z.number(),
  scoreDate: isoDate,
  scoreSource: z.string(),
  pricePerMtok: z.number().describe('blended USD per million tokens: (3 × input + output) / 4'),
  provider: z.string().describe('the provider whose listing is the price'),
  priceBasis: z.enum(['first-party', 'median', 'cheapest']).describe('how the listing was chosen (see options.pricePolicy)'),
  priceProviders: z.number().int().describe('providers with a usable listing'),
  priceSource: z.string(),
  priceAsOf: isoDate,
  onFrontier: z.boolean(),
  dominatedBy: z.string().nullable().describe('a cheaper (or equal-price) model scoring at least as well'),
});

export const priceFrontierSchema = z.object({
  benchmark: z.string(),
  policy: z.enum(PRICE_POLICIES),
  points: z.array(pricePointSchema),
  pareto: z.array(z.string()).describe('model ids on the price/score Pareto frontier, cheapest first'),
  commodityEnd: z.string().nullable(),
  frontierEnd: z.string().nullable(),
  middleGround: z.array(z.object({ modelId: z.string(), dominatedBy: z.string(), priceRatio: z.number() })),
});
export type PriceFrontier = z.infer<typeof priceFrontierSchema>;

export const domainTrackSchema = z.object({
  domain: z.enum(DOMAIN_IDS),
  name: z.string(),
  status: z.enum(['ok', 'one-group', 'no-data']),
  note: z.string().nullable(),
  headlineBenchmark: z.string().nullable(),
  bestClosed: modelScoreSchema.nullable(),
  bestOpen: modelScoreSchema.nullable(),
  scoreGap: z
    .object({ value: z.number(), benchmark: z.string(), metric: z.enum(METRICS), sources: z.array(z.string()) })
    .nullable()
    .describe('best closed − best open on the headline benchmark, raw units'),
  headlineMethod: z.enum(TRACK_METHODS),
  lagMonths: z.number().nullable(),
  lags: z.array(domainLagSchema),
  trend: trendSchema.nullable(),
  benchmarks: z.array(benchmarkTrackSchema),
  priceFrontier: priceFrontierSchema.nullable(),
  sources: z.array(z.string()),
});
export type DomainTrack = z.infer<typeof domainTrackSchema>;

export const trackReportSchema = z.object({
  kind: z.literal('track'),
  dataset: z.enum(TRACK_DATASETS),
  asOf: isoDate.describe('the last day the report covers: --until, else the latest result date'),
  options: z.object({
    methods: z.array(z.enum(TRACK_METHODS)),
    openDefinition: z.enum(OPEN_DEFINITIONS),
    transform: z.enum(SCORE_TRANSFORMS),
    tolerance: z.number().nullable(),
    since: isoDate.nullable(),
    until: isoDate.nullable(),
    domains: z.array(z.string()).nullable(),
    benchmarks: z.array(z.string()).nullable(),
    pricePolicy: z.enum(PRICE_POLICIES).describe('which listing is a model’s price: first-party | median | cheapest'),
  }),
  method: z.array(z.string()).describe('how the figures are computed, in words'),
  domains: z.array(domainTrackSchema),
  sources: z.array(
    z.object({ id: z.string(), name: z.string(), origin: z.string(), licence: z.string(), snapshotDate: z.string().nullable() }),
  ),
});
export type TrackReport = z.infer<typeof trackReportSchema>;
