/**
 * The report's area lag for one benchmark, step by step as METHOD.md states it:
 * 1. the group whose last frontier point scores lower lags, the other leads;
 * 2. each frontier gets a first point at its own first date scored with the raw random-chance accuracy;
 * 3. truncation: walking the leading frontier from its end, take the first point scoring below the lagging
 *    frontier's last score; cut the lagging frontier just after its first point scoring above that point;
 *    keep the leading frontier's points up to that cut score and close it with a point at its last kept
 *    date and the cut score;
 * 4. integral = Σ (score step) × (later point's date in days since 1970-01-01 / 30);
 *    lag = (integral_open − integral_closed) / (open frontier's last score − first score).
 * Ties in step 1 (equal last scores) count the open frontier as lagging.
 */
import type { EpochAreaEntry, Epoch2024Benchmark, EpochPoint } from '../output/epoch-2024-output.js';
import { dayNumber } from '../dates.js';
import type { FrontierPoint } from '../frontier.js';

const AREA_DAYS_PER_MONTH = 30;

function integral(points: readonly EpochPoint[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const previous = points[i - 1] as EpochPoint;
    const current = points[i] as EpochPoint;
    total += (current.score - previous.score) * (dayNumber(current.date) / AREA_DAYS_PER_MONTH);
  }
  return total;
}

function withStart(frontier: ReadonlyArray<FrontierPoint<EpochPoint>>, randomAccuracy: number): EpochPoint[] {
  const first = frontier[0]?.ref;
  if (!first) return [];
  const start: EpochPoint = {
    system: 'Random chance',
    date: first.date,
    accuracy: randomAccuracy,
    score: randomAccuracy, // the raw value, not transformed
    source: 'benchmarks_with_model_accessibility.csv (Random chance row)',
  };
  return [start, ...frontier.map((point) => point.ref)];
}

export function epochAreaLag(
  benchmark: Epoch2024Benchmark,
  openFrontier: ReadonlyArray<FrontierPoint<EpochPoint>>,
  closedFrontier: ReadonlyArray<FrontierPoint<EpochPoint>>,
  randomAccuracy: number,
): EpochAreaEntry {
  const open = withStart(openFrontier, randomAccuracy);
  const closed = withStart(closedFrontier, randomAccuracy);
  const openLast = open[open.length - 1];
  const closedLast = closed[closed.length - 1];
  const empty = { cutScore: null, integralOpen: null, integralClosed: null, openRange: null, lagMonths: null };
  if (!openLast || !closedLast) {
    return { benchmark, leading: 'closed', ...empty, open, closed, note: 'a group has no frontier' };
  }
  const leading = openLast.score <= closedLast.score ? 'closed' : 'open';
  const lead = leading === 'closed' ? closed : open;
  const lag = leading === 'closed' ? open : closed;
  const lagLast = lag[lag.length - 1] as EpochPoint;

  let pivot: EpochPoint | undefined;
  for (let i = lead.length - 1; i >= 0; i--) {
    const point = lead[i] as EpochPoint;
    if (point.score < lagLast.score) {
      pivot = point;
      break;
    }
  }
  const cutIndex = pivot === undefined ? -1 : lag.findIndex((point) => point.score > (pivot as EpochPoint).score);
  if (pivot === undefined || cutIndex < 0) {
    return { benchmark, leading, ...empty, open, closed, note: 'no leading point below the lagging frontier’s last score' };
  }
  const lagKept = lag.slice(0, cutIndex + 1);
  const cutScore = (lagKept[lagKept.length - 1] as EpochPoint).score;
  const leadKept = lead.filter((point) => point.score <= cutScore);
  const lastKept = leadKept[leadKept.length - 1] as EpochPoint;
  leadKept.push({ ...lastKept, score: cutScore, source: `${lastKept.source} (closing point at the cut score)` });

  const openKept = leading === 'closed' ? lagKept : leadKept;
  const closedKept = leading === 'closed' ? leadKept : lagKept;
  const integralOpen = integral(openKept);
  const integralClosed = integral(closedKept);
  const openRange = (openKept[openKept.length - 1] as EpochPoint).score - (openKept[0] as EpochPoint).score;
  return {
    benchmark,
    leading,
    cutScore,
    integralOpen,
    integralClosed,
    openRange,
    lagMonths: (integralOpen - integralClosed) / openRange,
    open: openKept,
    closed: closedKept,
    note: null,
  };
}
