/**
 * A real PostgreSQL for tests and benches, never a mock.
 *
 * 1. `PARITY_TEST_POSTGRES_URL` set: use that server (it must let the user create databases).
 * 2. Otherwise, if `initdb` and `pg_ctl` are on PATH or under /usr/lib/postgresql/<version>/bin: start a
 *    throwaway cluster in a temporary directory on a free port (as the `postgres` user when running as root,
 *    since Postgres refuses to run as root), and stop and delete it afterwards.
 * 3. Otherwise: skip with a message — or fail, under CI=true.
 *
 * Each `createSchema()` (fast: a schema, selected through the URL's `search_path`) or `createDatabase()` (a
 * whole database) gives a fresh empty place, so tests never see each other's rows.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { debianPostgresBinDirs, findBinaryDir, freePort, randomSuffix, serviceUnavailable } from './local-service.js';

const run = promisify(execFile);

export interface PostgresServer {
  /** A URL of the server's maintenance database (`postgres`). */
  readonly url: string;
  /** Where it came from: `external` (PARITY_TEST_POSTGRES_URL) or `throwaway` (started here). */
  readonly origin: 'external' | 'throwaway';
  /** Creates a fresh, empty database and returns its URL. Dropped again by `stop()`. */
  createDatabase(): Promise<string>;
  /**
   * Creates a fresh, empty schema in the maintenance database and returns a URL whose connections use it
   * (`?options=-c search_path=…`). Much faster than a database; dropped again by `stop()`.
   */
  createSchema(): Promise<string>;
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /**
   * Keep Postgres's durability settings (fsync, synchronous commit) as shipped. Tests turn them off for speed;
   * a bench comparing write throughput keeps them on.
   */
  durable?: boolean;
}

/** Starts (or connects to) a Postgres server; `undefined` when none can be had outside CI. */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer | undefined> {
  const external = process.env.PARITY_TEST_POSTGRES_URL?.trim();
  if (external !== undefined && external !== '') return serverAt(external, 'external', async () => undefined);
  const binDir = findBinaryDir(['initdb', 'pg_ctl'], debianPostgresBinDirs());
  if (binDir === undefined) return serviceUnavailable('PostgreSQL', 'no initdb/pg_ctl found and PARITY_TEST_POSTGRES_URL unset');
  const runAs = process.getuid?.() === 0 ? 'postgres' : undefined;
  if (runAs !== undefined && !userExists(runAs)) {
    return serviceUnavailable('PostgreSQL', 'running as root and there is no "postgres" user to run the server as');
  }
  return startCluster(binDir, runAs, options);
}

async function startCluster(
  binDir: string,
  runAs: string | undefined,
  options: StartPostgresOptions,
): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'parity-pg-'));
  const dataDir = join(dir, 'data');
  if (runAs !== undefined) {
    const uid = Number(execFileSync('id', ['-u', runAs], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', runAs], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const command = (name: string, args: string[]): [string, string[]] =>
    runAs === undefined ? [join(binDir, name), args] : ['runuser', ['-u', runAs, '--', join(binDir, name), ...args]];
  const exec = async (name: string, args: string[]): Promise<void> => {
    const [file, argv] = command(name, args);
    await run(file, argv, { cwd: dir, timeout: 120_000 });
  };

  await exec('initdb', ['-D', dataDir, '-U', 'parity', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const settings = ['-c listen_addresses=127.0.0.1', `-k ${dir}`, '-c max_connections=200'];
  if (options.durable !== true) settings.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
  let port = 0;
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    port = await freePort();
    try {
      await exec('pg_ctl', ['-D', dataDir, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', `-p ${port} ${settings.join(' ')}`, 'start']);
      lastError = undefined;
      break;
    } catch (error) {
      lastError = error; // most likely the port was taken between freePort() and the server's bind
    }
  }
  if (lastError !== undefined) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a throwaway PostgreSQL in ${dir}`, { cause: lastError });
  }

  let stopped = false;
  const stopNow = (): void => {
    if (stopped) return;
    stopped = true;
    const [file, argv] = command('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    spawnSync(file, argv, { cwd: dir, stdio: 'ignore', timeout: 30_000 });
    rmSync(dir, { recursive: true, force: true });
  };
  // Never leave a server behind, even when the test process ends without calling stop().
  process.once('exit', stopNow);
  return serverAt(`postgres://parity@127.0.0.1:${port}/postgres`, 'throwaway', async () => {
    process.removeListener('exit', stopNow);
    if (stopped) return;
    stopped = true;
    const [file, argv] = command('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    await run(file, argv, { cwd: dir, timeout: 60_000 }).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });
}

function serverAt(
  url: string,
  origin: PostgresServer['origin'],
  shutdown: () => Promise<void>,
): PostgresServer {
  const created: string[] = [];
  const schemas: string[] = [];
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    url,
    origin,
    async createDatabase() {
      const name = `parity_test_${randomSuffix()}`;
      await admin((client) => client.query(`create database "${name}"`));
      created.push(name);
      const databaseUrl = new URL(url);
      databaseUrl.pathname = `/${name}`;
      return databaseUrl.toString();
    },
    async createSchema() {
      const name = `parity_test_${randomSuffix()}`;
      await admin((client) => client.query(`create schema "${name}"`));
      schemas.push(name);
      const schemaUrl = new URL(url);
      schemaUrl.searchParams.set('options', `-c search_path=${name}`);
      return schemaUrl.toString();
    },
    async stop() {
      if (origin === 'external' && created.length + schemas.length > 0) {
        await admin(async (client) => {
          for (const name of schemas.splice(0)) await client.query(`drop schema if exists "${name}" cascade`);
          for (const name of created.splice(0)) {
            await client.query(`drop database if exists "${name}" with (force)`);
          }
        }).catch(() => undefined);
      }
      await shutdown();
    },
  };
}

function userExists(name: string): boolean {
  return spawnSync('id', ['-u', name], { stdio: 'ignore' }).status === 0;
}
