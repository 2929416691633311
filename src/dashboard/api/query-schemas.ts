/**
 * The dashboard API's query parameters, one strict zod object per endpoint: an unknown or malformed
 * parameter is a 400 naming it. The browser bundle imports the same schemas to validate its forms before it
 * asks, so a form and the API can never disagree about what is valid. Pure zod (no Node imports).
 */
import { z } from 'zod';
import { DEFAULT_PRICE_POLICY, PRICE_POLICIES } from '../../catalog/price-policy.js';
import { DOMAIN_IDS } from '../../catalog/schema.js';
import { regionCode } from '../../decide/license/profile.js';
import { THROUGHPUT_UNITS } from '../../decide/cost/self-host.js';
import { OPEN_DEFINITIONS, SCORE_TRANSFORMS, TRACK_METHODS } from '../../track/output/track-report.js';
import { queryBoolean, queryDate, queryInteger, queryIntegerRange, queryList, queryNumber, queryRange } from './query-fields.js';

const text = z.string().trim().min(1, 'must not be empty').max(300, 'is too long');

export const trackQuerySchema = z.strictObject({
  /** Methods to compute; the first is the headline lag. Default: threshold, area, daily. */
  methods: queryList(z.enum(TRACK_METHODS)).pipe(z.array(z.enum(TRACK_METHODS)).min(1, 'name at least one method')).optional(),
  /** Points of tolerance (absent: an open model must match the closed score). */
  tolerance: queryRange(0, 25).optional(),
  openDefinition: z.enum(OPEN_DEFINITIONS).optional(),
  transform: z.enum(SCORE_TRANSFORMS).optional(),
  since: queryDate.optional(),
  until: queryDate.optional(),
  /** Which listing is a model's price on the price/score frontier (default first-party). */
  pricePolicy: z.enum(PRICE_POLICIES).optional(),
});
export type TrackQuery = z.output<typeof trackQuerySchema>;

export const trackDomainQuerySchema = trackQuerySchema.extend({ domain: z.enum(DOMAIN_IDS) });
export type TrackDomainQuery = z.output<typeof trackDomainQuerySchema>;

/** Sort keys of the model table: a column, or a domain id (its headline benchmark's score). */
export const CATALOG_SORTS = ['name', 'lab', 'releaseDate', 'price', 'contextWindow', 'parameters', 'license', ...DOMAIN_IDS] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;

export const catalogQuerySchema = z.strictObject({
  /** Matches id, name, lab, family and licence (case-insensitive, every word must match). */
  q: z.string().trim().max(200, 'is too long').optional(),
  /** true: open weights only; false: closed only. */
  open: queryBoolean.optional(),
  lab: queryList(text).optional(),
  /** true: only models with an API price in the catalog. */
  priced: queryBoolean.optional(),
  /** Which listing is a model's price (default first-party: the maker's own API, else the median provider). */
  pricePolicy: z.enum(PRICE_POLICIES).optional(),
  sort: z.enum(CATALOG_SORTS).default('releaseDate'),
  order: z.enum(SORT_ORDERS).default('desc'),
  limit: queryIntegerRange(1, 500).default(50),
  offset: queryIntegerRange(0, 1_000_000).default(0),
});
export type CatalogQuery = z.output<typeof catalogQuerySchema>;

export const modelQuerySchema = z.strictObject({ id: text });

export const runsQuerySchema = z.strictObject({
  suite: text.optional(),
  limit: queryIntegerRange(1, 500).default(50),
});

export const matrixQuerySchema = z.strictObject({
  /** Only cases that at least one model failed (or errored on). */
  failures: queryBoolean.default(false),
});

export const caseQuerySchema = z.strictObject({ case: z.string().min(1, 'must not be empty').max(512, 'is too long') });

/** Time windows over the request log, ending now. */
export const LOG_WINDOWS = ['15m', '1h', '24h', '7d', '30d', 'all'] as const;
export type LogWindow = (typeof LOG_WINDOWS)[number];

export const gatewaySummaryQuerySchema = z.strictObject({ window: z.enum(LOG_WINDOWS).default('24h') });

export const gatewayRequestsQuerySchema = z.strictObject({
  window: z.enum(LOG_WINDOWS).default('24h'),
  limit: queryIntegerRange(1, 1000).default(200),
  errorsOnly: queryBoolean.default(false),
  keyId: text.optional(),
  upstream: text.optional(),
  model: text.optional(),
});

export const routeSplitQuerySchema = z.strictObject({ window: z.enum(LOG_WINDOWS).default('24h') });

export const routeEvalsQuerySchema = z.strictObject({ name: text.optional() });

export const GPU_PRICINGS = ['on-demand', 'spot', 'reserved'] as const;

const nonNegative = queryNumber.pipe(z.number().min(0, 'must not be negative'));
const positive = queryNumber.pipe(z.number().positive('must be more than 0'));

/** The same questions as `parity cost` (flag names in camelCase). */
export const costQuerySchema = z
  .strictObject({
    /** Open-weight model to self-host; its API prices are listed unless `api` is given. */
    model: text.optional(),
    /** Models to price through their API providers. */
    api: queryList(text).optional(),
    /** Price the models at these providers (every listing of theirs) instead of by `pricePolicy`. */
    provider: queryList(text).optional(),
    /** Which listing is a model's API price (default first-party: the maker's own API, else the median provider). */
    pricePolicy: z.enum(PRICE_POLICIES).default(DEFAULT_PRICE_POLICY),
    includeFree: queryBoolean.default(false),
    requestsPerDay: nonNegative,
    inputTokens: nonNegative,
    outputTokens: nonNegative,
    peakToAverage: queryNumber.pipe(z.number().min(1, 'must be at least 1')).default(1),
    cacheHitRate: queryRange(0, 1).default(0),
    selfHost: queryBoolean.default(true),
    gpu: text.default('h100'),
    gpus: queryIntegerRange(1, 64).optional(),
    pricing: z.enum(GPU_PRICINGS).default('on-demand'),
    gpuProvider: text.optional(),
    gpuHourPrice: positive.optional(),
    throughput: positive.optional(),
    throughputUnit: z.enum(THROUGHPUT_UNITS).default('output-tokens/s'),
    precision: text.optional(),
    estimate: queryBoolean.default(false),
    activeParams: positive.optional(),
    utilization: queryNumber.pipe(z.number().gt(0, 'must be more than 0').max(1, 'must be at most 1')).default(0.6),
    scaleToZero: queryBoolean.default(false),
    opsPerMonth: nonNegative.default(0),
    daysPerMonth: positive.default(30),
    /** API prices returned (cheapest first). */
    top: queryIntegerRange(1, 100).default(10),
  })
  .refine((query) => !query.selfHost || query.model !== undefined, {
    message: 'is required to price self-hosting (or set selfHost=false)',
    path: ['model'],
  })
  .refine((query) => query.selfHost || query.model !== undefined || (query.api?.length ?? 0) > 0, {
    message: 'give a model or at least one API model to price',
    path: ['api'],
  });
export type CostQuery = z.output<typeof costQuerySchema>;

/** The same questions as `parity license`. */
export const licenseQuerySchema = z.strictObject({
  model: queryList(text).pipe(z.array(z.string()).min(1, 'name at least one model').max(10, 'at most 10 models')),
  mau: queryInteger.pipe(z.number().min(0, 'must not be negative')),
  commercial: queryBoolean.default(false),
  trainOnOutputs: queryBoolean.default(false),
  redistribute: queryBoolean.default(false),
  region: queryList(regionCode).default([]),
  weightsLicense: text.optional(),
});
export type LicenseQuery = z.output<typeof licenseQuerySchema>;

/** A route path segment (a run id). */
export const runIdSchema = z.string().min(1, 'must not be empty').max(512, 'is too long');
