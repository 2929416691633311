export type { Backend, StoreKind } from './backend.js';
export { STORE_KINDS } from './backend.js';
export { copyStore, type CopyOptions, type CopyReport, type CopyTableReport } from './copy-store.js';
export { DEFAULT_SQLITE_PATH, missingStoreFile, resolveStoreLocation, storeUrlFromEnv, type StoreLocation } from './location.js';
export type { MigrationReport } from './migrate.js';
export { MICROS_PER_USD, microsToUsd, usdToMicros, utcDay } from './money.js';
export { openSqlStore, openStore } from './open-store.js';
export {
  BUDGET_LIMITS,
  FINISHED_RUN_STATUSES,
  RESERVE_REFUSALS,
  RUN_STATUSES,
  resultKey,
  type BudgetLease,
  type BudgetLeaseRequest,
  type BudgetLeaseSettlement,
  type BudgetLimit,
  type CompletedKeysOptions,
  type EvalCaseMessages,
  type EvalRun,
  type EvalRunInput,
  type FinishedRunStatus,
  type JsonValue,
  type ModelCallStats,
  type ReadResultFiguresOptions,
  type RequestLogAggregate,
  type RequestLogEntry,
  type RequestLogFilters,
  type RequestLogInput,
  type RequestLogSummary,
  type WatchCrossingRecord,
  type ReserveOutcome,
  type ReserveRefusal,
  type RunStatus,
  type StoredCaseResult,
  type VirtualKey,
  type VirtualKeyInput,
} from './records.js';
export { SqlStore } from './sql-store.js';
export { countRows } from './table-counts.js';
export { DATA_TABLES, type DataTable } from './database.js';
export type { KeyRevocationListener, ListKeysOptions, ListRunsOptions, Store, StoreConfig } from './store.js';
export type { RequestLogCall, RequestLogPrivacy, StoredResponseRecord } from './records.js';
