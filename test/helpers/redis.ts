/**
 * A real Redis for tests and benches, never a mock.
 *
 * 1. `PARITY_TEST_REDIS_URL` set: use that server. Tests share it, so keep every key under `keyPrefix`.
 * 2. Otherwise, if `redis-server` is on PATH (or in /usr/bin, /usr/sbin, /usr/local/bin): start one on a free
 *    port with persistence off, and stop it afterwards.
 * 3. Otherwise: skip with a message — or fail, under CI=true.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinaryDir, freePort, randomSuffix, serviceUnavailable } from './local-service.js';

export interface RedisServer {
  /** `redis://127.0.0.1:PORT` */
  readonly url: string;
  /** A prefix unique to this start: put every key under it, so tests sharing one server stay apart. */
  readonly keyPrefix: string;
  readonly origin: 'external' | 'throwaway';
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;

export async function startRedis(): Promise<RedisServer | undefined> {
  const keyPrefix = `parity-test:${randomSuffix()}:`;
  const external = process.env.PARITY_TEST_REDIS_URL?.trim();
  if (external !== undefined && external !== '') {
    return { url: external, keyPrefix, origin: 'external', stop: async () => undefined };
  }
  const binDir = findBinaryDir(['redis-server'], ['/usr/bin', '/usr/sbin', '/usr/local/bin']);
  if (binDir === undefined) return serviceUnavailable('Redis', 'no redis-server found and PARITY_TEST_REDIS_URL unset');
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      return await startServer(join(binDir, 'redis-server'), keyPrefix);
    } catch (error) {
      lastError = error; // most likely the port was taken between freePort() and the server's bind
    }
  }
  throw new Error('could not start a throwaway redis-server', { cause: lastError });
}

async function startServer(binary: string, keyPrefix: string): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'parity-redis-'));
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const killNow = (): void => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killNow);
  try {
    await waitUntilReady(port, child);
  } catch (error) {
    process.removeListener('exit', killNow);
    killNow();
    throw new Error(`redis-server did not start on port ${port}: ${stderr.trim()}`, { cause: error });
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    keyPrefix,
    origin: 'throwaway',
    async stop() {
      process.removeListener('exit', killNow);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilReady(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    if (await answersPing(port)) return;
    if (Date.now() > deadline) throw new Error('no PONG in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Speaks just enough RESP to ask `PING` and hear `+PONG`. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}
