/** The write workloads the store bench times: what the gateway and the eval runner really do. */
import { randomUUID } from 'node:crypto';
import type { CaseResult } from '../../src/eval/records/case-result.js';
import type { RequestLogInput, Store } from '../../src/store/index.js';

export interface Workload {
  readonly name: string;
  /** What one operation is, for the table's unit column. */
  readonly unit: string;
  /** Items written per run at scale 1. */
  readonly items: number;
  /** Writes `items` items; returns how many were written. */
  run(store: Store, items: number): Promise<number>;
}

function logEntry(index: number): RequestLogInput {
  return {
    id: randomUUID(),
    ts: new Date(Date.UTC(2025, 0, 1) + index).toISOString(),
    keyId: `key-${index % 20}`,
    routeDecision: index % 3 === 0 ? 'frontier' : 'open',
    routeReason: 'learned policy p=0.82',
    upstream: index % 3 === 0 ? 'openai' : 'ollama',
    model: index % 3 === 0 ? 'gpt-4o' : 'qwen2.5:7b',
    status: index % 50 === 0 ? 502 : 200,
    inputTokens: 350 + (index % 100),
    outputTokens: 120,
    costUsd: 0.00042,
    latencyMs: 180 + (index % 40),
    ttftMs: 35,
    error: index % 50 === 0 ? 'upstream 502' : null,
  };
}

function evalResult(runId: string, index: number): CaseResult {
  return {
    runId,
    caseId: `case-${index}`,
    modelRef: index % 2 === 0 ? 'openai/gpt-4o' : 'ollama/qwen2.5:7b',
    repeat: 0,
    output: 'The answer is 42 because the question asks for the product of 6 and 7.',
    toolCalls: [],
    pass: index % 4 !== 0,
    score: index % 4 === 0 ? 0 : 1,
    reason: 'numeric answer matched',
    graderDetails: { expected: '42', extracted: '42' },
    inputTokens: 210,
    outputTokens: 24,
    costUsd: 0.0003,
    spentUsd: 0.0003,
    latencyMs: 640,
    cached: false,
    error: null,
  };
}

async function inBatches<T>(items: number, batchSize: number, make: (index: number) => T, write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items; start += batchSize) {
    const batch: T[] = [];
    for (let index = start; index < Math.min(items, start + batchSize); index += 1) batch.push(make(index));
    await write(batch);
  }
}

/** `concurrency` writers pulling from one counter, like the eval runner's workers. */
async function concurrently(items: number, concurrency: number, write: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items) {
        const index = next;
        next += 1;
        await write(index);
      }
    }),
  );
}

export const WORKLOADS: readonly Workload[] = [
  {
    name: 'request log, batches of 200 (gateway flush)',
    unit: 'entries/s',
    items: 20_000,
    async run(store, items) {
      await inBatches(items, 200, logEntry, (batch) => store.appendRequestLogs(batch));
      return items;
    },
  },
  {
    name: 'request log, one entry per write',
    unit: 'entries/s',
    items: 2_000,
    async run(store, items) {
      await concurrently(items, 8, (index) => store.appendRequestLogs([logEntry(index)]));
      return items;
    },
  },
  {
    name: 'eval results, one per write, 8 concurrent (runner)',
    unit: 'results/s',
    items: 3_000,
    async run(store, items) {
      const runId = randomUUID();
      await store.createRun({ id: runId, suiteName: 'bench', suiteHash: 'h', config: {} });
      await concurrently(items, 8, (index) => store.recordResult(evalResult(runId, index)));
      return items;
    },
  },
  {
    name: 'eval results, batches of 200 (workers)',
    unit: 'results/s',
    items: 20_000,
    async run(store, items) {
      const runId = randomUUID();
      await store.createRun({ id: runId, suiteName: 'bench', suiteHash: 'h', config: {} });
      await inBatches(items, 200, (index) => evalResult(runId, index), (batch) => store.recordResults(batch));
      return items;
    },
  },
];
