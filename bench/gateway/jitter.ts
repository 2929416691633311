/**
 * The machine's own latency floor: a thread that never sleeps reads the clock in a loop and records every gap
 * longer than `thresholdMs` — time it was kept off the CPU by the scheduler or the hypervisor. No gateway can
 * add less at a high percentile than the machine takes away from the processes it depends on, so the bench
 * prints this next to its added-latency figures. Input: one JSON argument `{seconds, thresholdMs}`; output:
 * one JSON line `{seconds, gaps, lostShare, p50Ms, p99Ms, maxMs}` (p50/p99 over the gaps).
 */
const { seconds = 5, thresholdMs = 0.2 } = JSON.parse(process.argv[2] ?? '{}') as { seconds?: number; thresholdMs?: number };

const gaps: number[] = [];
const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
let last = process.hrtime.bigint();
for (;;) {
  const now = process.hrtime.bigint();
  const gapMs = Number(now - last) / 1e6;
  if (gapMs > thresholdMs) gaps.push(gapMs);
  last = now;
  if (now >= end) break;
}
gaps.sort((a, b) => a - b);
const at = (q: number): number | null => (gaps.length === 0 ? null : (gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))] as number));
const lostMs = gaps.reduce((sum, gap) => sum + gap, 0);
process.stdout.write(`${JSON.stringify({ seconds, thresholdMs, gaps: gaps.length, lostShare: lostMs / (seconds * 1000), p50Ms: at(0.5), p99Ms: at(0.99), maxMs: gaps.at(-1) ?? null })}\n`);
