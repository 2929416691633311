/**
 * Two in-process gateways with their own state objects (and Redis connections) over one Redis and one store:
 * the response cache and circuit breakers are shared; when Redis goes away requests fail with a 503 naming the
 * shared state instead of running without limits; bad Redis settings fail at start.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { parseGatewayConfig } from '../../src/gateway/config/load.js';
import type { GatewayConfigInput } from '../../src/gateway/config/schema.js';
import { createVirtualKey } from '../../src/gateway/keys/manage.js';
import { createGateway, type Gateway } from '../../src/gateway/server.js';
import { connectSharedRedis } from '../../src/gateway/state/redis-connection.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { reply, startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { freePort } from '../helpers/local-service.js';
import { startRedis } from '../helpers/redis.js';
import { basicConfig, chatReply } from './harness.js';

const redis = await startRedis();
const CHAT = 'POST /v1/chat/completions';

/** A TCP pass-through to Redis that the test can cut (and restore) to play "Redis is unreachable". */
async function startProxy(target: URL): Promise<{ url: string; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connectTo(target);
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = (): void => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const cut = async (): Promise<void> => {
    const closed = new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await closed;
    server = undefined;
  };
  await listen();
  const path = target.pathname === '/' ? '' : target.pathname;
  return { url: `redis://127.0.0.1:${port}${path}`, cut, restore: listen, close: cut };
}

function connectTo(target: URL): Socket {
  return connect(Number(target.port || 6379), target.hostname);
}

describe.skipIf(redis === undefined)('two gateways sharing Redis', () => {
  let upstream: FakeUpstream;
  let store: Store;
  const gateways: Gateway[] = [];
  let prefixIndex = 0;

  /** Two gateways on the same store and a fresh Redis prefix. */
  async function startPair(extra: Partial<GatewayConfigInput>, redisUrl = redis!.url): Promise<Array<{ gateway: Gateway; url: string; keyPrefix: string }>> {
    const keyPrefix = `${redis!.keyPrefix}shared-${prefixIndex++}:`;
    const config = parseGatewayConfig(basicConfig([`${upstream.url}/v1`], { ...extra, redis: { url: redisUrl, keyPrefix } }));
    const pair = [];
    for (let index = 0; index < 2; index++) {
      const gateway = await createGateway(config, { store });
      gateways.push(gateway);
      pair.push({ gateway, url: (await gateway.listen(0, '127.0.0.1')).url, keyPrefix });
    }
    return pair;
  }

  const chat = (url: string, body: Record<string, unknown>, secret?: string): Promise<Response> =>
    fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret === undefined ? {} : { authorization: `Bearer ${secret}` }) },
      body: JSON.stringify({ model: 'main', messages: [{ role: 'user', content: 'Invent a holiday' }], ...body }),
    });

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    store = await openStore({ url: 'sqlite::memory:' });
  });

  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.close()));
    await upstream?.close();
    await store?.close();
    if (redis !== undefined) {
      const client = await connectSharedRedis(redis.url, { where: 'test', commandTimeoutMs: 2_000 });
      const keys = await client.keys(`${redis.keyPrefix}*`);
      if (keys.length > 0) await client.del(...keys);
      client.disconnect();
      await redis.stop();
    }
  });

  it('answers from one cache: what one instance fetched, the other serves without calling the upstream', async () => {
    upstream.reset();
    upstream.on(CHAT, chatReply());
    const [a, b] = await startPair({ cache: { ttlSeconds: 60 } });
    const first = await chat(a!.url, { temperature: 0 });
    // the answer is stored right after it was sent: wait until it is in Redis
    const client = await connectSharedRedis(redis!.url, { where: 'test', commandTimeoutMs: 2_000 });
    await expect.poll(async () => (await client.keys(`${a!.keyPrefix}cache:*`)).length).toBe(1);
    client.disconnect();
    const second = await chat(b!.url, { temperature: 0 });
    expect([first.status, first.headers.get('x-parity-cache'), second.status, second.headers.get('x-parity-cache')]).toEqual([200, 'miss', 200, 'hit']);
    expect(await second.text()).toBe(await first.text());
    expect(upstream.count(CHAT)).toBe(1);
    expect(a!.gateway.cache?.kind).toBe('redis');
  });

  it('shares circuit breakers: failures seen by both open the circuit for both', async () => {
    upstream.reset();
    upstream.on(CHAT, reply.json({ error: { message: 'down', type: 'server_error' } }, { status: 500 }));
    const [a, b] = await startPair({
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
      circuitBreaker: { failureThreshold: 2, cooldownMs: 60_000 },
    });
    expect((await chat(a!.url, {})).status).toBe(502);
    expect((await chat(b!.url, {})).status).toBe(502);
    expect(upstream.count(CHAT)).toBe(2);
    const circuitOf = async (url: string): Promise<string | undefined> =>
      ((await (await fetch(`${url}/healthz`)).json()) as { upstreams: Record<string, string> }).upstreams.u0;
    await expect.poll(() => circuitOf(a!.url)).toBe('open'); // b's failure is recorded right after its answer
    const skipped = await chat(a!.url, {});
    expect(skipped.status).toBe(502);
    expect(((await skipped.json()) as { error: { message: string } }).error.message).toMatch(/circuit open/);
    expect(upstream.count(CHAT)).toBe(2); // neither instance calls it while the circuit is open
    const health = (await (await fetch(`${b!.url}/healthz`)).json()) as { upstreams: Record<string, string>; sharedState: string };
    expect(health).toMatchObject({ upstreams: { u0: 'open' }, sharedState: 'ok' });
  });

  it('refuses requests with a 503 naming the shared state while Redis is unreachable, and recovers', async () => {
    upstream.reset();
    upstream.on(CHAT, chatReply());
    const proxy = await startProxy(new URL(redis!.url));
    try {
      const [a] = await startPair({ auth: { required: true } }, proxy.url);
      const { secret } = await createVirtualKey(store, { name: 'outage', budgetUsdTotal: 1 });
      expect((await chat(a!.url, {}, secret)).status).toBe(200);

      await proxy.cut();
      const refused = await chat(a!.url, {}, secret);
      expect(refused.status).toBe(503);
      expect(await refused.json()).toMatchObject({
        error: { type: 'server_error', code: 'shared_state_unavailable', message: expect.stringMatching(/shared state \(Redis\) is unavailable/) },
      });
      const health = await fetch(`${a!.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'degraded', sharedState: 'unavailable' });
      expect(upstream.count(CHAT)).toBe(1); // nothing went out unchecked

      await proxy.restore();
      await expect.poll(async () => (await chat(a!.url, {}, secret)).status, { timeout: 10_000, interval: 100 }).toBe(200);
    } finally {
      await proxy.close();
    }
  });

  it('fails at start on a bad or unreachable Redis URL, naming where it came from', async () => {
    expect(() => parseGatewayConfig(basicConfig(['http://127.0.0.1:1/v1'], { redis: { url: 'http://127.0.0.1:6379' } }))).toThrow(
      /redis\.url: expected redis:\/\//,
    );
    const config = parseGatewayConfig(basicConfig(['http://127.0.0.1:1/v1']));
    await expect(createGateway(config, { store, env: { PARITY_REDIS_URL: 'redis//nowhere' } })).rejects.toThrow(
      /PARITY_REDIS_URL: .*not a Redis URL/,
    );
    const port = await freePort();
    const unreachable = createGateway(config, { store, env: { PARITY_REDIS_URL: `redis://127.0.0.1:${port}` } });
    await expect(unreachable).rejects.toBeInstanceOf(ConfigError);
    await expect(unreachable).rejects.toThrow(/cannot reach Redis/);
  });
});
