/** The one implementation of `Store`, over whichever backend was chosen. */
import type { Backend, StoreKind } from './backend.js';
import * as budgetLeases from './budget-leases.js';
import * as cache from './cache.js';
import * as keys from './keys.js';
import type { CaseFigures, CaseResult } from '../eval/records/index.js';
import type { FinishedRunStatus } from '../eval/records/index.js';
import type { RunSummary } from '../eval/records/index.js';
import { migrateToLatest, type MigrationReport } from './migrate.js';
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
import * as requestLog from './request-log.js';
import * as runs from './runs.js';
import * as responses from './responses.js';
import * as watch from './watch.js';
import type { KeyRevocationListener, ListKeysOptions, ListRunsOptions, Store, StoreConfig } from './store.js';

/** The Postgres channel key revocations are announced on (payload: the key's hash). */
const KEY_REVOKED_CHANNEL = 'parity_key_revoked';

export class SqlStore implements Store {
  readonly kind: StoreKind;
  readonly location: string;
  readonly config: Readonly<StoreConfig>;
  /** For the store's own tools (copy, bench); other layers use the `Store` methods. */
  readonly backend: Backend;
  #closed = false;

  constructor(backend: Backend, config: Readonly<StoreConfig>) {
    this.backend = backend;
    this.kind = backend.kind;
    this.location = backend.location;
    this.config = config;
  }

  migrate(): Promise<MigrationReport> {
    return migrateToLatest(this.backend);
  }

  createRun(run: EvalRunInput): Promise<EvalRun> {
    return runs.createRun(this.backend, run);
  }
  getRun(id: string): Promise<EvalRun | undefined> {
    return runs.getRun(this.backend.db, id);
  }
  listRuns(options?: ListRunsOptions): Promise<EvalRun[]> {
    return runs.listRuns(this.backend.db, options);
  }
  finishRun(id: string, status: FinishedRunStatus, summary: RunSummary | null): Promise<EvalRun> {
    return runs.finishRun(this.backend.db, id, status, summary);
  }
  recordResult(result: CaseResult): Promise<void> {
    return runs.recordResults(this.backend, [result]);
  }
  recordResults(results: readonly CaseResult[]): Promise<void> {
    return runs.recordResults(this.backend, results);
  }
  listResults(runId: string): Promise<StoredCaseResult[]> {
    return runs.listResults(this.backend.db, runId);
  }
  readResultFigures(runId: string, options?: ReadResultFiguresOptions): AsyncIterable<CaseFigures> {
    return runs.readResultFigures(this.backend.db, runId, options);
  }
  runSpend(runId: string): Promise<number> {
    return runs.runSpend(this.backend.db, runId);
  }
  modelCallStats(modelRefs: readonly string[]): Promise<Map<string, ModelCallStats>> {
    return runs.modelCallStats(this.backend.db, modelRefs);
  }
  recordCaseMessages(runId: string, cases: readonly EvalCaseMessages[]): Promise<void> {
    return runs.recordCaseMessages(this.backend, runId, cases);
  }
  readCaseMessages(runId: string, caseIds?: readonly string[]): Promise<Map<string, JsonValue>> {
    return runs.readCaseMessages(this.backend.db, runId, caseIds);
  }
  completedKeys(runId: string, options?: CompletedKeysOptions): Promise<Set<string>> {
    return runs.completedKeys(this.backend.db, runId, options);
  }

  cacheGet(key: string): Promise<JsonValue | undefined> {
    return cache.cacheGet(this.backend.db, key);
  }
  cacheSet(key: string, value: unknown, ttlMs?: number): Promise<void> {
    return cache.cacheSet(this.backend.db, key, value, ttlMs);
  }
  cacheDelete(key: string): Promise<boolean> {
    return cache.cacheDelete(this.backend.db, key);
  }
  cachePurgeExpired(): Promise<number> {
    return cache.cachePurgeExpired(this.backend.db);
  }

  createKey(key: VirtualKeyInput): Promise<VirtualKey> {
    return keys.createKey(this.backend, key);
  }
  getKey(id: string): Promise<VirtualKey | undefined> {
    return keys.getKey(this.backend.db, id);
  }
  findKeyByHash(hashedKey: string): Promise<VirtualKey | undefined> {
    return keys.findKeyByHash(this.backend.db, hashedKey);
  }
  listKeys(options?: ListKeysOptions): Promise<VirtualKey[]> {
    return keys.listKeys(this.backend.db, options);
  }
  async revokeKey(id: string): Promise<VirtualKey> {
    const key = await keys.revokeKey(this.backend.db, id);
    await this.backend.notify?.(KEY_REVOKED_CHANNEL, key.hashedKey);
    return key;
  }
  async watchKeyRevocations(listener: KeyRevocationListener): Promise<{ close(): Promise<void> } | undefined> {
    if (this.backend.listen === undefined) return undefined;
    return this.backend.listen(KEY_REVOKED_CHANNEL, {
      message: (hashedKey) => listener.revoked(hashedKey),
      live: (up, error) => listener.live(up, error),
    });
  }
  reserveBudget(keyId: string, amountUsd: number, day?: string): Promise<ReserveOutcome> {
    return keys.reserveBudget(this.backend.db, keyId, amountUsd, day);
  }
  settleBudget(keyId: string, reservedUsd: number, actualUsd: number, day: string): Promise<void> {
    return keys.settleBudget(this.backend, keyId, reservedUsd, actualUsd, day);
  }
  leaseBudget(request: BudgetLeaseRequest): Promise<BudgetLease> {
    return budgetLeases.leaseBudget(this.backend, request);
  }
  settleBudgetLease(settlement: BudgetLeaseSettlement): Promise<void> {
    return budgetLeases.settleBudgetLease(this.backend, settlement);
  }

  appendRequestLogs(entries: readonly RequestLogInput[]): Promise<number> {
    return requestLog.appendRequestLogs(this.backend, entries);
  }
  queryRequestLogs(filters?: RequestLogFilters, limit?: number): Promise<RequestLogEntry[]> {
    return requestLog.queryRequestLogs(this.backend.db, filters, limit);
  }
  summarizeRequestLogs(filters?: Pick<RequestLogFilters, 'since' | 'until'>): Promise<RequestLogSummary> {
    return requestLog.summarizeRequestLogs(this.backend.db, filters);
  }

  readWatchState(name: string): Promise<WatchStateRecord | undefined> {
    return watch.readWatchState(this.backend.db, name);
  }
  saveWatchState(name: string, state: unknown, crossings: readonly WatchCrossingInput[]): Promise<void> {
    return watch.saveWatchState(this.backend, name, state, crossings);
  }
  listWatchCrossings(limit?: number): Promise<WatchCrossingRecord[]> {
    return watch.listWatchCrossings(this.backend.db, limit);
  }

  saveResponse(record: StoredResponseInput): Promise<void> {
    return responses.saveResponse(this.backend.db, record);
  }
  readResponse(id: string): Promise<StoredResponseRecord | undefined> {
    return responses.readResponse(this.backend.db, id);
  }
  readResponseChain(id: string, limit: number): Promise<StoredResponseRecord[]> {
    return responses.readResponseChain(this.backend.db, id, limit);
  }
  deleteResponse(id: string): Promise<boolean> {
    return responses.deleteResponse(this.backend.db, id);
  }

  /** Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.backend.close();
  }
}
