/** Options of `computeTrack`, validated with zod (the CLI passes its flags through the same schema). */
import { z } from 'zod';
// the catalog's modules, not its index: resolving options (a memoized report's key) loads no loader or query
import { DEFAULT_PRICE_POLICY, PRICE_POLICIES } from '../catalog/price-policy.js';
import { domainId, isoDate } from '../catalog/schema.js';
import { ValidationError } from '../errors.js';
import { parseOrThrow } from '../kernel/index.js';
import { OPEN_DEFINITIONS, SCORE_TRANSFORMS, TRACK_DATASETS, TRACK_METHODS } from './output/track-ids.js';

export const trackOptionsSchema = z
  .object({
    /** Methods to compute; the first is the headline (the domain table's lag column). */
    methods: z.array(z.enum(TRACK_METHODS)).min(1).default(['threshold', 'area', 'daily']),
    openDefinition: z.enum(OPEN_DEFINITIONS).default('weights'),
    transform: z.enum(SCORE_TRANSFORMS).default('none'),
    /** Points (see `toleranceInUnits`); null: an open model must match the closed score exactly. */
    tolerance: z.number().min(0).max(25).nullable().default(null),
    since: isoDate.nullable().default(null),
    until: isoDate.nullable().default(null),
    domains: z.array(domainId).min(1).nullable().default(null),
    benchmarks: z.array(z.string().min(1)).min(1).nullable().default(null),
    /** Which listing is a model's price on the price/score frontier (see catalog/price-policy.ts). */
    pricePolicy: z.enum(PRICE_POLICIES).default(DEFAULT_PRICE_POLICY),
    /** A label for the report: which data the catalog came from. */
    dataset: z.enum(TRACK_DATASETS).default('catalog'),
  })
  .refine((options) => options.since === null || options.until === null || options.since <= options.until, {
    message: '--since must not be after --until',
    path: ['since'],
  });

export type TrackOptions = z.input<typeof trackOptionsSchema>;
export type ResolvedTrackOptions = z.output<typeof trackOptionsSchema>;

/** The options with their defaults filled in, validated; a ValidationError names the first bad one. */
export function resolveTrackOptions(options: TrackOptions): ResolvedTrackOptions {
  return parseOrThrow(trackOptionsSchema, options, (issue) => new ValidationError(`track option ${issue.text}`, issue.field, { cause: issue.error }));
}
