/**
 * Issue #15, probe 3: daily and total budgets hold across restarts and across instances. The day's spend was
 * never stored (usage_day stayed NULL): $0.01/day, a burst, a restart, another burst → $0.0161 spent that day.
 * Here each backend — a SQLite file, Postgres, and Redis state — serves one key from several gateways at once,
 * with one of them restarted in the middle of the burst; the key must end at most one request's cost over its
 * budget per instance serving it at once, and the store must hold what the log books.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../../src/gateway/config/load.js';
import { createVirtualKey } from '../../src/gateway/keys/manage.js';
import { createGateway, type Gateway } from '../../src/gateway/server.js';
import { openStore } from '../../src/store/open-store.js';
import { utcDay } from '../../src/store/money.js';
import { readJson, reply, startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { startPostgres, type PostgresServer } from '../helpers/postgres.js';
import { startRedis } from '../helpers/redis.js';

// the fixture answer reports 16 prompt + 363 completion tokens; at $1/$2 per Mtok that is $0.000742
const COST = (16 * 1 + 363 * 2) / 1e6;
const BUDGET = 0.01;
const ci = process.env.CI === 'true';

const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);

interface Backend {
  name: string;
  available: boolean;
  storeUrl(): Promise<string>;
  redis?: { url: string; keyPrefix: string };
}

const scratch = mkdtempSync(path.join(tmpdir(), 'parity-budgets-'));
let files = 0;
const backends: Backend[] = [
  { name: 'a SQLite file', available: true, storeUrl: async () => `sqlite:${path.join(scratch, `store-${files++}.db`)}` },
  { name: 'Postgres', available: postgres !== undefined || ci, storeUrl: () => (postgres as PostgresServer).createSchema() },
  {
    name: 'Redis state (and a SQLite store)',
    available: redis !== undefined || ci,
    storeUrl: async () => `sqlite:${path.join(scratch, `store-${files++}.db`)}`,
    ...(redis === undefined ? {} : { redis: { url: redis.url, keyPrefix: `${redis.keyPrefix}budgets:` } }),
  },
];

describe('security: budgets hold across restarts and instances', () => {
  let upstream: FakeUpstream;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    // latency, so requests on several instances are in flight together and a restart cuts a burst
    upstream.on('POST /v1/chat/completions', reply.json(readJson(new URL('../fixtures/gateway/openai-text.json', import.meta.url)), { delayMs: 60 }));
  });
  afterAll(async () => {
    await upstream?.close();
    await Promise.all([postgres?.stop(), redis?.stop()]);
    rmSync(scratch, { recursive: true, force: true });
  });

  const startGateway = async (storeUrl: string, backend: Backend): Promise<{ gateway: Gateway; url: string }> => {
    if (backend.redis === undefined && backend.name.startsWith('Redis')) throw new Error('CI=true but no Redis could be had');
    const config = parseGatewayConfig({
      auth: { required: true },
      store: { url: storeUrl },
      upstreams: { u0: { baseUrl: `${upstream.url}/v1`, prices: { 'gpt-test': { inputPerMtok: 1, outputPerMtok: 2 } } } },
      models: { main: 'u0/gpt-test' },
      logging: { flushIntervalMs: 100 },
      ...(backend.redis === undefined ? {} : { redis: backend.redis }),
    });
    // the gateway opens the store itself, as `parity serve` does (request log written from a worker thread)
    const gateway = await createGateway(config, { env: { PARITY_REDIS_URL: '' } });
    const { url } = await gateway.listen(0, '127.0.0.1');
    return { gateway, url };
  };

  /** 'served', 'refused' (429 budget_exceeded), or 'unanswered': sent to an instance as it closed (a restart). */
  const ask = async (url: string, secret: string): Promise<'served' | 'refused' | 'unanswered'> => {
    let response: Response;
    try {
      response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'main', max_tokens: 363, messages: [{ role: 'user', content: 'Invent a holiday' }] }),
      });
    } catch {
      return 'unanswered';
    }
    const body = (await response.json()) as { error?: { code?: string } };
    if (response.status !== 200) expect([response.status, body.error?.code]).toEqual([429, 'budget_exceeded']);
    return response.status === 200 ? 'served' : 'refused';
  };

  for (const backend of backends) {
    describe.skipIf(!backend.available)(`with ${backend.name}`, () => {
      for (const budget of ['daily', 'total'] as const) {
        it(`keeps a $${BUDGET} ${budget} budget through a restart in the middle of a burst, with a second instance serving too`, { timeout: 120_000 }, async () => {
          const storeUrl = await backend.storeUrl();
          const setup = await openStore({ url: storeUrl });
          const { secret, key } = await createVirtualKey(setup, { name: `burst-${budget}`, ...(budget === 'daily' ? { budgetUsdDaily: BUDGET } : { budgetUsdTotal: BUDGET }) });
          await setup.close();

          let first = await startGateway(storeUrl, backend);
          const second = await startGateway(storeUrl, backend);
          const results: Array<'served' | 'refused' | 'unanswered'> = [];
          try {
            const burst = (count: number): Promise<Array<'served' | 'refused' | 'unanswered'>> =>
              Promise.all(Array.from({ length: count }, (_, index) => ask(index % 2 === 0 ? first.url : second.url, secret)));
            // the first part of the burst; the first instance restarts as soon as it has a request in flight
            const wave = burst(16);
            const inFlight = async (url: string): Promise<number> => ((await (await fetch(`${url}/healthz`)).json()) as { inFlight: number }).inFlight;
            await expect.poll(() => inFlight(first.url), { timeout: 20_000 }).toBeGreaterThan(0);
            const restarting = first.gateway.close(); // drains what it admitted, flushes the log and its spend
            results.push(...(await wave));
            await restarting;
            first = await startGateway(storeUrl, backend);
            // the rest of it, until the budget says no on both instances
            for (let round = 0; round < 20; round++) {
              const more = await burst(16);
              results.push(...more);
              if (!more.includes('served')) break;
            }
          } finally {
            await Promise.all([first.gateway.close(), second.gateway.close()]);
          }

          const succeeded = results.filter((result) => result === 'served').length;
          const answered = results.filter((result) => result !== 'unanswered').length;
          const spent = succeeded * COST;
          // at most one request over per instance serving the key at once (each may let one through alone)
          expect(spent).toBeLessThanOrEqual(BUDGET + 2 * COST + 1e-12);
          expect(spent).toBeGreaterThan(BUDGET - 2 * COST); // the budget was used, not refused wholesale
          expect(results).toContain('refused');

          const store = await openStore({ url: storeUrl });
          try {
            const stored = await store.getKey(key.id);
            const logs = await store.queryRequestLogs({ keyId: key.id }, 10_000);
            expect(logs).toHaveLength(answered); // each request the gateways answered, once
            expect(new Set(logs.map((entry) => entry.id)).size).toBe(logs.length);
            const logged = logs.reduce((sum, entry) => sum + (entry.costUsd ?? 0), 0);
            expect(logged).toBeCloseTo(spent, 9);
            expect(stored?.spentUsdTotal).toBeCloseTo(spent, 6);
            expect(stored?.usageDay).toBe(utcDay());
            expect(stored?.spentUsdDay).toBeCloseTo(spent, 6);
            if (backend.redis === undefined) expect(stored?.reservedUsdTotal).toBe(0); // every lease given back
          } finally {
            await store.close();
          }
        });
      }
    });
  }
});
