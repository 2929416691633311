/**
 * Open-loop latency probe with microsecond resolution (autocannon's histograms round to whole milliseconds,
 * too coarse for a sub-millisecond budget): sends requests at a fixed rate whatever the answers do, and records
 * for each the time to the first body byte and to the end. Several targets are probed interleaved, each at
 * `rate` (a request to each on every tick), so a baseline and a gateway see the same moments of machine noise
 * and their difference is the gateway's own cost. Input: one JSON argument `{targets: [{url, headers}], body,
 * rate, durationMs}`; output: one JSON line, an array of per-target percentiles in milliseconds.
 *
 * Added latency is reported two ways for every target after the first (the baseline): the difference of the
 * two percentiles (p99 of the target − p99 of the baseline), and the percentiles of the per-request difference
 * between the two requests sent on the same tick ("paired"). Noise that strikes both requests of a tick (the
 * probe's own pauses, the shared upstream, the machine) cancels in the paired figure; what the target's extra
 * hops cost, including their own scheduling delays, stays in it. The order of the targets alternates per tick.
 */
import { Pool } from 'undici';

interface ProbeInput {
  targets: Array<{ url: string; headers: Record<string, string> }>;
  body: string;
  rate: number;
  durationMs: number;
}

interface Samples {
  /** Per tick, NaN when the request failed or was not timed. */
  firstByte: Float64Array;
  total: Float64Array;
  errors: number;
  non2xx: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as ProbeInput;
const count = Math.round((input.rate * input.durationMs) / 1000);
const emptySamples = (): Samples => ({ firstByte: new Float64Array(count).fill(Number.NaN), total: new Float64Array(count).fill(Number.NaN), errors: 0, non2xx: 0 });
const targets = input.targets.map((target) => {
  const url = new URL(target.url);
  return {
    url,
    headers: target.headers,
    pool: new Pool(url.origin, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 }),
    samples: emptySamples(),
  };
});

/** One request; `tick` < 0 for warm-up requests, which are not recorded. */
async function one(target: (typeof targets)[number], tick: number): Promise<void> {
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
    if (tick < 0) return;
    target.samples.firstByte[tick] = Number((first ?? end) - start) / 1e6;
    target.samples.total[tick] = Number(end - start) / 1e6;
  } catch {
    target.samples.errors++;
  }
}

/** The p-th percentile of the finite values (NaN marks a missing sample); null when there are none. */
function percentile(values: Float64Array, p: number): number | null {
  const sorted = values.filter(Number.isFinite).sort();
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Per tick: the target's time minus the baseline's, where both requests of the tick succeeded. */
function pairedDifference(target: Float64Array, baseline: Float64Array): Float64Array {
  return target.map((value, tick) => value - (baseline[tick] ?? Number.NaN));
}

const quantiles = (values: Float64Array) => ({ p50: percentile(values, 50), p99: percentile(values, 99) });

// warm the pools (and the JIT) first, then measure
for (let round = 0; round < 4; round++) await Promise.all(targets.flatMap((target) => Array.from({ length: 50 }, () => one(target, -1))));
for (const target of targets) target.samples = emptySamples();

const pending: Promise<void>[] = [];
const started = performance.now();
let sent = 0;
await new Promise<void>((resolve) => {
  const tick = (): void => {
    const due = Math.min(count, Math.floor(((performance.now() - started) * input.rate) / 1000));
    while (sent < due) {
      const order = sent % 2 === 0 ? targets : targets.toReversed();
      for (const target of order) pending.push(one(target, sent));
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
    targets.map((target, index) => {
      const baseline = (targets[0] as (typeof targets)[number]).samples;
      return {
        requests: sent,
        errors: target.samples.errors,
        non2xx: target.samples.non2xx,
        achievedRate: sent / elapsed,
        firstByte: quantiles(target.samples.firstByte),
        total: quantiles(target.samples.total),
        ...(index === 0
          ? {}
          : {
              paired: {
                firstByte: quantiles(pairedDifference(target.samples.firstByte, baseline.firstByte)),
                total: quantiles(pairedDifference(target.samples.total, baseline.total)),
              },
            }),
      };
    }),
  )}\n`,
);
