/**
 * Issue #15, probe 1: memory does not grow without a key. The body of a request is not read before its key
 * passed (30 concurrent 19 MB bodies without a key once took the server from 164 MB to 1 GB), and nothing
 * keyed by client input — unknown paths, unknown bearer tokens — is kept without bound.
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { openStore } from '../../src/store/open-store.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { sendMany } from './load.js';
import { startServe, type ServeProcess } from './serve-process.js';

const MB = 1024 * 1024;
const ADMIN = `admin-${randomBytes(8).toString('hex')}`;

/** Uploads `total` bytes (a shared 1 MB chunk, with backpressure) until the server answers; stops then. */
function uploadUntilAnswered(base: string, total: number): Promise<number | string> {
  const chunk = Buffer.alloc(MB, 'a');
  const url = new URL('/v1/chat/completions', base);
  return new Promise((resolve) => {
    let sent = 0;
    const outgoing = httpRequest({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(total) },
    });
    const pump = (): void => {
      while (sent < total && !outgoing.destroyed) {
        const size = Math.min(chunk.length, total - sent);
        sent += size;
        if (!outgoing.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
          outgoing.once('drain', pump);
          return;
        }
      }
      if (!outgoing.destroyed) outgoing.end();
    };
    outgoing.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 'none');
      outgoing.destroy();
    });
    outgoing.on('error', (error) => resolve((error as NodeJS.ErrnoException).code ?? error.message));
    outgoing.write('{"model":"main","messages":[{"role":"user","content":"');
    pump();
  });
}

describe('security: memory under hostile traffic', () => {
  let upstream: FakeUpstream;
  let serve: ServeProcess;
  let store: Store;
  /** Model requests sent so far: each is logged exactly once (the gateway writes its log as it goes). */
  let sent = 0;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    serve = await startServe(
      [
        'auth: { required: true }',
        `upstreams: { u0: { baseUrl: "${upstream.url}/v1" } }`,
        'models: { main: u0/m }',
        'logging: { flushIntervalMs: 200 }',
      ].join('\n'),
      // with the admin token the dashboard (static files, /api) is mounted too; the inspector lets the test collect garbage
      { env: { PARITY_ADMIN_TOKEN: ADMIN }, inspect: true },
    );
  });
  afterAll(async () => {
    await store?.close();
    await serve?.stop();
    serve?.dispose();
    await upstream?.close();
  });
  /** Waits until the gateway has written every model request sent so far to its log (its queue is empty). */
  const logged = async (): Promise<void> => {
    store ??= await openStore({ url: serve.storeUrl, migrate: false });
    await expect.poll(async () => (await store.queryRequestLogs({}, 100_000)).length, { timeout: 60_000 }).toBe(sent);
  };
  afterEach(async () => {
    await logged();
    const logs = await store.queryRequestLogs({}, 100_000);
    expect(new Set(logs.map((entry) => entry.id)).size).toBe(logs.length);
    expect(logs.every((entry) => entry.status === 401 && entry.keyId === null)).toBe(true);
  });

  it('answers 30 concurrent 19 MB requests without a key with 401, without reading their bodies', async () => {
    // warm up the refusal path with small bodies first (code compiled, the heap at its working size)
    for (let round = 0; round < 3; round++) await Promise.all(Array.from({ length: 30 }, () => uploadUntilAnswered(serve.url, 64 * 1024)));
    sent += 3 * 30 + 30;
    const before = serve.memory();
    const readBefore = serve.readMb();
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => uploadUntilAnswered(serve.url, 19 * MB)));
    const after = serve.memory();
    const readMb = serve.readMb() - readBefore;
    // a refusal answered before the body: the client sees the 401, or at worst the connection closed under its upload
    for (const outcome of outcomes) expect([401, 'ECONNRESET', 'EPIPE']).toContain(outcome);
    expect(outcomes.filter((outcome) => outcome === 401).length).toBeGreaterThan(0);
    // the bodies were not read: 30 × 19 MB would be 570 MB; what was read is the sockets' read-ahead (under 1 MB
    // each), and the peak grows by less than two bodies would take
    expect(readMb).toBeLessThan(30);
    expect(after.peakMb - before.peakMb).toBeLessThan(38);
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
  });

  it('keeps memory flat across 20,000 unique paths and 20,000 unique tokens', { timeout: 180_000 }, async () => {
    const path = (index: number, unique: boolean): string =>
      `/${unique ? index.toString(36) : 'same'}-${'p'.repeat(15_000)}`;
    const token = (index: number, unique: boolean): string =>
      unique ? `pk-parity-${randomBytes(24).toString('base64url')}` : `pk-parity-${'x'.repeat(32 - String(index % 10).length)}${index % 10}`;
    const chat = (bearer: string) => ({
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: '{"model":"main","messages":[{"role":"user","content":"hi"}]}',
    });
    // warm up with the same load on repeated values; memory is read after a full garbage collection, so what is
    // compared is what the gateway keeps, not garbage a busy heap has not collected yet
    // (and after the request log is written, so no queue of entries still waiting for the database is counted)
    await sendMany(serve.url, 4_000, (index) => ({ method: 'GET', path: path(index, false) }));
    await sendMany(serve.url, 4_000, (index) => chat(token(index, false)));
    sent += 4_000;
    await logged();
    const before = await serve.collectedMemory();
    const paths = await sendMany(serve.url, 20_000, (index) => ({ method: 'GET', path: path(index, true) }));
    const tokens = await sendMany(serve.url, 20_000, (index) => chat(token(index, true)));
    sent += 20_000;
    await logged();
    const after = await serve.collectedMemory();
    expect(paths).toEqual(new Map([[404, 20_000]]));
    expect(tokens).toEqual(new Map([[401, 20_000]]));
    // kept in full, 20,000 15 KB paths alone would be 300 MB
    expect(after.rssMb - before.rssMb).toBeLessThan(20);
    expect(after.heapUsedMb - before.heapUsedMb).toBeLessThan(20);
  });
});
