/**
 * Open-loop latency probe with microsecond resolution (autocannon's histograms round to whole milliseconds,
 * too coarse for a sub-millisecond budget): sends requests at a fixed rate whatever the answers do, and records
 * for each the time to response headers, to the first body byte, and to the end. Input: one JSON argument
 * `{url, headers, body, rate, durationMs}`; output: one JSON line of percentiles in milliseconds.
 */
import { Pool } from 'undici';

interface ProbeInput {
  url: string;
  headers: Record<string, string>;
  body: string;
  rate: number;
  durationMs: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as ProbeInput;
const url = new URL(input.url);
const pool = new Pool(url.origin, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
const firstByte: number[] = [];
const total: number[] = [];
let errors = 0;
let non2xx = 0;

async function one(): Promise<void> {
  const start = process.hrtime.bigint();
  try {
    const response = await pool.request({ path: url.pathname, method: 'POST', headers: input.headers, body: input.body });
    let first: bigint | undefined;
    for await (const _chunk of response.body) first ??= process.hrtime.bigint();
    const end = process.hrtime.bigint();
    if (response.statusCode >= 300) {
      non2xx++;
      return;
    }
    firstByte.push(Number((first ?? end) - start) / 1e6);
    total.push(Number(end - start) / 1e6);
  } catch {
    errors++;
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

// warm the pool first, then measure
await Promise.all(Array.from({ length: 50 }, one));
firstByte.length = 0;
total.length = 0;
errors = 0;
non2xx = 0;

const pending: Promise<void>[] = [];
const started = performance.now();
let sent = 0;
const target = Math.round((input.rate * input.durationMs) / 1000);
await new Promise<void>((resolve) => {
  const tick = (): void => {
    const due = Math.min(target, Math.floor(((performance.now() - started) * input.rate) / 1000));
    while (sent < due) {
      pending.push(one());
      sent++;
    }
    if (sent >= target) resolve();
    else setTimeout(tick, 1);
  };
  tick();
});
await Promise.all(pending);
await pool.close();
process.stdout.write(
  `${JSON.stringify({
    requests: sent,
    errors,
    non2xx,
    achievedRate: sent / ((performance.now() - started) / 1000),
    firstByte: { p50: percentile(firstByte, 50), p99: percentile(firstByte, 99) },
    total: { p50: percentile(total, 50), p99: percentile(total, 99) },
  })}\n`,
);
