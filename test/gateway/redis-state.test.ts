/**
 * The Redis GatewayState against a real Redis (test/helpers/redis.ts): every test runs two state instances on
 * one Redis and prefix — two gateway instances — and checks they see and respect each other's reservations,
 * rate-limit windows and circuits.
 */
import { connect, createServer, type Server } from 'node:net';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { BudgetExceededError, ConfigError, RateLimitedError } from '../../src/errors.js';
import { connectSharedRedis } from '../../src/gateway/state/redis-connection.js';
import { createRedisState, type RedisGatewayState } from '../../src/gateway/state/redis-state.js';
import { SharedStateUnavailableError } from '../../src/gateway/state/shared-state-error.js';
import { keyLimits as key } from '../helpers/key-limits.js';
import { freePort } from '../helpers/local-service.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';

const T0 = Date.UTC(2026, 0, 1, 12);
const server: RedisServer | undefined = await startRedis();


describe.skipIf(server === undefined)('Redis GatewayState shared by two instances', () => {
  const clients: Redis[] = [];
  let testIndex = 0;

  /** Two states on one fresh prefix, each on its own connection (as two gateway processes would be). */
  async function pair(
    options: { reservationTtlMs?: number; idleTtlMs?: number; commandTimeoutMs?: number; firstUrl?: string } = {},
  ): Promise<[RedisGatewayState, RedisGatewayState, Redis]> {
    const prefix = `${server!.keyPrefix}${testIndex++}:`;
    const make = async (url = server!.url): Promise<[RedisGatewayState, Redis]> => {
      const redis = await connectSharedRedis(url, { where: 'test', commandTimeoutMs: 2_000 });
      clients.push(redis);
      const state = createRedisState({
        redis,
        keyPrefix: prefix,
        ...(options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs }),
        failureThreshold: 2,
        cooldownMs: 1_000,
        reservationTtlMs: options.reservationTtlMs ?? 60_000,
        ...(options.idleTtlMs === undefined ? {} : { idleTtlMs: options.idleTtlMs }),
      });
      return [state, redis];
    };
    const [a, redis] = await make(options.firstUrl);
    const [b] = await make();
    return [a, b, redis];
  }

  afterAll(async () => {
    const redis = clients[0];
    if (redis !== undefined && redis.status === 'ready') {
      const keys = await redis.keys(`${server!.keyPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    for (const client of clients) client.disconnect();
    await server?.stop();
  });

  describe('budgets', () => {
    it('sees the other instance’s reservations: admits what fits, refuses the rest while they are in flight', async () => {
      const [a, b] = await pair();
      const limits = key({ budgetUsdTotal: 1 });
      const first = await a.admit(limits, { reserveUsd: 0.4, promptTokens: 1 }, T0);
      const second = await b.admit(limits, { reserveUsd: 0.4, promptTokens: 1 }, T0);
      await expect(a.admit(limits, { reserveUsd: 0.4, promptTokens: 1 }, T0)).rejects.toThrow(/reserved by requests in flight/);
      expect(await b.usage('k1', T0)).toMatchObject({ reservedUsd: 0.8, inFlight: 2, spentUsdTotal: 0 });
      await a.settle(first, 0.1, 10, T0);
      await b.settle(second, 0.25, 10, T0);
      for (const state of [a, b]) {
        expect(await state.usage('k1', T0)).toEqual({ spentUsdTotal: 0.35, spentUsdDay: 0.35, reservedUsd: 0, inFlight: 0 });
      }
      // each instance persists only the spend it settled itself
      expect(a.takePendingSpend()).toEqual([{ keyId: 'k1', day: '2026-01-01', usd: 0.1 }]);
      expect(b.takePendingSpend()).toEqual([{ keyId: 'k1', day: '2026-01-01', usd: 0.25 }]);
    });

    it('lets one request through alone (on any instance) when budget is left, then stops both', async () => {
      const [a, b] = await pair();
      const limits = key({ budgetUsdTotal: 1, spentUsdTotal: 0.9 });
      const lone = await a.admit(limits, { reserveUsd: 0.5, promptTokens: 1 }, T0);
      await expect(b.admit(limits, { reserveUsd: 0.01, promptTokens: 1 }, T0)).rejects.toBeInstanceOf(BudgetExceededError);
      await a.settle(lone, 0.3, 10, T0);
      expect((await b.usage('k1', T0))?.spentUsdTotal).toBeCloseTo(1.2, 9);
      await expect(b.admit(limits, { reserveUsd: 0, promptTokens: 1 }, T0)).rejects.toThrow(/Budget exhausted/);
      await expect(a.admit(limits, { reserveUsd: 0, promptTokens: 1 }, T0)).rejects.toThrow(/Budget exhausted/);
    });

    it('is seeded once from the store’s spend: a later instance’s stale figure does not reset it', async () => {
      const [a, b] = await pair();
      expect(await a.usage('k1', T0)).toBeUndefined();
      await a.settle(await a.admit(key({ budgetUsdTotal: 1, spentUsdTotal: 0.5 }), { reserveUsd: 0, promptTokens: 0 }, T0), 0.2, 1, T0);
      // b loaded the key before a's spend was written to the store
      const stale = key({ budgetUsdTotal: 1, spentUsdTotal: 0.5 });
      await b.settle(await b.admit(stale, { reserveUsd: 0, promptTokens: 0 }, T0), 0.2, 1, T0);
      expect((await a.usage('k1', T0))?.spentUsdTotal).toBeCloseTo(0.9, 9);
      await expect(b.admit(stale, { reserveUsd: 0.2, promptTokens: 0 }, T0)).resolves.toBeDefined();
      await expect(a.admit(stale, { reserveUsd: 0.2, promptTokens: 0 }, T0)).rejects.toBeInstanceOf(BudgetExceededError);
    });

    it('counts the daily budget per UTC day', async () => {
      const [a, b] = await pair();
      const limits = key({ budgetUsdDaily: 1, spentUsdDay: 0.95, usageDay: '2026-01-01' });
      const admitted = await a.admit(limits, { reserveUsd: 0, promptTokens: 1 }, T0);
      await a.settle(admitted, 0.05, 1, T0);
      await expect(b.admit(limits, { reserveUsd: 0.1, promptTokens: 1 }, T0)).rejects.toThrow(/Daily budget exhausted/);
      await expect(b.admit(limits, { reserveUsd: 0.1, promptTokens: 1 }, T0 + 86_400_000)).resolves.toMatchObject({ day: '2026-01-02' });
      expect(await a.usage('k1', T0 + 86_400_000)).toMatchObject({ spentUsdDay: 0, spentUsdTotal: 0.05 });
    });

    it('gives back the reservation of an instance that died, once its lease lapses (and only once)', async () => {
      const [a, b] = await pair({ reservationTtlMs: 1_000 });
      const limits = key({ budgetUsdTotal: 1 });
      const orphan = await a.admit(limits, { reserveUsd: 0.8, promptTokens: 1 }, T0); // a "dies" holding it
      await expect(b.admit(limits, { reserveUsd: 0.5, promptTokens: 1 }, T0 + 500)).rejects.toBeInstanceOf(BudgetExceededError);
      const later = await b.admit(limits, { reserveUsd: 0.5, promptTokens: 1 }, T0 + 1_001);
      expect(await b.usage('k1', T0)).toMatchObject({ reservedUsd: 0.5, inFlight: 1 });
      await a.settle(orphan, 0.1, 1, T0 + 2_000); // a late settle books its spend but releases nothing twice
      expect(await b.usage('k1', T0)).toMatchObject({ reservedUsd: 0.5, inFlight: 1, spentUsdTotal: 0.1 });
      await b.settle(later, 0.2, 1, T0 + 2_000);
      expect(await b.usage('k1', T0)).toMatchObject({ reservedUsd: 0, inFlight: 0 });
    });

    it('lets an idle key’s counters expire from Redis (renewed by every admission) and seeds them again from the store', async () => {
      const [a, b, redis] = await pair({ idleTtlMs: 3 * 86_400_000 });
      const prefix = `${server!.keyPrefix}${testIndex - 1}:`;
      const hash = `${prefix}key:{k1}`;
      const leases = `${prefix}key:{k1}:leases`;
      const limits = key({ budgetUsdTotal: 1, spentUsdTotal: 0.25 });
      const admitted = await a.admit(limits, { reserveUsd: 0.1, promptTokens: 1 }, T0);
      for (const name of [hash, leases]) {
        const ttl = await redis.pttl(name);
        expect(ttl, name).toBeGreaterThan(2 * 86_400_000);
        expect(ttl, name).toBeLessThanOrEqual(3 * 86_400_000);
      }
      await redis.pexpire(hash, 60_000);
      await b.admit(limits, { reserveUsd: 0, promptTokens: 1 }, T0); // any admission renews it
      expect(await redis.pttl(hash)).toBeGreaterThan(2 * 86_400_000);
      await a.settle(admitted, 0.1, 1, T0);
      expect((await a.usage('k1', T0))?.spentUsdTotal).toBeCloseTo(0.35, 9);
      // the key idles past the TTL: Redis forgets it; the store (which the 0.1 reached by write-behind) seeds it
      await redis.del(hash, leases);
      expect(await a.usage('k1', T0)).toBeUndefined();
      await b.admit(key({ budgetUsdTotal: 1, spentUsdTotal: 0.35 }), { reserveUsd: 0, promptTokens: 1 }, T0);
      expect((await a.usage('k1', T0))?.spentUsdTotal).toBeCloseTo(0.35, 9);
    });

    it('ends at most one request over budget with 400 admissions racing on two instances', async () => {
      const [a, b] = await pair();
      const limits = key({ budgetUsdTotal: 0.05 });
      const cost = 0.003;
      let admitted = 0;
      await Promise.all(
        Array.from({ length: 400 }, async (_, index) => {
          const state = index % 2 === 0 ? a : b;
          try {
            const admission = await state.admit(limits, { reserveUsd: 0.004, promptTokens: 1 }, T0);
            admitted += 1;
            await new Promise((resolve) => setTimeout(resolve, index % 7));
            await state.settle(admission, cost, 1, T0);
          } catch (error) {
            expect(error).toBeInstanceOf(BudgetExceededError);
          }
        }),
      );
      const spent = (await a.usage('k1', T0))?.spentUsdTotal ?? 0;
      expect(spent).toBeCloseTo(admitted * cost, 9);
      expect(spent).toBeLessThanOrEqual(0.05 + cost + 1e-9);
      expect(admitted).toBeGreaterThan(1);
      expect(admitted).toBeLessThan(400);
    });
  });

  describe('rate limits', () => {
    it('shares the requests-per-minute window and refills it over time', async () => {
      const [a, b] = await pair();
      const limits = key({ rpm: 2 });
      await a.admit(limits, { reserveUsd: 0, promptTokens: 0 }, T0);
      await b.admit(limits, { reserveUsd: 0, promptTokens: 0 }, T0);
      const refused = await a.admit(limits, { reserveUsd: 0, promptTokens: 0 }, T0).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(RateLimitedError);
      expect((refused as RateLimitedError).retryAfterMs).toBe(30_000);
      await expect(b.admit(limits, { reserveUsd: 0, promptTokens: 0 }, T0 + 29_000)).rejects.toBeInstanceOf(RateLimitedError);
      await expect(b.admit(limits, { reserveUsd: 0, promptTokens: 0 }, T0 + 30_000)).resolves.toBeDefined();
    });

    it('limits tokens per minute by estimate up front and by actual usage after, across instances', async () => {
      const [a, b] = await pair();
      const limits = key({ tpm: 1000 });
      const first = await a.admit(limits, { reserveUsd: 0, promptTokens: 100 }, T0);
      expect(first.reservedTokens).toBe(100);
      await a.settle(first, 0, 950, T0); // used far more than estimated
      await expect(b.admit(limits, { reserveUsd: 0, promptTokens: 100 }, T0)).rejects.toThrow(/1000 tokens per minute/);
      await expect(b.admit(limits, { reserveUsd: 0, promptTokens: 100 }, T0 + 60_000)).resolves.toBeDefined();
    });
  });

  describe('circuit breaker', () => {
    it('opens on failures seen by either instance, gives exactly one half-open probe, closes on its success', async () => {
      const [a, b] = await pair();
      await a.recordFailure('up', T0);
      expect(await b.circuitAllows('up', T0)).toBe(true);
      await b.recordFailure('up', T0);
      expect(await a.circuitState('up', T0)).toBe('open');
      expect(await a.circuitAllows('up', T0 + 999)).toBe(false);
      expect(await b.circuitAllows('up', T0 + 999)).toBe(false);
      // after the cool-down, twenty callers race on both instances: exactly one gets the probe
      const probes = await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? a : b).circuitAllows('up', T0 + 1_000)));
      expect(probes.filter(Boolean)).toHaveLength(1);
      expect(await a.circuitState('up', T0 + 1_001)).toBe('half-open');
      await b.recordSuccess('up');
      expect(await a.circuitState('up', T0 + 1_002)).toBe('closed');
      expect(await a.circuitAllows('up', T0 + 1_002)).toBe(true);
    });

    it('re-opens when the probe fails, and a success on one instance resets failures counted on the other', async () => {
      const [a, b] = await pair();
      await a.recordFailure('up', T0);
      await a.recordFailure('up', T0);
      expect(await b.circuitAllows('up', T0 + 1_000)).toBe(true); // b's probe
      await b.recordFailure('up', T0 + 1_000);
      expect(await a.circuitAllows('up', T0 + 1_500)).toBe(false);
      expect(await a.circuitState('up', T0 + 1_500)).toBe('open');

      await a.recordFailure('other', T0); // one failure: below the threshold
      expect(await b.circuitAllows('other', T0)).toBe(true);
      await b.recordSuccess('other');
      await a.recordFailure('other', T0);
      expect(await a.circuitState('other', T0)).toBe('closed'); // not two consecutive failures
    });
  });

  describe('when Redis answers late, or this process is busy', () => {
    it('does not take a late timer in a busy process for a Redis that does not answer', async () => {
      const [a] = await pair({ commandTimeoutMs: 100 });
      const limits = key({ budgetUsdTotal: 1 });
      await a.admit(limits, { reserveUsd: 0.1, promptTokens: 1 }, T0); // the scripts are loaded
      const admitted = a.admit(limits, { reserveUsd: 0.1, promptTokens: 1 }, T0);
      // ioredis sends auto-pipelined commands from a setImmediate queued before this one
      await new Promise((resolve) => setImmediate(resolve));
      // the process is busy for five times the command timeout, while Redis answers at once: when the loop runs
      // again, the timer is already due, and the answer waits in the socket
      const busyUntil = performance.now() + 500;
      while (performance.now() < busyUntil);
      await expect(admitted).resolves.toMatchObject({ keyId: 'k1', reservedUsd: 0.1 });
    });

    it('gives back the reservation of an admission Redis ran but answered too late', async () => {
      const proxy = await startSlowProxy(new URL(server!.url), 1_000);
      try {
        const [slow, direct] = await pair({ commandTimeoutMs: 100, firstUrl: proxy.url });
        const limits = key({ budgetUsdTotal: 1 });
        await direct.admit(key({ keyId: 'warm-up' }), { reserveUsd: 0, promptTokens: 1 }, T0); // the scripts are loaded
        await expect(slow.admit(limits, { reserveUsd: 0.4, promptTokens: 1 }, T0)).rejects.toBeInstanceOf(SharedStateUnavailableError);
        // the admission ran in Redis (its answer is still on its way): its reservation is given back, not held
        // for the lease's 60 s
        await expect.poll(() => direct.usage('k1')).toMatchObject({ reservedUsd: 0, inFlight: 0, spentUsdTotal: 0 });
        await expect(direct.admit(limits, { reserveUsd: 1, promptTokens: 1 }, T0)).resolves.toMatchObject({ reservedUsd: 1 });
      } finally {
        await proxy.close();
      }
    });
  });

  describe('when Redis goes away', () => {
    it('refuses admissions and circuit checks with SharedStateUnavailableError; settle and records never throw', async () => {
      const [a, , redis] = await pair();
      const admission = await a.admit(key({ budgetUsdTotal: 1 }), { reserveUsd: 0.1, promptTokens: 1 }, T0);
      redis.disconnect();
      await expect(a.admit(key({ budgetUsdTotal: 1 }), { reserveUsd: 0.1, promptTokens: 1 }, T0)).rejects.toBeInstanceOf(
        SharedStateUnavailableError,
      );
      await expect(a.circuitAllows('up', T0)).rejects.toThrow(/shared state \(Redis\) is unavailable/);
      await expect(a.settle(admission, 0.05, 1, T0)).resolves.toBeUndefined();
      await expect(a.recordFailure('up', T0)).resolves.toBeUndefined();
      // the spend it booked still reaches the store
      expect(a.takePendingSpend()).toEqual([{ keyId: 'k1', day: '2026-01-01', usd: 0.05 }]);
    });

    it('a bad or unreachable URL at start is a ConfigError naming where it came from', async () => {
      await expect(connectSharedRedis('http://127.0.0.1:6379', { where: 'redis.url', commandTimeoutMs: 100 })).rejects.toThrow(
        /redis\.url: .*not a Redis URL/,
      );
      const port = await freePort();
      const refused = connectSharedRedis(`redis://127.0.0.1:${port}`, { where: 'PARITY_REDIS_URL', commandTimeoutMs: 100 });
      await expect(refused).rejects.toBeInstanceOf(ConfigError);
      await expect(refused).rejects.toThrow(/PARITY_REDIS_URL: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    });
  });
});

/** A TCP pass-through to Redis that passes requests at once and holds every answer for `delayMs`. */
async function startSlowProxy(target: URL, delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<{ destroy(): void }>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => setTimeout(() => client.writable && client.write(chunk), delayMs));
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${port}${target.pathname === '/' ? '' : target.pathname}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
