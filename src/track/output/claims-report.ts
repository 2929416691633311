/**
 * Output of `parity track --claims FILE` (with `--json`): each claim with its verdict — holds, does not hold,
 * or not enough data — and the figures and sources it rests on. Not enough data is never "does not hold".
 */
import { z } from 'zod';
import { DOMAIN_IDS, isoDate } from '../../catalog/index.js';
import { CLAIM_QUANTIFIERS, comparisonSchema } from '../claims/claim-schema.js';
import { OPEN_DEFINITIONS, TRACK_METHODS } from './track-report.js';

export const CLAIM_VERDICTS = ['holds', 'does-not-hold', 'not-enough-data'] as const;
export type ClaimVerdict = (typeof CLAIM_VERDICTS)[number];

export const claimFigureSchema = z.object({
  domain: z.enum(DOMAIN_IDS),
  name: z.string(),
  verdict: z.enum(CLAIM_VERDICTS),
  value: z.number().nullable().describe('the figure the comparison reads (lag in months, gap in points, slope in months a year); null: not measured'),
  unit: z.enum(['months', 'points', 'months per year']),
  from: z.number().nullable().optional().describe('lag-fell: the lag as of the earlier date'),
  asOf: isoDate.nullable().describe('the last day of data the figure covers; null when the domain has no results'),
  benchmark: z.string().nullable().describe('the headline benchmark (gap claims), or null when the figure is the domain’s median over benchmarks'),
  benchmarks: z.number().int().describe('benchmarks with a figure behind the domain’s value'),
  detail: z.string().describe('the figure in words, with the reason when it is not measured'),
  sources: z.array(z.string()),
});
export type ClaimFigure = z.infer<typeof claimFigureSchema>;

export const claimResultSchema = z.object({
  id: z.string(),
  claim: z.string(),
  said: z.string().nullable(),
  domains: z.array(z.enum(DOMAIN_IDS)),
  method: z.enum(TRACK_METHODS),
  across: z.enum(CLAIM_QUANTIFIERS),
  comparison: comparisonSchema,
  window: z.object({ since: isoDate.nullable(), until: isoDate.nullable() }),
  openDefinition: z.enum(OPEN_DEFINITIONS),
  verdict: z.enum(CLAIM_VERDICTS),
  reason: z.string().describe('why, in one sentence, with the figures'),
  figures: z.array(claimFigureSchema),
  /** `across: median`: the median across the domains. */
  median: z.number().nullable().optional(),
  sources: z.array(z.string()),
});
export type ClaimResult = z.infer<typeof claimResultSchema>;

export const claimsReportSchema = z.object({
  kind: z.literal('track-claims'),
  file: z.string().describe('the claims file, as given'),
  asOf: isoDate.describe('the latest result date in the data'),
  counts: z.object({ holds: z.number().int(), doesNotHold: z.number().int(), notEnoughData: z.number().int() }),
  claims: z.array(claimResultSchema),
  sources: z.array(
    z.object({ id: z.string(), name: z.string(), origin: z.string(), licence: z.string(), snapshotDate: z.string().nullable() }),
  ),
});
export type ClaimsReport = z.infer<typeof claimsReportSchema>;
