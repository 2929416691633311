/**
 * A data mirror for `parity data update --mirror` tests and bench/data-update: every file of every source with
 * a URL, at `<mirror>/<path>` as the registry declares, built from a folder in the shared data layout (the
 * catalog fixtures, or ../shared/data). Files are copied byte for byte; a zip download (Epoch's
 * benchmark_data.zip) is packed from the members the shared folder keeps. A small HTTP server on 127.0.0.1
 * serves it the way the public hosts do (ETag, Last-Modified, 304 to a conditional request) and injects faults.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { CURRENT_FILE, MANIFEST_FILE, USER_DATA_FORMAT, VERSIONS_FOLDER } from '../../src/catalog/data-location.js';
import { DATA_SOURCES, VENDORED_FOLDER, type SourceFile } from '../../src/catalog/importers/registry.js';

/** The repository's verbatim copies of the public files the shared data collection lacks (simple-evals). */
const VENDORED = fileURLToPath(new URL(`../../data/curated/${VENDORED_FOLDER}/`, import.meta.url));

/** A file of the shared layout: from `sharedDir`, else the repository's copy when the collection lacks it. */
function sharedFile(sharedDir: string, file: SourceFile & { shared: string }): string {
  const from = path.join(sharedDir, file.shared);
  if (existsSync(from) || file.vendored === undefined) return from;
  return path.join(VENDORED, file.vendored);
}

/** Writes the mirror of `sharedDir` into `outDir`; returns the paths written. */
export function buildDataMirror(sharedDir: string, outDir: string): string[] {
  const written = new Set<string>();
  for (const source of DATA_SOURCES) {
    if (source.bundledOnly !== undefined) continue;
    for (const file of source.files) {
      if (file.url === undefined || written.has(file.path)) continue;
      const target = path.join(outDir, file.path);
      mkdirSync(path.dirname(target), { recursive: true });
      if (file.members !== undefined) {
        const entries: Record<string, Uint8Array> = {};
        for (const member of file.members) {
          const from = path.join(sharedDir, member.shared);
          if ('name' in member) {
            if (existsSync(from)) entries[member.name] = readFileSync(from);
          } else {
            for (const name of readdirSync(from)) if (name.startsWith(member.prefix)) entries[name] = readFileSync(path.join(from, name));
          }
        }
        writeFileSync(target, zipSync(entries, { level: 6, mtime: new Date('2025-12-03T00:00:00Z') }));
      } else if (file.shared !== undefined) {
        copyFileSync(sharedFile(sharedDir, { ...file, shared: file.shared }), target);
      }
      written.add(file.path);
    }
  }
  return [...written];
}

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; times?: number }
  | { kind: 'truncate' }
  | { kind: 'hang' }
  | { kind: 'reset' };

export interface MirrorServer {
  url: string;
  /** Requests received per path (without the leading slash), with their conditional headers. */
  requests: Array<{ path: string; ifNoneMatch: string | null }>;
  /** Injects a fault for a path (`litellm/model_prices_and_context_window.json`); `times` limits a status fault. */
  fault(file: string, fault: Fault): void;
  clearFaults(): void;
  /** Last-Modified sent for every file (an HTTP date), or none. */
  lastModified: string | null;
  close(): Promise<void>;
}

/** Serves `dir` on 127.0.0.1 (any port). */
export async function startMirrorServer(dir: string): Promise<MirrorServer> {
  const faults = new Map<string, Fault>();
  const sockets = new Set<Socket>();
  const requests: MirrorServer['requests'] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const file = decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/').replace(/^\/+/, '');
    requests.push({ path: file, ifNoneMatch: (request.headers['if-none-match'] as string | undefined) ?? null });
    const fault = faults.get(file);
    if (fault?.kind === 'hang') return; // never answers
    if (fault?.kind === 'reset') {
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      if (fault.times !== undefined) {
        fault.times -= 1;
        if (fault.times <= 0) faults.delete(file);
      }
      response.writeHead(fault.status, { 'content-type': 'text/plain', ...fault.headers });
      response.end(`status ${fault.status}`);
      return;
    }
    const full = path.join(dir, file);
    if (file.includes('..') || !existsSync(full)) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('404: Not Found');
      return;
    }
    const body = readFileSync(full);
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    const headers: Record<string, string> = { etag, 'content-type': 'application/octet-stream' };
    if (mirror.lastModified !== null) headers['last-modified'] = mirror.lastModified;
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, headers);
      response.end();
      return;
    }
    if (fault?.kind === 'truncate') {
      response.writeHead(200, { ...headers, 'content-length': String(body.byteLength) });
      response.write(body.subarray(0, Math.floor(body.byteLength / 2)), () => request.socket.destroy());
      return;
    }
    response.writeHead(200, { ...headers, 'content-length': String(body.byteLength) });
    response.end(body);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const mirror: MirrorServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    fault: (file, fault) => faults.set(file, fault),
    clearFaults: () => faults.clear(),
    lastModified: null,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return mirror;
}

/**
 * Makes `userDir` name an installed version that holds only its manifest: enough for `locateData` and `parity
 * data status` (which then read that folder), not a catalog to load. Returns the version's folder.
 */
export function writeInstalledManifest(userDir: string, version: string, createdAt: string): string {
  const dir = path.join(userDir, VERSIONS_FOLDER, version);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify({ format: USER_DATA_FORMAT, createdAt, sources: {} }));
  writeFileSync(path.join(userDir, CURRENT_FILE), `${version}\n`);
  return dir;
}
