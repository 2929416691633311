/**
 * Shared by the throwaway-server starters (postgres.ts, redis.ts): free ports, finding binaries, and the rule
 * for a missing service — skip with a message locally, fail under CI=true.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

export function isCi(): boolean {
  const value = process.env.CI?.toLowerCase();
  return value === 'true' || value === '1';
}

/**
 * Called when a service cannot be had. Under CI=true that is a failure (CI installs the services, see
 * scripts/ci-services.sh); elsewhere the caller skips its tests and this explains why.
 */
export function serviceUnavailable(service: string, reason: string): undefined {
  const message = `${service} unavailable: ${reason}`;
  if (isCi()) {
    throw new Error(`${message}. CI=true requires it: run scripts/ci-services.sh first.`);
  }
  console.warn(`[skip] ${message}; skipping the tests that need it.`);
  return undefined;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

/** The first directory (PATH first, then `extraDirs`) that holds every named executable. */
export function findBinaryDir(names: readonly string[], extraDirs: readonly string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== ''), ...extraDirs];
  return dirs.find((dir) => names.every((name) => existsSync(join(dir, name))));
}

/** `/usr/lib/postgresql/<version>/bin` directories, newest version first (Debian's layout). */
export function debianPostgresBinDirs(root = '/usr/lib/postgresql'): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((version) => /^\d+(\.\d+)?$/.test(version))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(root, version, 'bin'));
}

export function randomSuffix(): string {
  return `${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
}
