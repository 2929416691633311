import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import type { RequestLogInput } from '../../src/store/index.js';
import type { SuiteContext } from './store-suite.js';

/** Nearest-rank percentile, written out independently of the store's SQL. */
function nearestRank(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null;
}

function at(minute: number): string {
  return new Date(Date.UTC(2025, 5, 1, 12, minute)).toISOString();
}

export function defineCacheAndLogTests(context: SuiteContext): void {
  describe('response cache', () => {
    it('stores, overwrites, deletes and misses', async () => {
      const { store } = await context.fresh();
      expect(await store.cacheGet('k')).toBeUndefined();
      await store.cacheSet('k', { text: 'hello', usage: { input: 3 } });
      expect(await store.cacheGet('k')).toEqual({ text: 'hello', usage: { input: 3 } });
      await store.cacheSet('k', ['replaced']);
      expect(await store.cacheGet('k')).toEqual(['replaced']);
      await store.cacheSet('null-value', null);
      expect(await store.cacheGet('null-value')).toBeNull();
      expect(await store.cacheDelete('k')).toBe(true);
      expect(await store.cacheDelete('k')).toBe(false);
      expect(await store.cacheGet('k')).toBeUndefined();
    });

    it('expires entries after their time to live and purges them', async () => {
      const { store } = await context.fresh();
      await store.cacheSet('short', 'soon gone', 1);
      await store.cacheSet('long', 'stays', 3_600_000);
      await store.cacheSet('forever', 'stays too');
      await sleep(20);
      expect(await store.cacheGet('short')).toBeUndefined();
      expect(await store.cachePurgeExpired()).toBe(1);
      expect(await store.cacheGet('long')).toBe('stays');
      expect(await store.cacheGet('forever')).toBe('stays too');
      await expect(store.cacheSet('bad', 1, -5)).rejects.toThrow(ValidationError);
      await expect(store.cacheSet('bad', 10n)).rejects.toThrow(ValidationError);
    });
  });

  describe('request log', () => {
    it('appends in batches, skips ids it already holds, and reads back newest first', async () => {
      const { store } = await context.fresh();
      const entries: RequestLogInput[] = Array.from({ length: 1203 }, (_, index) => ({
        id: `req-${index}`,
        ts: new Date(Date.UTC(2025, 5, 1) + index * 1000).toISOString(),
        keyId: index % 3 === 0 ? 'key-a' : 'key-b',
        routeDecision: index % 2 === 0 ? 'open' : 'frontier',
        routeReason: 'policy',
        upstream: index % 2 === 0 ? 'ollama' : 'openai',
        model: index % 2 === 0 ? 'qwen2.5:7b' : 'gpt-4o',
        status: index % 10 === 0 ? 502 : 200,
        inputTokens: 10,
        outputTokens: 5,
        costUsd: 0.001,
        latencyMs: index,
        ttftMs: index / 2,
        error: index % 10 === 0 ? 'upstream failed' : null,
      }));
      expect(await store.appendRequestLogs(entries)).toBe(1203);
      expect(await store.appendRequestLogs(entries.slice(0, 10))).toBe(0);
      const newest = await store.queryRequestLogs({}, 3);
      expect(newest.map((entry) => entry.id)).toEqual(['req-1202', 'req-1201', 'req-1200']);
      expect(newest[0]).toMatchObject({ ...entries[1202], requestBody: null, responseBody: null });
      const errors = await store.queryRequestLogs({ errorsOnly: true, keyId: 'key-a' }, 10_000);
      const expectedErrors = entries.filter((entry) => entry.status >= 400 && entry.keyId === 'key-a');
      expect(errors.map((entry) => entry.id).sort()).toEqual(expectedErrors.map((entry) => entry.id).sort());
      const window = await store.queryRequestLogs(
        { since: entries[100]?.ts, until: entries[110]?.ts, upstream: 'openai' },
        1000,
      );
      expect(window.map((entry) => entry.id)).toEqual(['req-109', 'req-107', 'req-105', 'req-103', 'req-101']);
    });

    it('stores every field in its own column, in batches of every chunk size', async () => {
      const { store } = await context.fresh();
      // 1 + 2 + 4 + … + 256 + 256: every size of insert statement once, each field distinct per row
      const entries: RequestLogInput[] = Array.from({ length: 767 }, (_, index) => ({
        id: `row-${index}`,
        ts: new Date(Date.UTC(2025, 5, 1) + index * 1000).toISOString(),
        keyId: `key-${index}`,
        routeDecision: `decision-${index}`,
        routeReason: `reason-${index}`,
        upstream: `upstream-${index}`,
        model: `model-${index}`,
        status: 200 + (index % 300),
        inputTokens: index * 3,
        outputTokens: index * 5,
        costUsd: index / 7,
        latencyMs: index + 0.25,
        ttftMs: index / 4,
        requestBody: `request ${index}`,
        responseBody: `response ${index}`,
        error: `error ${index}`,
        calls: [{ role: 'answer', step: 1, upstream: `u${index}`, model: null, inputTokens: index, outputTokens: null, costUsd: null, latencyMs: index, outcome: 'ok' }],
        privacy: { action: 'pin', kinds: { email: index }, pinnedTo: `route-${index}` },
      }));
      expect(await store.appendRequestLogs(entries)).toBe(entries.length);
      const stored = await store.queryRequestLogs({}, 10_000);
      expect(stored).toHaveLength(entries.length);
      const byId = new Map(stored.map((entry) => [entry.id, entry]));
      for (const entry of entries) expect(byId.get(entry.id)).toEqual(entry);
    });

    it('keeps prompt and response bodies when given', async () => {
      const { store } = await context.fresh();
      const body = JSON.stringify({ messages: [{ role: 'user', content: 'héllo\nworld' }] });
      await store.appendRequestLogs([{ id: 'r1', ts: at(0), status: 200, requestBody: body, responseBody: '{"ok":1}' }]);
      const [entry] = await store.queryRequestLogs({ status: 200 });
      expect(entry).toMatchObject({ requestBody: body, responseBody: '{"ok":1}' });
    });

    it('refuses a batch with one bad entry and writes none of it', async () => {
      const { store } = await context.fresh();
      await store.appendRequestLogs([{ id: 'before', ts: at(0), status: 200 }]);
      await expect(
        store.appendRequestLogs([
          { id: 'ok', ts: at(1), status: 200 },
          { id: 'bad', ts: 'not a time', status: 200 },
        ]),
      ).rejects.toThrow(ValidationError);
      expect((await store.queryRequestLogs()).map((entry) => entry.id)).toEqual(['before']);
    });

    it('summarises requests, errors, spend and latency in total, per key and per upstream', async () => {
      const { store } = await context.fresh();
      const entries: RequestLogInput[] = [];
      for (let i = 1; i <= 100; i += 1) {
        entries.push({ id: `a${i}`, ts: at(1), keyId: 'alpha', upstream: 'ollama', status: 200, latencyMs: i, ttftMs: i / 10, costUsd: 0.01, inputTokens: 100, outputTokens: 10 });
      }
      entries.push({ id: 'b1', ts: at(2), keyId: 'beta', upstream: 'openai', status: 200, latencyMs: 20, costUsd: 0.5, inputTokens: 7, outputTokens: 1 });
      entries.push({ id: 'b2', ts: at(3), keyId: 'beta', upstream: 'openai', status: 429, latencyMs: 10, error: 'rate limited' });
      entries.push({ id: 'b3', ts: at(4), keyId: 'beta', upstream: 'openai', status: 200, error: 'stream cut' });
      entries.push({ id: 'n1', ts: at(5), keyId: null, upstream: null, status: 401 });
      entries.push({ id: 'old', ts: '2024-01-01T00:00:00.000Z', keyId: 'alpha', upstream: 'ollama', status: 200, latencyMs: 5000 });
      await store.appendRequestLogs(entries);

      const summary = await store.summarizeRequestLogs({ since: at(0) });
      const inWindow = entries.filter((entry) => entry.id !== 'old');
      const latencies = (rows: RequestLogInput[]) => rows.flatMap((row) => (row.latencyMs == null ? [] : [row.latencyMs]));
      expect(summary.total.requests).toBe(inWindow.length);
      expect(summary.total.errors).toBe(3);
      expect(summary.total.costUsd).toBeCloseTo(100 * 0.01 + 0.5, 9);
      expect(summary.total.inputTokens).toBe(100 * 100 + 7);
      expect(summary.total.latencyMsP50).toBe(nearestRank(latencies(inWindow), 0.5));
      expect(summary.total.latencyMsP95).toBe(nearestRank(latencies(inWindow), 0.95));

      const alpha = summary.byKey.find((row) => row.keyId === 'alpha');
      const alphaRows = inWindow.filter((entry) => entry.keyId === 'alpha');
      expect(alpha).toMatchObject({ requests: 100, errors: 0, latencyMsP50: 50, latencyMsP95: 95 });
      expect(alpha?.ttftMsP50).toBe(nearestRank(alphaRows.map((row) => row.ttftMs ?? 0), 0.5));
      expect(alpha?.latencyMsMean).toBeCloseTo(50.5, 9);
      const beta = summary.byKey.find((row) => row.keyId === 'beta');
      expect(beta).toMatchObject({ requests: 3, errors: 2, latencyMsP50: 10, latencyMsP95: 20, ttftMsP50: null });
      expect(summary.byKey.find((row) => row.keyId === null)).toMatchObject({ requests: 1, errors: 1, latencyMsP50: null });
      expect(summary.byUpstream.map((row) => row.upstream).sort()).toEqual(['ollama', 'openai', null].sort());

      const everything = await store.summarizeRequestLogs();
      expect(everything.total.requests).toBe(entries.length);
      expect(everything.total.latencyMsP95).toBe(nearestRank(latencies(entries), 0.95));
    });

    it('summarises an empty log as zeros', async () => {
      const { store } = await context.fresh();
      const summary = await store.summarizeRequestLogs();
      expect(summary).toEqual({
        total: expect.objectContaining({ requests: 0, errors: 0, costUsd: 0, latencyMsP50: null }),
        byKey: [],
        byUpstream: [],
      });
    });
  });
}
