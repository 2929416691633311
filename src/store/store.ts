/**
 * Everything parity keeps: eval runs and their results, the response cache, virtual keys with their budgets,
 * and the gateway's request log. One interface, implemented once over Kysely for SQLite (the default) and
 * Postgres (for teams); the same test suite runs against both.
 */
import type { StoreKind } from './backend.js';
import type { CaseFigures, CaseResult } from '../eval/records/index.js';
import type { FinishedRunStatus } from '../eval/records/index.js';
import type { RunSummary } from '../eval/records/index.js';
import type { MigrationReport } from './migrate.js';
import type {
  BudgetLease,
  BudgetLeaseRequest,
  BudgetLeaseSettlement,
  CompletedKeysOptions,
  EvalCaseMessages,
  EvalRun,
  EvalRunInput,
  JsonValue,
  ReadResultFiguresOptions,
  RequestLogEntry,
  RequestLogFilters,
  RequestLogInput,
  RequestLogSummary,
  ReserveOutcome,
  ModelCallStats,
  StoredCaseResult,
  StoredResponseInput,
  StoredResponseRecord,
  VirtualKey,
  VirtualKeyInput,
  WatchCrossingInput,
  WatchCrossingRecord,
  WatchStateRecord,
} from './records.js';

export interface StoreConfig {
  /**
   * Where the store lives. Absent: SQLite at `.parity/parity.db` under `cwd`. `sqlite:PATH`, `sqlite::memory:`
   * or a bare file path: SQLite. `postgres://…` / `postgresql://…`: Postgres.
   */
  url?: string;
  /** Base for relative SQLite paths (default: the process's working directory). */
  cwd?: string;
  /**
   * Where the URL came from — a flag, a config field, an environment variable (`--db`, `PARITY_DATABASE_URL`) —
   * named in the error when the store cannot be opened, so the message says what to change.
   */
  origin?: string;
  /** Apply pending migrations when opening (default true). */
  migrate?: boolean;
  /** Postgres connection pool size (default 10). */
  poolSize?: number;
  /**
   * SQLite's page cache of the connection, in MB (default 16, better-sqlite3's). A process that only writes
   * (parity eval recording results) can keep it small: the cache fills with the file up to this size, while the
   * operating system caches the file anyway.
   */
  sqliteCacheMb?: number;
  /**
   * For commands that only read (list keys, show a run, copy from): a SQLite file that is not there is a
   * NotFoundError naming it — a typo in `--db` must not read as an empty store — instead of a new store created
   * at that path (directories included).
   */
  mustExist?: boolean;
}

export interface ListRunsOptions {
  suiteName?: string;
  /** Default 50. */
  limit?: number;
}

export interface ListKeysOptions {
  includeRevoked?: boolean;
}

/** Told of every key revocation as it happens (see `Store.watchKeyRevocations`). */
export interface KeyRevocationListener {
  /** The hash of a key just revoked (by any process on this store). */
  revoked(hashedKey: string): void;
  /** Revocations are (true) or no longer are (false, with why) being pushed; some may have been missed. */
  live(pushed: boolean, error: unknown): void;
}

export interface Store {
  readonly kind: StoreKind;
  /** A file path or a URL with its password hidden: safe to print. */
  readonly location: string;
  readonly config: Readonly<StoreConfig>;

  /** Applies pending migrations (idempotent; `openStore` does it unless told not to). */
  migrate(): Promise<MigrationReport>;

  // Eval runs
  createRun(run: EvalRunInput): Promise<EvalRun>;
  getRun(id: string): Promise<EvalRun | undefined>;
  /** Newest first. */
  listRuns(options?: ListRunsOptions): Promise<EvalRun[]>;
  /** Throws NotFoundError for an unknown run; the summary is validated with the eval's schema. */
  finishRun(id: string, status: FinishedRunStatus, summary: RunSummary | null): Promise<EvalRun>;

  // Eval results, persisted case by case
  /** Upsert on (runId, caseId, modelRef, repeat): recording the same case twice keeps one row, the latest. */
  recordResult(result: CaseResult): Promise<void>;
  /** The same, for many results in one transaction. */
  recordResults(results: readonly CaseResult[]): Promise<void>;
  /** Ordered by case, model, repeat. */
  listResults(runId: string): Promise<StoredCaseResult[]>;
  /** The same order, without the results' texts, read a page at a time: for summaries of runs of any size. */
  readResultFigures(runId: string, options?: ReadResultFiguresOptions): AsyncIterable<CaseFigures>;
  /** What the run's calls have spent over every invocation: the sum of its results' spend. */
  runSpend(runId: string): Promise<number>;
  /** Per model ref, what earlier runs measured: answered, uncached calls, their mean output tokens and latency. */
  modelCallStats(modelRefs: readonly string[]): Promise<Map<string, ModelCallStats>>;
  /** The messages each case was asked (a case recorded again keeps its first); the eval writes them as a run starts. */
  recordCaseMessages(runId: string, cases: readonly EvalCaseMessages[]): Promise<void>;
  /** Case id → messages, of every case or only `caseIds`; empty for a run made before parity recorded them. */
  readCaseMessages(runId: string, caseIds?: readonly string[]): Promise<Map<string, JsonValue>>;
  /** `resultKey(caseId, modelRef, repeat)` of every result the run already holds, for `--resume`. */
  completedKeys(runId: string, options?: CompletedKeysOptions): Promise<Set<string>>;

  // Response cache; the caller computes the key (a canonical hash with no secret in it)
  cacheGet(key: string): Promise<JsonValue | undefined>;
  cacheSet(key: string, value: unknown, ttlMs?: number): Promise<void>;
  cacheDelete(key: string): Promise<boolean>;
  /** Deletes expired entries; returns how many. */
  cachePurgeExpired(): Promise<number>;

  // Virtual keys
  createKey(key: VirtualKeyInput): Promise<VirtualKey>;
  getKey(id: string): Promise<VirtualKey | undefined>;
  findKeyByHash(hashedKey: string): Promise<VirtualKey | undefined>;
  listKeys(options?: ListKeysOptions): Promise<VirtualKey[]>;
  /** Idempotent; throws NotFoundError for an unknown key. Watchers (`watchKeyRevocations`) are told. */
  revokeKey(id: string): Promise<VirtualKey>;
  /**
   * Pushes every key revocation to `listener` as it happens, from any process (Postgres: LISTEN/NOTIFY), until
   * the subscription is closed; undefined when the backend cannot push (SQLite): re-read keys instead.
   */
  watchKeyRevocations(listener: KeyRevocationListener): Promise<{ close(): Promise<void> } | undefined>;

  // Budgets
  /**
   * Atomically sets `amountUsd` aside if the key's total and per-day budgets both still have room for it
   * (spent + reserved + amount ≤ budget), in one conditional UPDATE. `day` defaults to today (UTC).
   */
  reserveBudget(keyId: string, amountUsd: number, day?: string): Promise<ReserveOutcome>;
  /**
   * Releases a reservation and books what the request really cost on `day` (the day the reservation returned;
   * without a reservation, the day of the spend: a later day starts the key's day counters afresh).
   */
  settleBudget(keyId: string, reservedUsd: number, actualUsd: number, day: string): Promise<void>;
  /**
   * Takes up to `wantUsd` of the key's remaining budget (total and daily) into a lease held by a running
   * gateway, giving back expired leases first; atomic against every other lease and reservation on the key.
   */
  leaseBudget(request: BudgetLeaseRequest): Promise<BudgetLease>;
  /** Books spend against a lease (and with `close`, gives the rest of it back). */
  settleBudgetLease(settlement: BudgetLeaseSettlement): Promise<void>;

  // Request log
  /** Batched insert; entries whose id is already stored are skipped. Returns how many were new. */
  appendRequestLogs(entries: readonly RequestLogInput[]): Promise<number>;
  /** Newest first; `limit` defaults to 100. */
  queryRequestLogs(filters?: RequestLogFilters, limit?: number): Promise<RequestLogEntry[]>;
  /** Counts, errors, spend, tokens and latency percentiles, in total and per key and per upstream. */
  summarizeRequestLogs(filters?: Pick<RequestLogFilters, 'since' | 'until'>): Promise<RequestLogSummary>;

  // parity watch
  /** The state the named watch last reported, or undefined before its first run. */
  readWatchState(name: string): Promise<WatchStateRecord | undefined>;
  /** Replaces the watch's state and records the crossings it reported, in one transaction. */
  saveWatchState(name: string, state: unknown, crossings: readonly WatchCrossingInput[]): Promise<void>;
  /** Reported crossings of every watch, newest first; `limit` defaults to 50. */
  listWatchCrossings(limit?: number): Promise<WatchCrossingRecord[]>;

  // the gateway's Responses API (`store: true`)
  saveResponse(record: StoredResponseInput): Promise<void>;
  readResponse(id: string): Promise<StoredResponseRecord | undefined>;
  /** The response `id` and the ones it continues, newest first, at most `limit`. */
  readResponseChain(id: string, limit: number): Promise<StoredResponseRecord[]>;
  /** True when it existed. */
  deleteResponse(id: string): Promise<boolean>;

  close(): Promise<void>;
}
