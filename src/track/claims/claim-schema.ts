/**
 * A claims file for `parity track --claims FILE`: a YAML list of headline claims about open vs proprietary
 * models, each with what it is about (domains, lag method, date range) and the comparison that makes it true.
 * Parsed and validated here; a bad file is an error naming the file, the claim and the field.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { domainId, isoDate } from '../../catalog/index.js';
import { DataError, formatIssuePath } from '../../errors.js';
import { parseOrThrow, type ZodIssueReport } from '../../kernel/index.js';
import { OPEN_DEFINITIONS, TRACK_METHODS } from '../output/track-report.js';

const months = z.number().min(-120).max(240);

/** How a claim is checked against the data. One entry per kind in comparisons.ts. */
export const comparisonSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('lag-at-most'), months: months.describe('the lag is at most this many months') }),
  z.strictObject({ kind: z.literal('lag-at-least'), months: months.describe('the lag is at least this many months') }),
  z
    .strictObject({ kind: z.literal('lag-between'), low: months, high: months })
    .refine((value) => value.low <= value.high, { message: 'low must not be above high', path: ['low'] }),
  z
    .strictObject({
      kind: z.literal('lag-fell'),
      from: isoDate.describe('the earlier as-of date'),
      to: isoDate.describe('the later as-of date'),
      fromAtLeast: months.describe('the lag as of `from` was at least this'),
      toBelow: months.describe('the lag as of `to` is below this'),
    })
    .refine((value) => value.from < value.to, { message: 'from must be before to', path: ['from'] })
    .refine((value) => value.toBelow <= value.fromAtLeast, { message: 'a fall: toBelow must not be above fromAtLeast', path: ['toBelow'] }),
  z.strictObject({
    kind: z.literal('gap-at-most'),
    points: z.number().min(0).describe('best closed − best open on the headline benchmark is at most this (accuracy: percentage points)'),
  }),
  z.strictObject({ kind: z.literal('gap-at-least'), points: z.number().describe('best closed − best open is at least this') }),
  z.strictObject({ kind: z.literal('trend'), direction: z.enum(['shrinking', 'growing', 'steady']).describe('what the lag’s trend does') }),
]);
export type Comparison = z.infer<typeof comparisonSchema>;
export type ComparisonKind = Comparison['kind'];

export const CLAIM_QUANTIFIERS = ['each', 'any', 'median'] as const;
export type ClaimQuantifier = (typeof CLAIM_QUANTIFIERS)[number];

export const claimSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a short id in lower-case-with-dashes'),
    claim: z.string().min(1).describe('the claim as printed'),
    said: z.string().min(1).optional().describe('who said it, where and when (free text)'),
    domains: z.array(domainId).min(1),
    method: z.enum(TRACK_METHODS).default('threshold').describe('the lag method the claim is checked with'),
    across: z
      .enum(CLAIM_QUANTIFIERS)
      .default('each')
      .describe('each: every domain satisfies the comparison; any: at least one; median: the median across the domains'),
    comparison: comparisonSchema,
    since: isoDate.optional().describe('ignore results before this date'),
    until: isoDate.optional().describe('the claim is about the data up to this date (default: the latest result)'),
    openDefinition: z.enum(OPEN_DEFINITIONS).default('weights'),
  })
  .refine((claim) => claim.since === undefined || claim.until === undefined || claim.since <= claim.until, {
    message: 'since must not be after until',
    path: ['since'],
  })
  .refine((claim) => claim.across !== 'median' || claim.comparison.kind !== 'trend', {
    message: 'a trend claim is checked per domain (each or any), not on a median',
    path: ['across'],
  });
export type Claim = z.infer<typeof claimSchema>;

export const claimsFileSchema = z
  .strictObject({ claims: z.array(claimSchema).min(1) })
  .refine((file) => new Set(file.claims.map((claim) => claim.id)).size === file.claims.length, {
    message: 'claim ids must be unique',
    path: ['claims'],
  });
export type ClaimsFile = z.infer<typeof claimsFileSchema>;

/** Parses a claims file's text; the error names the file, the claim (by index and id) and the field. */
export function parseClaims(text: string, file: string): ClaimsFile {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos?.[0] ? `line ${error.linePos[0].line}: ` : '';
    throw new DataError(file, undefined, `not valid YAML: ${where}${(error as Error).message.split('\n')[0] ?? ''}`, { cause: error });
  }
  // a bare list is accepted as the list of claims
  return parseOrThrow(claimsFileSchema, Array.isArray(value) ? { claims: value } : value, (issue) => claimError(file, value, issue));
}

/** `claim 3 (its id), field: what` — the claim counted as the file's author counts them. */
function claimError(file: string, value: unknown, issue: ZodIssueReport): DataError {
  const path = issue.path;
  const index = path[0] === 'claims' && typeof path[1] === 'number' ? path[1] : undefined;
  const raw = Array.isArray(value) ? value : (value as { claims?: unknown } | null)?.claims;
  const id = index !== undefined && Array.isArray(raw) ? (raw[index] as { id?: unknown } | undefined)?.id : undefined;
  const claim = index === undefined ? '' : `claim ${index + 1}${typeof id === 'string' ? ` (${id})` : ''}, `;
  const field = index === undefined ? formatIssuePath(path) : formatIssuePath(path.slice(2));
  return new DataError(file, undefined, `${claim}${field}: ${issue.message}`, { cause: issue.error });
}

/** The JSON Schema of a claims file (for editors), committed as `schemas/claims.schema.json`. */
export function claimsFileJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(claimsFileSchema, { target: 'draft-2020-12', io: 'input' }),
    $id: 'https://parity.dev/schemas/claims.schema.json',
    title: 'parity track --claims FILE',
    description: 'Headline claims about open vs proprietary models, each with its domains, lag method, date range and comparison.',
  };
}
