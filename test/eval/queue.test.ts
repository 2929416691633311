/**
 * The distributed eval's library parts, in one process over a real Redis and a real store (a SQLite file, which
 * workers on one machine may share): the queued runner in `executePlan`, in-process workers, resume, a worker
 * that cannot plan, a budget stop. The multi-process SIGKILL test is worker-kill.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ParityError } from '../../src/errors.js';
import { executePlan, planSuite, type EvalPlan } from '../../src/eval/evaluate.js';
import {
  checkSharedStore,
  openEvalQueue,
  parseRunSpec,
  planFromSpec,
  startEvalWorker,
  suiteRunSpec,
  type EvalQueue,
  type EvalWorker,
  type WorkerEvent,
} from '../../src/eval/queue/index.js';
import type { EvalEvent } from '../../src/eval/runner/events.js';
import { loadSuite, type LoadedSuite } from '../../src/eval/suite/load.js';
import { openStore, type Store } from '../../src/store/index.js';
import { reply, startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { startRedis } from '../helpers/redis.js';

const redis = await startRedis();

/** Answers "Say n" with "n", except that n = 3 is answered wrongly; counts the calls per prompt. */
async function echoUpstream(delayMs: number): Promise<{ upstream: FakeUpstream; seen: Map<string, number> }> {
  const seen = new Map<string, number>();
  const upstream = await startFakeUpstream();
  upstream.on(
    'POST /v1/chat/completions',
    reply.handler(async (request, response) => {
      const prompt = (request.json as { messages: Array<{ content: string }> }).messages.at(-1)!.content;
      seen.set(prompt, (seen.get(prompt) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const n = prompt.replace('Say ', '');
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: 'chatcmpl-1',
          object: 'chat.completion',
          created: 0,
          model: 'echo',
          choices: [{ index: 0, message: { role: 'assistant', content: n === '3' ? 'three' : n }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1000, completion_tokens: 1000, total_tokens: 2000 },
        }),
      );
    }),
  );
  return { upstream, seen };
}

describe.skipIf(redis === undefined)('distributed eval over a real Redis, in one process', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof echoUpstream>>;
  let store: Store;
  let loaded: LoadedSuite;
  let plan: EvalPlan;
  let queueNumber = 0;
  const opened: Array<EvalQueue | EvalWorker> = [];

  const CASES = 24;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-queue-lib-'));
    server = await echoUpstream(20);
    const cases = Array.from({ length: CASES }, (_, i) => JSON.stringify({ id: `c${i}`, n: String(i), expected: String(i) })).join('\n');
    writeFileSync(path.join(dir, 'cases.jsonl'), `${cases}\n`);
    writeFileSync(
      path.join(dir, 'suite.yaml'),
      `name: queue-lib
providers:
  - ref: openai-compatible/echo
    baseURL: ${server.upstream.url}/v1
    price: { inputPerMtok: 1, outputPerMtok: 1 }
prompt: "Say {{n}}"
cases: { file: cases.jsonl }
graders:
  - type: equals
`,
    );
    store = await openStore({ url: path.join(dir, 'parity.db') });
    loaded = loadSuite(path.join(dir, 'suite.yaml'));
    plan = planSuite(loaded);
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((handle) => handle.close()));
    server.seen.clear();
  });

  afterAll(async () => {
    await store?.close();
    await server?.upstream.close();
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh queue name per test, under the helper's prefix, so tests sharing a Redis stay apart. */
  const freshQueueName = () => `${redis!.keyPrefix.replace(/[^A-Za-z0-9_.-]/g, '-')}q${++queueNumber}`;

  async function openQueue(queueName: string): Promise<EvalQueue> {
    const queue = await openEvalQueue({ redisUrl: redis!.url, queueName });
    opened.push(queue);
    return queue;
  }

  async function startWorker(queueName: string, events: WorkerEvent[] = [], extra: Partial<Parameters<typeof startEvalWorker>[0]> = {}): Promise<EvalWorker> {
    const worker = await startEvalWorker({ redisUrl: redis!.url, queueName, store, concurrency: 3, onEvent: (event) => events.push(event), ...extra });
    opened.push(worker);
    return worker;
  }

  it('runs a suite on workers and summarises it like a local run', async () => {
    const queueName = freshQueueName();
    const queue = await openQueue(queueName);
    const events: WorkerEvent[] = [];
    await startWorker(queueName, events);
    await startWorker(queueName, events);
    const seenEvents: EvalEvent[] = [];
    const report = await executePlan(plan, {
      store,
      useCache: false,
      onEvent: (event) => seenEvents.push(event),
      runner: queue.runner(suiteRunSpec(loaded, plan.hash, false), { store, pollIntervalMs: 50 }),
    });
    expect(report.outcome).toMatchObject({ status: 'completed', done: CASES, total: CASES, skipped: 0, failures: 1 });
    expect(report.summary.models[0]).toMatchObject({ passes: CASES - 1, attempts: CASES });
    // cost: 1000 input + 1000 output tokens at $1/Mtok each, per case
    expect(report.spend).toMatchObject({ capUsd: null });
    expect(report.spend?.runUsd).toBeCloseTo(CASES * 0.002, 10);
    expect(report.spend?.invocationUsd).toBeCloseTo(CASES * 0.002, 10);
    expect((await store.getRun(report.runId))?.status).toBe('completed');
    expect([...server.seen.values()].every((count) => count === 1)).toBe(true);
    expect(server.seen.size).toBe(CASES);
    // progress came as the local runner's events: one result per case, done counting up to the total
    expect(seenEvents.filter((event) => event.type === 'result')).toHaveLength(CASES);
    expect(seenEvents.at(-1)).toMatchObject({ type: 'finish', status: 'completed', done: CASES });
    expect(events.filter((event) => event.type === 'done')).toHaveLength(CASES);
    expect(events.filter((event) => event.type === 'planned').length).toBeLessThanOrEqual(2); // once per worker
  });

  it('closes a worker gracefully: the jobs it holds are finished and recorded, none is left to redo', async () => {
    const queueName = freshQueueName();
    const queue = await openQueue(queueName);
    const first = await startWorker(queueName, [], { concurrency: 3 });
    let runId = '';
    const running = executePlan(plan, {
      store,
      useCache: false,
      onEvent: (event) => {
        if (event.type === 'start') runId = event.runId;
      },
      runner: queue.runner(suiteRunSpec(loaded, plan.hash, false), { store, pollIntervalMs: 20 }),
    });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (server.seen.size >= 5) {
          clearInterval(timer);
          resolve();
        }
      }, 2);
    });
    await first.close();
    // every call the closed worker made has its result stored
    const calledBeforeClose = server.seen.size;
    expect((await store.listResults(runId)).length).toBe(calledBeforeClose);
    expect(calledBeforeClose).toBeLessThan(CASES);
    await startWorker(queueName);
    const report = await running;
    expect(report.outcome).toMatchObject({ status: 'completed', done: CASES });
    expect([...server.seen.values()].every((count) => count === 1)).toBe(true);
    expect(server.seen.size).toBe(CASES);
  });

  it('resumes an interrupted run: only the missing items are queued and called', async () => {
    const queueName = freshQueueName();
    const queue = await openQueue(queueName);
    const controller = new AbortController();
    let results = 0;
    const events: WorkerEvent[] = [];
    await startWorker(queueName, events);
    const first = await executePlan(plan, {
      store,
      useCache: false,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'result' && ++results === 6) controller.abort();
      },
      runner: queue.runner(suiteRunSpec(loaded, plan.hash, false), { store, pollIntervalMs: 20 }),
    });
    expect(first.outcome.status).toBe('aborted');
    expect((await store.getRun(first.runId))?.status).toBe('running');
    // resumed at once: jobs the worker held at the abort may still be running, and are not queued twice

    const resumed = await executePlan(plan, {
      store,
      useCache: false,
      resume: first.runId,
      runner: queue.runner(suiteRunSpec(loaded, plan.hash, false), { store, pollIntervalMs: 20 }),
    });
    expect(resumed.runId).toBe(first.runId);
    expect(resumed.outcome).toMatchObject({ status: 'completed', done: CASES });
    expect(resumed.outcome.skipped).toBeGreaterThanOrEqual(6);
    expect(resumed.outcome.skipped).toBeLessThan(CASES);
    expect(await store.listResults(first.runId)).toHaveLength(CASES);
    // over both submissions, every case reached the model exactly once
    expect(server.seen.size).toBe(CASES);
    expect([...server.seen.entries()].filter(([, count]) => count !== 1)).toEqual([]);
  });

  it('does not redo a job whose worker died after recording it but before finishing it', async () => {
    const queueName = freshQueueName();
    const queue = await openQueue(queueName);
    const one = path.join(dir, 'one.yaml');
    writeFileSync(one, `name: one
providers:
  - ref: openai-compatible/echo
    baseURL: ${server.upstream.url}/v1
prompt: "Say {{n}}"
cases: [{ id: only, vars: { n: "7" }, expected: "7" }]
graders: [{ type: equals }]
`);
    const oneLoaded = loadSuite(one);
    const onePlan = planSuite(oneLoaded);
    // worker A records the result, then never returns: as if it died right after the write
    let recorded = () => {};
    const wasRecorded = new Promise<void>((resolve) => {
      recorded = resolve;
    });
    const dying: Store = Object.create(store, {
      recordResult: {
        value: async (result: Parameters<Store['recordResult']>[0]) => {
          await store.recordResult(result);
          recorded();
          await new Promise(() => {});
        },
      },
    }) as Store;
    const workerA = await startEvalWorker({ redisUrl: redis!.url, queueName, store: dying, concurrency: 1, lockDurationMs: 1_000 });
    const running = executePlan(onePlan, { store, useCache: false, runner: queue.runner(suiteRunSpec(oneLoaded, onePlan.hash, false), { store, pollIntervalMs: 50 }) });
    await wasRecorded;
    await workerA.close({ force: true }); // stops renewing its lock: the job stalls and is handed on
    const events: WorkerEvent[] = [];
    await startWorker(queueName, events, { lockDurationMs: 1_000 });
    const report = await running;
    expect(report.outcome).toMatchObject({ status: 'completed', done: 1, total: 1 });
    // worker B takes the stalled job over once A's lock has expired
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (events.some((event) => event.type === 'skipped' || event.type === 'done')) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
    });
    expect(events.filter((event) => event.type === 'done')).toEqual([]);
    expect(events.find((event) => event.type === 'skipped')).toMatchObject({ caseId: 'only', reason: expect.stringMatching(/already recorded/) });
    expect(server.seen.get('Say 7')).toBe(1);
  });

  it('fails the run with the worker\'s own error when no worker can plan it', async () => {
    const queueName = freshQueueName();
    const queue = await openQueue(queueName);
    const keyed = path.join(dir, 'keyed.yaml');
    writeFileSync(keyed, `name: keyed
providers:
  - ref: openai-compatible/echo
    baseURL: ${server.upstream.url}/v1
    apiKeyEnv: PARITY_TEST_QUEUE_KEY
prompt: "Say {{n}}"
cases: [{ id: a, vars: { n: "1" }, expected: "1" }]
graders: [{ type: equals }]
`);
    const keyedLoaded = loadSuite(keyed);
    const keyedPlan = planSuite(keyedLoaded, { resolve: { env: { PARITY_TEST_QUEUE_KEY: 'sk-test' } } });
    // this worker's environment lacks the key the suite names
    await startWorker(queueName, [], { targetOptions: { resolve: { env: {} } } });
    const failure = await executePlan(keyedPlan, {
      store,
      runner: queue.runner(suiteRunSpec(keyedLoaded, keyedPlan.hash, false), { store, pollIntervalMs: 50, attempts: 1 }),
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ParityError);
    expect((failure as ParityError).code).toBe('config');
    expect((failure as ParityError).message).toMatch(/a worker failed case "a" of openai-compatible\/echo .*PARITY_TEST_QUEUE_KEY/);
    expect(server.seen.size).toBe(0);
  });

  it('refuses to work for a run its store does not hold (a worker given another --db)', async () => {
    const queueName = freshQueueName();
    const queue = await openQueue(queueName);
    const elsewhere = await openStore({ url: path.join(dir, 'elsewhere.db') });
    try {
      await startWorker(queueName, [], { store: elsewhere });
      const failure = await executePlan(plan, {
        store,
        useCache: false,
        runner: queue.runner(suiteRunSpec(loaded, plan.hash, false), { store, pollIntervalMs: 50, attempts: 1 }),
      }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ParityError);
      expect((failure as ParityError).code).toBe('config');
      expect((failure as ParityError).message).toMatch(/is not in this worker's store \(.*elsewhere\.db\); give the worker the submitting CLI's --db/);
      expect(server.seen.size).toBe(0);
      expect(await elsewhere.listRuns()).toEqual([]);
    } finally {
      await Promise.all(opened.splice(0).map((handle) => handle.close()));
      await elsewhere.close();
    }
  });

  it('stops at the budget and takes the rest of the run off the queue', async () => {
    const queueName = freshQueueName();
    const queue = await openQueue(queueName);
    await startWorker(queueName, [], { concurrency: 1 });
    const report = await executePlan(plan, {
      store,
      useCache: false,
      maxCostUsd: 0.005, // three cases' worth
      runner: queue.runner(suiteRunSpec(loaded, plan.hash, false), { store, pollIntervalMs: 20 }),
    });
    expect(report.outcome.status).toBe('stopped-budget');
    expect(report.outcome.done).toBeLessThan(CASES);
    expect((await store.getRun(report.runId))?.status).toBe('stopped-budget');
    const inspect = new Queue(queueName, { connection: { url: redis!.url }, prefix: 'parity' });
    const counts = await inspect.getJobCounts('waiting', 'delayed', 'active');
    await inspect.close();
    expect(counts).toEqual({ waiting: 0, delayed: 0, active: 0 });
    // nothing ran after the stop was settled: the store holds exactly what the report counted
    expect(await store.listResults(report.runId)).toHaveLength(report.outcome.done);
  });

  it('rebuilds the plan from the spec, and refuses a spec whose plan differs', async () => {
    const spec = parseRunSpec(JSON.stringify(suiteRunSpec(loaded, plan.hash, true)), 'r1');
    const rebuilt = await planFromSpec(spec, 'r1', {});
    expect(rebuilt.hash).toBe(plan.hash);
    expect(Array.from(rebuilt.cases, (testCase) => testCase.id)).toEqual(Array.from(plan.cases, (testCase) => testCase.id));
    await expect(planFromSpec({ ...spec, hash: 'something-else' }, 'r1', {})).rejects.toBeInstanceOf(ConfigError);
    expect(() => parseRunSpec('{"kind":"suite"}', 'r1')).toThrow(ConfigError);
    expect(() => parseRunSpec('not json', 'r1')).toThrow(ConfigError);
  });

  it('fails fast with a clear error when Redis does not answer', async () => {
    const closed = new URL(redis!.url);
    closed.port = '1';
    await expect(openEvalQueue({ redisUrl: closed.toString() })).rejects.toThrow(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
    await expect(startEvalWorker({ redisUrl: closed.toString(), store })).rejects.toBeInstanceOf(ConfigError);
  });

  it('wants a store every worker can reach', () => {
    expect(() => checkSharedStore(undefined)).toThrow(/postgres:\/\/.*SQLite file works only when all workers run on this machine/);
    expect(() => checkSharedStore('sqlite::memory:')).toThrow(ConfigError);
    expect(checkSharedStore('postgres://parity@db.internal/parity').kind).toBe('postgres');
    expect(checkSharedStore(path.join(dir, 'shared.db')).kind).toBe('sqlite');
  });
});
