/**
 * What goes into the store and what comes out. Inputs are validated with zod at the store's edge, so bad
 * input is refused before it reaches a table; outputs are plain typed records.
 *
 * JSON-valued inputs are typed `unknown` (anything `JSON.stringify` accepts) so callers can hand over their own
 * structures; they come back as `JsonValue`.
 */
import { z } from 'zod';
import type { CaseResult } from '../eval/records/index.js';
import type { RunStatus } from '../eval/records/index.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * An instant, stored as UTC ISO-8601 text with milliseconds (`toISOString()`). A valid ISO string of exactly that
 * form (24 characters ending in Z: nothing else passes the check at that length) is kept as it is; any other form
 * or a Date is normalised (the request log writes one per request: re-formatting every time would cost more than
 * the rest of its validation).
 */
const instant = z.union([
  z.iso.datetime({ offset: true }).transform((text) => (text.length === 24 && text.endsWith('Z') ? text : new Date(text).toISOString())),
  z.date().transform((date) => date.toISOString()),
]);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day as YYYY-MM-DD');
const id = z.string().min(1).max(512);
const count = z.number().int().nonnegative();
const amount = z.number().finite().nonnegative();
const duration = z.number().finite().nonnegative();

export { FINISHED_RUN_STATUSES, RUN_STATUSES, type FinishedRunStatus, type RunStatus } from '../eval/records/index.js';

export const evalRunInputSchema = z.object({
  id,
  suiteName: z.string().min(1),
  suiteHash: z.string().min(1),
  config: z.unknown(),
  createdAt: instant.optional(),
});
export type EvalRunInput = z.input<typeof evalRunInputSchema>;

export interface EvalRun {
  id: string;
  suiteName: string;
  suiteHash: string;
  config: JsonValue;
  status: RunStatus;
  summary: JsonValue | null;
  createdAt: string;
  finishedAt: string | null;
}

/** A case result as the store hands it back: the eval's shape, and when it was recorded. */
export type StoredCaseResult = CaseResult & { recordedAt: string };

/** What earlier runs measured of one model (answered calls made, not cached). */
export interface ModelCallStats {
  calls: number;
  meanOutputTokens: number | null;
  meanLatencyMs: number | null;
}

/** The messages one case of a run was asked (any JSON; the eval writes `{role, content}` chat messages). */
export interface EvalCaseMessages {
  caseId: string;
  messages: JsonValue;
}

export interface ReadResultFiguresOptions {
  /** Rows per query (default 2000): the reader holds one page at a time. */
  pageSize?: number;
}

export interface CompletedKeysOptions {
  /** Count results that ended in an error as done (default false: `--resume` retries them). */
  includeErrors?: boolean;
}

/** The identity of one unit of eval work as a string, for the set `completedKeys` returns: the eval's `workKey`. */
export { workKey as resultKey } from '../eval/records/index.js';

export const virtualKeyInputSchema = z.object({
  id,
  /** A hash of the secret (the secret itself is never stored). */
  hashedKey: z.string().min(16),
  name: z.string().min(1).max(200),
  budgetUsdTotal: amount.nullish(),
  budgetUsdDaily: amount.nullish(),
  rpm: z.number().int().positive().nullish(),
  tpm: z.number().int().positive().nullish(),
  createdAt: instant.optional(),
});
export type VirtualKeyInput = z.input<typeof virtualKeyInputSchema>;

export interface VirtualKey {
  id: string;
  hashedKey: string;
  name: string;
  budgetUsdTotal: number | null;
  budgetUsdDaily: number | null;
  rpm: number | null;
  tpm: number | null;
  createdAt: string;
  revokedAt: string | null;
  spentUsdTotal: number;
  reservedUsdTotal: number;
  /** The day `spentUsdDay`/`reservedUsdDay` count; null before the first reservation. */
  usageDay: string | null;
  spentUsdDay: number;
  reservedUsdDay: number;
}

export const reserveBudgetSchema = z.object({ keyId: id, amountUsd: amount, day });
export const settleBudgetSchema = z.object({ keyId: id, reservedUsd: amount, actualUsd: amount, day });

/**
 * A running gateway takes budget in leases: a slice of a key's remaining budget (total and daily) held for it
 * in the store, so that admissions are decided in memory and instances (and restarts) still never spend past a
 * budget together. `nowMs` (the instance's clock) and `ttlMs` set the lease's expiry; an expired lease (its
 * instance died) is given back by the next lease taken on the key.
 */
export const budgetLeaseRequestSchema = z.object({
  keyId: id,
  leaseId: id,
  day,
  wantUsd: amount,
  nowMs: z.number().int().nonnegative(),
  ttlMs: z.number().int().positive(),
});
export type BudgetLeaseRequest = z.input<typeof budgetLeaseRequestSchema>;

export const BUDGET_LIMITS = ['total', 'daily'] as const;
export type BudgetLimit = (typeof BUDGET_LIMITS)[number];

export interface BudgetLease {
  /** Added to the lease by this call (less than asked when the budget has less room; 0 when none). */
  grantedUsd: number;
  /** What the lease holds now in all. */
  leasedUsd: number;
  /** Room left in the key's tighter budget after this grant; null when it has no budget. */
  remainingUsd: number | null;
  /** The budget that bounded the grant (the one with less room); null when it has none. */
  limitedBy: BudgetLimit | null;
  /** The key is unknown or revoked: nothing is granted. */
  refused: 'unknown-key' | 'revoked' | null;
}

/**
 * Books `spentUsd` of a lease's slice as spent (on `day`, the lease's day) and, with `close`, gives the rest of
 * the slice back and ends the lease. Spend booked against a lease already given back (it expired) still counts.
 */
export const budgetLeaseSettlementSchema = z.object({ keyId: id, leaseId: id, day, spentUsd: amount, close: z.boolean() });
export type BudgetLeaseSettlement = z.input<typeof budgetLeaseSettlementSchema>;

export const RESERVE_REFUSALS = ['total-budget', 'daily-budget', 'unknown-key', 'revoked'] as const;
export type ReserveRefusal = (typeof RESERVE_REFUSALS)[number];
/** `day` is what to pass back to `settleBudget`. */
export type ReserveOutcome = { ok: true; day: string } | { ok: false; reason: ReserveRefusal; day: string };

/** One upstream call of a request that made several (a cascade's answers and its judges' checks). */
export const requestLogCallSchema = z.object({
  role: z.enum(['answer', 'verifier']),
  /** 1-based: the step answered, or whose answer was checked. */
  step: count,
  /** The verifier kind, for `verifier` calls. */
  verifier: z.string().optional(),
  upstream: z.string().nullable(),
  model: z.string().nullable(),
  inputTokens: count.nullable(),
  outputTokens: count.nullable(),
  /** null: unknown (no usage or no price), never free. */
  costUsd: amount.nullable(),
  latencyMs: duration,
  /** `ok` for an answer; `accept` / `reject` / `error` for a check; `error` for a call that failed. */
  outcome: z.enum(['ok', 'accept', 'reject', 'error']),
  reason: z.string().optional(),
  score: z.number().finite().optional(),
});
export type RequestLogCall = z.infer<typeof requestLogCallSchema>;

/** What the privacy rule did to a request: the action and how many finds of each kind — never the data. */
export const requestLogPrivacySchema = z.object({
  action: z.enum(['pin', 'redact']),
  kinds: z.record(z.string(), count),
  /** `pin`: the route the request was pinned to. */
  pinnedTo: z.string().optional(),
});
export type RequestLogPrivacy = z.infer<typeof requestLogPrivacySchema>;

export const requestLogInputSchema = z.object({
  id,
  ts: instant,
  keyId: z.string().nullish(),
  routeDecision: z.string().nullish(),
  routeReason: z.string().nullish(),
  upstream: z.string().nullish(),
  model: z.string().nullish(),
  status: z.number().int().min(0).max(999),
  inputTokens: count.nullish(),
  outputTokens: count.nullish(),
  costUsd: amount.nullish(),
  latencyMs: duration.nullish(),
  ttftMs: duration.nullish(),
  requestBody: z.string().nullish(),
  responseBody: z.string().nullish(),
  error: z.string().nullish(),
  calls: z.array(requestLogCallSchema).max(64).nullish(),
  privacy: requestLogPrivacySchema.nullish(),
});
export type RequestLogInput = z.input<typeof requestLogInputSchema>;

export interface RequestLogEntry {
  id: string;
  ts: string;
  keyId: string | null;
  routeDecision: string | null;
  routeReason: string | null;
  upstream: string | null;
  model: string | null;
  status: number;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  latencyMs: number | null;
  ttftMs: number | null;
  requestBody: string | null;
  responseBody: string | null;
  error: string | null;
  calls: RequestLogCall[] | null;
  privacy: RequestLogPrivacy | null;
}

export const requestLogFiltersSchema = z.object({
  keyId: z.string().optional(),
  upstream: z.string().optional(),
  model: z.string().optional(),
  status: z.number().int().optional(),
  /** Only failures: a status of 400 or more, or an error message. */
  errorsOnly: z.boolean().optional(),
  /** Inclusive lower bound on `ts`. */
  since: instant.optional(),
  /** Exclusive upper bound on `ts`. */
  until: instant.optional(),
});
export type RequestLogFilters = z.input<typeof requestLogFiltersSchema>;

export interface RequestLogAggregate {
  requests: number;
  errors: number;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  latencyMsMean: number | null;
  /** Nearest-rank percentiles over requests that have a latency. */
  latencyMsP50: number | null;
  latencyMsP95: number | null;
  ttftMsP50: number | null;
}

export interface RequestLogSummary {
  total: RequestLogAggregate;
  byKey: Array<RequestLogAggregate & { keyId: string | null }>;
  byUpstream: Array<RequestLogAggregate & { upstream: string | null }>;
}

/** What a named `parity watch` last reported. */
export interface WatchStateRecord {
  name: string;
  state: JsonValue;
  updatedAt: string;
}

export interface WatchCrossingInput {
  kind: string;
  /** The crossing in one sentence, as `parity watch` prints it. */
  message: string;
  detail: unknown;
}

export interface WatchCrossingRecord {
  id: string;
  watchName: string;
  reportedAt: string;
  kind: string;
  message: string;
  detail: JsonValue;
}

/** A response the gateway keeps for `previous_response_id` (JSON fields are checked by the gateway on read). */
export interface StoredResponseRecord {
  id: string;
  keyId: string | null;
  previousResponseId: string | null;
  createdAt: string;
  expiresAt: string | null;
  model: string;
  /** This turn's messages (Chat Completions). */
  turn: JsonValue;
  /** The response object as the client got it. */
  response: JsonValue;
}

/** What `saveResponse` takes: the JSON fields as any serialisable value. */
export type StoredResponseInput = Omit<StoredResponseRecord, 'turn' | 'response'> & { turn: unknown; response: unknown };
