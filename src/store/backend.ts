/**
 * What differs between backends, and nothing else: how to connect, how to hold the schema lock while
 * migrating, and how each driver reports constraint violations. Every query lives once, in the shared
 * store code, written with Kysely in the SQL both SQLite and Postgres accept.
 */
import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from './database.js';

export const STORE_KINDS = ['sqlite', 'postgres'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** What a LISTENer is told: each notification's payload, and whether notifications arrive (see `live`). */
export interface ChannelHandlers {
  message(payload: string): void;
  /** false: the connection dropped and notifications may be missed until the next `live(true)`. */
  live(up: boolean, error: unknown): void;
}

export interface Subscription {
  close(): Promise<void>;
}

export interface Backend {
  readonly kind: StoreKind;
  /** A file path or a URL with its password hidden: safe to print. */
  readonly location: string;
  readonly db: Kysely<Database>;
  /**
   * Runs `work` inside one transaction that holds the database-wide schema lock (SQLite: BEGIN IMMEDIATE;
   * Postgres: a transaction-scoped advisory lock), so two processes migrating at once take turns and a failed
   * migration leaves nothing behind.
   */
  withSchemaLock<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * Runs the compiled writes in one transaction, all or nothing, and returns each one's affected-row count.
   * SQLite runs them synchronously (BEGIN IMMEDIATE … COMMIT within one tick), so a transaction never waits on
   * the event loop while holding the file's write lock.
   */
  executeBatch(queries: readonly CompiledQuery[]): Promise<number[]>;
  /**
   * Postgres only: delivers `payload` to every process LISTENing on `channel` (after the statement commits).
   * Backends that cannot push leave it undefined.
   */
  notify?(channel: string, payload: string): Promise<void>;
  /** Postgres only: calls `handlers` for each notification on `channel`, over its own connection. */
  listen?(channel: string, handlers: ChannelHandlers): Promise<Subscription>;
  isUniqueViolation(error: unknown): boolean;
  isForeignKeyViolation(error: unknown): boolean;
  close(): Promise<void>;
}

/** Reads the `code` of a driver error without trusting its shape. */
export function driverErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
