/** Opens a Postgres connection pool for the store. */
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from '../database.js';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * int8 (bigint, count(*)) and numeric (sum of integers) arrive as strings by default; every value the store
 * keeps in them is far below 2^53, so parse them as numbers — for this pool only, not globally.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** How long opening a connection may take. */
export const CONNECT_TIMEOUT_MS = 10_000;

export interface PostgresConnection {
  readonly db: Kysely<Database>;
  readonly pool: pg.Pool;
}

export function connectPostgres(url: string, poolSize = 10): PostgresConnection {
  // a host that never answers (a firewall dropping packets) fails after 10 s rather than the system's minutes
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types, application_name: 'parity', connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An idle client that loses its server emits 'error' on the pool; without a listener that would crash the
  // process. The next query gets a fresh client and reports the failure itself.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool };
}

/** The URL with its password replaced, safe for messages and logs. */
export function redactPostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}
