import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { copyStore, openSqlStore, type SqlStore } from '../../src/store/index.js';
import { startPostgres } from '../helpers/postgres.js';
import { caseResult, emptyRunSummary } from '../helpers/eval-records.js';

const dir = mkdtempSync(join(tmpdir(), 'parity-store-copy-'));
const server = await startPostgres();
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const opened: SqlStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

async function open(url: string): Promise<SqlStore> {
  const store = await openSqlStore({ url });
  opened.push(store);
  return store;
}

const sqliteUrl = async (): Promise<string> => `sqlite:${join(dir, `${randomUUID()}.db`)}`;
const postgresUrl = async (): Promise<string> => {
  if (server === undefined) throw new Error('no postgres');
  return server.createSchema();
};

/** Fills a store with some of everything, including composite keys that need several pages to copy. */
async function populate(store: SqlStore): Promise<void> {
  await store.createRun({ id: 'run-a', suiteName: 'support', suiteHash: 'h1', config: { repeats: 2 } });
  await store.createRun({ id: 'run-b', suiteName: 'coding', suiteHash: 'h2', config: {} });
  const results = [];
  for (const runId of ['run-a', 'run-b']) {
    for (let caseIndex = 0; caseIndex < 4; caseIndex += 1) {
      for (const modelRef of ['openai/gpt-4o', 'ollama/qwen2.5:7b']) {
        for (let repeat = 0; repeat < 2; repeat += 1) {
          results.push(caseResult({
            runId,
            caseId: `case-${caseIndex}`,
            modelRef,
            repeat,
            output: `answer ${caseIndex}`,
            toolCalls: [{ name: 'f' }],
            pass: (caseIndex + repeat) % 2 === 0,
            score: caseIndex / 4,
            graderDetails: { caseIndex },
            costUsd: 0.001 * caseIndex,
            latencyMs: 100 + caseIndex,
          }));
        }
      }
    }
  }
  await store.recordResults(results);
  for (const runId of ['run-a', 'run-b']) {
    await store.recordCaseMessages(runId, Array.from({ length: 4 }, (_, caseIndex) => ({ caseId: `case-${caseIndex}`, messages: [{ role: 'user', content: `q${caseIndex}` }] })));
  }
  await store.finishRun('run-b', 'completed', emptyRunSummary());
  const key = await store.createKey({ id: 'k1', hashedKey: 'sha256:aaaaaaaaaaaaaaaaaaaa', name: 'a', budgetUsdTotal: 5, rpm: 10 });
  const reservation = await store.reserveBudget(key.id, 0.5, '2025-04-01');
  await store.settleBudget(key.id, 0.5, 0.25, reservation.day);
  await store.leaseBudget({ keyId: key.id, leaseId: 'lease-1', day: '2025-04-01', wantUsd: 0.5, nowMs: Date.UTC(2025, 3, 1), ttlMs: 60_000 });
  await store.createKey({ id: 'k2', hashedKey: 'sha256:bbbbbbbbbbbbbbbbbbbb', name: 'b' });
  await store.revokeKey('k2');
  for (let i = 0; i < 10; i += 1) await store.cacheSet(`cache-${i}`, { i }, i === 0 ? 3_600_000 : undefined);
  await store.appendRequestLogs(
    Array.from({ length: 40 }, (_, i) => ({
      id: `log-${i}`,
      ts: new Date(Date.UTC(2025, 3, 1, 0, i)).toISOString(),
      keyId: 'k1',
      upstream: i % 2 === 0 ? 'ollama' : 'openai',
      status: i % 7 === 0 ? 500 : 200,
      latencyMs: i,
      costUsd: 0.01,
      requestBody: i === 3 ? '{"messages":[]}' : null,
    })),
  );
  await store.saveWatchState('nightly', { asOf: '2025-04-01' }, [
    { kind: 'lag-moved', message: 'coding: 5 → 3 months', detail: { domain: 'coding' } },
    { kind: 'cheaper', message: 'x got cheaper', detail: { modelId: 'x' } },
  ]);
  for (let i = 0; i < 3; i += 1) {
    await store.saveResponse({
      id: `resp_${i}`,
      keyId: i === 2 ? null : 'key-a',
      previousResponseId: i === 0 ? null : `resp_${i - 1}`,
      createdAt: `2025-04-01T00:00:0${i}.000Z`,
      expiresAt: null,
      model: 'open',
      turn: [{ role: 'user', content: `question ${i}` }, { role: 'assistant', content: `answer ${i}` }],
      response: { id: `resp_${i}`, object: 'response', output: [] },
    });
  }
}

/** Everything a store holds, read through its public methods, in a collation-independent order. */
async function snapshot(store: SqlStore): Promise<unknown> {
  const runs = (await store.listRuns({ limit: 1000 })).sort((a, b) => a.id.localeCompare(b.id));
  const results = [];
  for (const run of runs) results.push(...(await store.listResults(run.id)).map(({ recordedAt: _, ...rest }) => rest));
  const cases = [];
  for (const run of runs) cases.push([run.id, [...(await store.readCaseMessages(run.id))]]);
  const cache = [];
  for (let i = 0; i < 10; i += 1) cache.push(await store.cacheGet(`cache-${i}`));
  return {
    runs,
    results: results.sort((a, b) => JSON.stringify([a.runId, a.caseId, a.modelRef, a.repeat]).localeCompare(JSON.stringify([b.runId, b.caseId, b.modelRef, b.repeat]))),
    cases,
    keys: (await store.listKeys({ includeRevoked: true })).sort((a, b) => a.id.localeCompare(b.id)),
    cache,
    logs: await store.queryRequestLogs({}, 1000),
    watch: [await store.readWatchState('nightly'), (await store.listWatchCrossings(1000)).sort((a, b) => a.id.localeCompare(b.id))],
    responses: await store.readResponseChain('resp_2', 10),
  };
}

const pairs: Array<[string, () => Promise<string>, () => Promise<string>, boolean]> = [
  ['sqlite → sqlite', sqliteUrl, sqliteUrl, true],
  ['sqlite → postgres', sqliteUrl, postgresUrl, server !== undefined],
  ['postgres → sqlite', postgresUrl, sqliteUrl, server !== undefined],
];

describe('store copy', () => {
  for (const [name, fromUrl, toUrl, available] of pairs) {
    it.skipIf(!available)(`${name}: copies every table in batches, idempotently`, async () => {
      const from = await open(await fromUrl());
      const to = await open(await toUrl());
      await populate(from);
      const expected = await snapshot(from);

      const first = await copyStore(from, to, { batchSize: 7 });
      expect(Object.fromEntries(first.tables.map((table) => [table.table, table.targetRows]))).toEqual({
        eval_runs: 2,
        eval_cases: 8,
        eval_results: 32,
        cache_entries: 10,
        virtual_keys: 2,
        budget_leases: 1,
        request_logs: 40,
        watch_states: 1,
        watch_crossings: 2,
        responses: 3,
      });
      expect(first.tables.every((table) => table.copied === table.targetRows)).toBe(true);
      expect(await snapshot(to)).toEqual(expected);

      const second = await copyStore(from, to, { batchSize: 7 });
      expect(second.tables).toEqual(first.tables);
      expect(await snapshot(to)).toEqual(expected);

      await from.finishRun('run-a', 'failed', emptyRunSummary({ thresholds: { passed: false, failures: ['late change'] } }));
      await from.appendRequestLogs([{ id: 'log-late', ts: '2025-05-01T00:00:00.000Z', status: 200 }]);
      await copyStore(from, to);
      expect(await snapshot(to)).toEqual(await snapshot(from));
      expect((await to.getRun('run-a'))?.status).toBe('failed');
    });
  }

  it('refuses to copy a store onto itself, and bad batch sizes', async () => {
    const url = await sqliteUrl();
    const store = await open(url);
    const same = await open(url);
    await expect(copyStore(store, same)).rejects.toThrow(ValidationError);
    await expect(copyStore(store, await open(await sqliteUrl()), { batchSize: 0 })).rejects.toThrow(ValidationError);
  });
});
