/**
 * Open-loop latency probe with microsecond resolution (autocannon's histograms round to whole milliseconds,
 * too coarse for a sub-millisecond budget): sends requests at a fixed rate whatever the answers do, and records
 * for each the time to the first body byte and to the end. Several targets are probed interleaved, each at
 * `rate` (a request to each on every tick), so a baseline and a gateway see the same moments of machine noise
 * and their difference is the gateway's own cost. Input: one JSON argument `{targets: [{url, headers}], body,
 * rate, durationMs}`; output: one JSON line, an array of per-target percentiles in milliseconds.
 */
import { Pool } from 'undici';

interface ProbeInput {
  targets: Array<{ url: string; headers: Record<string, string> }>;
  body: string;
  rate: number;
  durationMs: number;
}

interface Samples {
  firstByte: number[];
  total: number[];
  errors: number;
  non2xx: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as ProbeInput;
const targets = input.targets.map((target) => {
  const url = new URL(target.url);
  return {
    url,
    headers: target.headers,
    pool: new Pool(url.origin, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 }),
    samples: { firstByte: [], total: [], errors: 0, non2xx: 0 } as Samples,
  };
});

async function one(target: (typeof targets)[number]): Promise<void> {
  const start = process.hrtime.bigint();
  try {
    const response = await target.pool.request({ path: target.url.pathname, method: 'POST', headers: target.headers, body: input.body });
    let first: bigint | undefined;
    for await (const _chunk of response.body) first ??= process.hrtime.bigint();
    const end = process.hrtime.bigint();
    if (response.statusCode >= 300) {
      target.samples.non2xx++;
      return;
    }
    target.samples.firstByte.push(Number((first ?? end) - start) / 1e6);
    target.samples.total.push(Number(end - start) / 1e6);
  } catch {
    target.samples.errors++;
  }
}

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

// warm the pools (and the JIT) first, then measure
for (let round = 0; round < 4; round++) await Promise.all(targets.flatMap((target) => Array.from({ length: 50 }, () => one(target))));
for (const target of targets) target.samples = { firstByte: [], total: [], errors: 0, non2xx: 0 };

const pending: Promise<void>[] = [];
const started = performance.now();
let sent = 0;
const count = Math.round((input.rate * input.durationMs) / 1000);
await new Promise<void>((resolve) => {
  const tick = (): void => {
    const due = Math.min(count, Math.floor(((performance.now() - started) * input.rate) / 1000));
    while (sent < due) {
      for (const target of targets) pending.push(one(target));
      sent++;
    }
    if (sent >= count) resolve();
    else setTimeout(tick, 1);
  };
  tick();
});
const elapsed = (performance.now() - started) / 1000;
await Promise.all(pending);
await Promise.all(targets.map((target) => target.pool.close()));
process.stdout.write(
  `${JSON.stringify(
    targets.map((target) => ({
      requests: sent,
      errors: target.samples.errors,
      non2xx: target.samples.non2xx,
      achievedRate: sent / elapsed,
      firstByte: { p50: percentile(target.samples.firstByte, 50), p99: percentile(target.samples.firstByte, 99) },
      total: { p50: percentile(target.samples.total, 50), p99: percentile(target.samples.total, 99) },
    })),
  )}\n`,
);
