/**
 * Issue #15, the smaller probes: a revoked key stops working on running gateways at once (pushed by Postgres)
 * or within the key cache's 500 ms (re-read otherwise); a body nested 100k deep is a 400, not a 500; a missing
 * key is a 401 before the body is even read (not a 400 for the body); and `serve`/`start` that cannot listen or
 * reach their database say which flag or variable to change, with exit code 3 — never "unexpected error" (70).
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLLED_TTL_MS, PUSHED_TTL_MS } from '../../src/gateway/keys/key-resolver.js';
import { createVirtualKey } from '../../src/gateway/keys/manage.js';
import { openStore } from '../../src/store/open-store.js';
import { basicConfig, chatReply, startHarness, type Harness } from '../gateway/harness.js';
import { freePort } from '../helpers/local-service.js';
import { startPostgres } from '../helpers/postgres.js';
import { runCli } from '../helpers/run-cli.js';
import { send } from './load.js';

const CHAT = 'POST /v1/chat/completions';
const BODY = JSON.stringify({ model: 'main', messages: [{ role: 'user', content: 'hi' }] });
const ci = process.env.CI === 'true';
const postgres = await startPostgres();

const chat = (url: string, secret: string | undefined, body = BODY) =>
  send(url, {
    method: 'POST',
    path: '/v1/chat/completions',
    headers: { 'content-type': 'application/json', ...(secret === undefined ? {} : { authorization: `Bearer ${secret}` }) },
    body,
  });

describe('security: revocation reaches a running gateway', () => {
  afterAll(() => postgres?.stop());

  it('within the key cache’s re-read (500 ms) on SQLite, revoked by another process’s store connection', async () => {
    expect(POLLED_TTL_MS).toBeLessThanOrEqual(500);
    const harness = await startHarness((urls) => basicConfig(urls, { auth: { required: true } }));
    try {
      harness.upstreams[0]!.on(CHAT, chatReply());
      const { secret, id } = await harness.createKey({ name: 'soon-revoked' });
      expect((await chat(harness.url, secret)).status).toBe(200); // cached as valid now
      await harness.store.revokeKey(id);
      await expect.poll(async () => (await chat(harness.url, secret)).status, { timeout: 10_000, interval: 50 }).toBe(401);
    } finally {
      await harness.close();
    }
  });

  describe.skipIf(postgres === undefined && !ci)('with Postgres', () => {
    it('as soon as it is revoked (LISTEN/NOTIFY), though the key cache would trust it for a minute', async () => {
      if (postgres === undefined) throw new Error('CI=true but no Postgres could be had');
      const url = await postgres.createSchema();
      const store = await openStore({ url });
      const other = await openStore({ url }); // another process revoking, e.g. `parity keys revoke`
      const { createGateway } = await import('../../src/gateway/server.js');
      const { parseGatewayConfig } = await import('../../src/gateway/config/load.js');
      const { startFakeUpstream } = await import('../helpers/fake-upstream.js');
      const upstream = await startFakeUpstream();
      upstream.on(CHAT, chatReply());
      const events: Array<{ type: string; live?: boolean }> = [];
      const gateway = await createGateway(parseGatewayConfig(basicConfig([`${upstream.url}/v1`], { auth: { required: true } })), {
        store,
        onEvent: (event) => events.push(event),
      });
      const { url: base } = await gateway.listen(0, '127.0.0.1');
      try {
        expect(events).toContainEqual(expect.objectContaining({ type: 'revocation-feed', live: true }));
        const { secret, key } = await createVirtualKey(store, { name: 'pushed' });
        expect((await chat(base, secret)).status).toBe(200);
        await other.revokeKey(key.id);
        // the cache trusts a key for PUSHED_TTL_MS with a live feed: a 401 sooner came from the notification
        const started = Date.now();
        await expect.poll(async () => (await chat(base, secret)).status, { timeout: PUSHED_TTL_MS / 2, interval: 50 }).toBe(401);
        expect(Date.now() - started).toBeLessThan(PUSHED_TTL_MS);
      } finally {
        await gateway.close();
        await upstream.close();
        await Promise.all([store.close(), other.close()]);
      }
    });
  });
});

describe('security: clear 4xx for malformed requests', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness((urls) => basicConfig(urls, { auth: { required: true } }));
    harness.upstreams[0]!.on(CHAT, chatReply());
  });
  afterAll(() => harness.close());

  it('answers a body nested 100,000 deep in an extra field with a 400 naming the body', async () => {
    const { secret } = await harness.createKey({ name: 'deep' });
    const deep = `{"model":"main","messages":[{"role":"user","content":"hi"}],"extra":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const answer = await chat(harness.url, secret, deep);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { type: 'invalid_request_error', param: 'body', message: expect.stringContaining('deep') } });
    expect((await chat(harness.url, secret)).status).toBe(200); // and the gateway is fine
  });

  it('limits bodies per route and per key, before reading a body whose declared length is too large', async () => {
    const limited = await startHarness((urls) =>
      basicConfig(urls, { auth: { required: true }, limits: { body: { chat: 4_096 }, keys: { small: { bodyBytes: 512 } } } }),
    );
    try {
      limited.upstreams[0]!.on(CHAT, chatReply());
      const { secret } = await limited.createKey({ name: 'big' });
      const { secret: smallSecret } = await limited.createKey({ name: 'small' });
      const padded = (bytes: number) => JSON.stringify({ model: 'main', messages: [{ role: 'user', content: 'x'.repeat(bytes) }] });
      expect((await chat(limited.url, secret, padded(2_000))).status).toBe(200);
      const tooLarge = await chat(limited.url, secret, padded(5_000));
      expect(tooLarge.status).toBe(413);
      expect(JSON.parse(tooLarge.body)).toMatchObject({ error: { code: 'body_too_large', param: 'body', message: expect.stringContaining('4096 bytes') } });
      expect((await chat(limited.url, smallSecret, padded(1_000))).status).toBe(413); // the key's own, smaller limit
      expect((await chat(limited.url, smallSecret, padded(100))).status).toBe(200);
      expect(limited.upstreams[0]!.count(CHAT)).toBe(2);
    } finally {
      await limited.close();
    }
  });

  it('refuses a missing key with 401 before looking at the body (even one that is not JSON)', async () => {
    const answer = await chat(harness.url, undefined, '{not json');
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { type: 'authentication_error', code: 'invalid_api_key' } });
  });
});

describe('security: start-up errors name what to change', () => {
  let taken: Server;
  let port: number;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    port = (taken.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  it('parity serve on a port in use: names --port, exit 3', { timeout: 60_000 }, async () => {
    const result = await runCli(['serve', '--upstream', 'm=http://127.0.0.1:9/v1', '--port', String(port), '--db', 'sqlite::memory:']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`port ${port} is already in use`);
    expect(result.stderr).toContain('--port');
    expect(result.stderr).not.toContain('unexpected error');
  });

  it('parity start --serve on a port in use: names --port, exit 3', { timeout: 120_000 }, async () => {
    const result = await runCli(['start', '--serve', '--json', '--html', '/dev/null', '--port', String(port), '--db', 'sqlite::memory:']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('--port');
    expect(result.stderr).not.toContain('unexpected error');
  });

  it('an unreachable Postgres names --db, or PARITY_DATABASE_URL when that gave it, exit 3', { timeout: 120_000 }, async () => {
    const free = await freePort();
    const unreachable = `postgres://parity:secret@127.0.0.1:${free}/parity`; // nothing listens there
    const flag = await runCli(['serve', '--upstream', 'm=http://127.0.0.1:9/v1', '--port', '0', '--db', unreachable]);
    expect(flag.code).toBe(3);
    expect(flag.stderr).toContain('--db');
    expect(flag.stderr).not.toContain('secret'); // the password is never printed
    const env = await runCli(['serve', '--upstream', 'm=http://127.0.0.1:9/v1', '--port', '0'], { env: { PARITY_DATABASE_URL: unreachable } });
    expect(env.code).toBe(3);
    expect(env.stderr).toContain('PARITY_DATABASE_URL');
    expect(env.stderr).not.toContain('unexpected error');
  });

  it('parity start --serve (npm start) with an unreachable Postgres names the flag or variable, exit 3', { timeout: 180_000 }, async () => {
    const free = await freePort();
    const unreachable = `postgres://parity:secret@127.0.0.1:${free}/parity`;
    const start = ['start', '--serve', '--json', '--html', '/dev/null', '--port', '0'];
    const [flag, env] = await Promise.all([
      runCli([...start, '--db', unreachable]),
      runCli(start, { env: { PARITY_DATABASE_URL: unreachable } }),
    ]);
    expect([flag.code, env.code]).toEqual([3, 3]);
    expect(flag.stderr).toContain('--db');
    expect(env.stderr).toContain('PARITY_DATABASE_URL');
    for (const result of [flag, env]) {
      expect(result.stderr).not.toContain('secret');
      expect(result.stderr).not.toContain('unexpected error');
    }
  });
});
