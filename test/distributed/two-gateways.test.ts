/**
 * Issue #8's acceptance for the gateway: two `parity serve` processes share one Redis (PARITY_REDIS_URL) and
 * one store (a SQLite file both open), and serve one virtual key with a small budget under concurrent load.
 * Together they must never end more than one request's cost over budget, and the request log must hold every
 * request exactly once, with the store's spend equal to what the log books.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVirtualKey } from '../../src/gateway/keys/manage.js';
import { connectSharedRedis } from '../../src/gateway/state/redis-connection.js';
import { createRedisState } from '../../src/gateway/state/redis-state.js';
import { openStore } from '../../src/store/open-store.js';
import { readJson, reply, startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { startRedis } from '../helpers/redis.js';
import { spawnCli, type CliResult } from '../helpers/run-cli.js';

// the fixture answer reports 16 prompt + 363 completion tokens; at $1/$2 per Mtok that is $0.000742
const COST = (16 * 1 + 363 * 2) / 1e6;
const BUDGET = 0.01;
const WAVE = 200;

const redis = await startRedis();

interface Instance {
  url: string;
  stop(): Promise<CliResult>;
}

async function startServe(config: string, db: string, redisUrl: string): Promise<Instance> {
  const { child, done } = spawnCli(['serve', '--config', config, '--port', '0', '--db', `sqlite:${db}`, '--json', '--no-dashboard'], {
    env: { PARITY_REDIS_URL: redisUrl },
  });
  const text = await new Promise<string>((resolve, reject) => {
    let json = '';
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      json += line;
      if (line.startsWith('}')) resolve(json);
    });
    void done.then((result) => reject(new Error(`parity serve exited (${result.code}): ${result.stderr}`)));
  });
  const { url } = JSON.parse(text) as { url: string };
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return done;
    },
  };
}

describe.skipIf(redis === undefined)('two parity serve processes sharing Redis', () => {
  let dir: string;
  let upstream: FakeUpstream;
  let instances: Instance[] = [];
  const keyPrefix = `${redis?.keyPrefix ?? ''}two-gateways:`;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-two-gateways-'));
    upstream = await startFakeUpstream();
    const answer = readJson(new URL('../fixtures/gateway/openai-text.json', import.meta.url));
    // a little latency, so that requests on both instances are in flight together
    upstream.on('POST /v1/chat/completions', reply.json(answer, { delayMs: 15 }));
  });

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await upstream?.close();
    if (redis !== undefined) {
      const client = await connectSharedRedis(redis.url, { where: 'test', commandTimeoutMs: 2_000 });
      const keys = await client.keys(`${keyPrefix}*`);
      if (keys.length > 0) await client.del(...keys);
      client.disconnect();
      await redis.stop();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('never ends more than one request over a key’s budget in total, and logs every request once', async () => {
    const db = path.join(dir, 'parity.db');
    const config = path.join(dir, 'gateway.yaml');
    writeFileSync(
      config,
      [
        'auth: { required: true }',
        'upstreams:',
        `  local: { baseUrl: "${upstream.url}/v1", prices: { gpt-test: { inputPerMtok: 1, outputPerMtok: 2 } } }`,
        'models:',
        '  main: local/gpt-test',
        `redis: { keyPrefix: "${keyPrefix}" }`,
        'logging: { flushIntervalMs: 100 }',
      ].join('\n'),
    );
    const setup = await openStore({ url: `sqlite:${db}` });
    const { secret, key } = await createVirtualKey(setup, { name: 'shared', budgetUsdTotal: BUDGET });
    await setup.close();

    instances = await Promise.all([startServe(config, db, redis!.url), startServe(config, db, redis!.url)]);

    const ids: string[] = [];
    let succeeded = 0;
    let refused = 0;
    for (let wave = 0; wave < 10; wave++) {
      const results = await Promise.all(
        Array.from({ length: WAVE }, async (_, index) => {
          const response = await fetch(`${instances[index % 2]!.url}/v1/chat/completions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
            body: JSON.stringify({ model: 'main', max_tokens: 363, messages: [{ role: 'user', content: 'Invent a holiday' }] }),
          });
          const body = (await response.json()) as { error?: { code?: string; message?: string } };
          ids.push(response.headers.get('x-parity-request-id') ?? 'missing');
          if (response.status !== 200) expect([response.status, body.error?.code], body.error?.message).toEqual([429, 'budget_exceeded']);
          return response.status === 200;
        }),
      );
      const ok = results.filter(Boolean).length;
      succeeded += ok;
      refused += results.length - ok;
      if (ok === 0) break;
    }

    // both drain and flush on SIGTERM; then the store has every request once and the same spend
    const exits = await Promise.all(instances.map((instance) => instance.stop()));
    expect(exits.map((exit) => exit.code)).toEqual([0, 0]);

    // the shared counters in Redis, once both have settled everything
    const client = await connectSharedRedis(redis!.url, { where: 'test', commandTimeoutMs: 2_000 });
    const shared = createRedisState({ redis: client, keyPrefix, failureThreshold: 5, cooldownMs: 1_000, reservationTtlMs: 60_000 });
    const live = await shared.usage(key.id);
    client.disconnect();
    expect(live).toMatchObject({ inFlight: 0, reservedUsd: 0 });
    expect(live?.spentUsdTotal).toBeCloseTo(succeeded * COST, 6);
    expect(live!.spentUsdTotal).toBeLessThanOrEqual(BUDGET + COST + 1e-9);
    expect(live!.spentUsdTotal).toBeGreaterThan(BUDGET - COST); // the budget was used, not refused wholesale
    expect(refused).toBeGreaterThan(0);

    const store = await openStore({ url: `sqlite:${db}` });
    try {
      const logs = (await store.queryRequestLogs({}, 100_000)).filter((entry) => entry.keyId === key.id);
      expect(logs).toHaveLength(succeeded + refused);
      expect(new Set(logs.map((entry) => entry.id))).toEqual(new Set(ids));
      expect(logs.filter((entry) => entry.status === 200)).toHaveLength(succeeded);
      const logged = logs.reduce((sum, entry) => sum + (entry.costUsd ?? 0), 0);
      expect(logged).toBeCloseTo(live!.spentUsdTotal, 6);
      expect((await store.getKey(key.id))?.spentUsdTotal).toBeCloseTo(logged, 5);
    } finally {
      await store.close();
    }
  }, 180_000); // two processes start from TypeScript sources: slow on a busy machine
});
