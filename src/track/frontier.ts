/**
 * Running-maximum frontiers: the best score reached so far, as a step function of time. Both the generic
 * track methods and the Epoch reproduction build them the same way.
 */

/** One scored model on one benchmark at one date. `ref` carries whatever names the point's origin. */
export interface Observation<Ref> {
  day: number;
  score: number;
  ref: Ref;
}

/** A point where the frontier rises: dates and scores both strictly increase along a frontier. */
export type FrontierPoint<Ref> = Observation<Ref>;

/**
 * Rows sorted by date (ties keep their input order); walk them keeping a running maximum; a row that
 * raises the maximum is a frontier point; when it has the same date as the previous frontier point, it
 * replaces that point.
 */
export function runningMaxFrontier<Ref>(observations: ReadonlyArray<Observation<Ref>>): Array<FrontierPoint<Ref>> {
  const sorted = observations
    .map((observation, index) => ({ observation, index }))
    .sort((a, b) => a.observation.day - b.observation.day || a.index - b.index)
    .map((entry) => entry.observation);
  const frontier: Array<FrontierPoint<Ref>> = [];
  let best = Number.NEGATIVE_INFINITY;
  for (const observation of sorted) {
    if (!(observation.score > best)) continue;
    best = observation.score;
    const previous = frontier[frontier.length - 1];
    if (previous && previous.day === observation.day) frontier[frontier.length - 1] = observation;
    else frontier.push(observation);
  }
  return frontier;
}

/** The first frontier point scoring at least `level`, or undefined when the frontier never gets there. */
export function firstReaching<Ref>(frontier: ReadonlyArray<FrontierPoint<Ref>>, level: number): FrontierPoint<Ref> | undefined {
  let low = 0;
  let high = frontier.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((frontier[middle] as FrontierPoint<Ref>).score >= level) high = middle;
    else low = middle + 1;
  }
  return frontier[low];
}

/** The frontier point in force on `day` (the last one dated on or before it), or undefined before the first. */
export function standingOn<Ref>(frontier: ReadonlyArray<FrontierPoint<Ref>>, day: number): FrontierPoint<Ref> | undefined {
  let low = 0;
  let high = frontier.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((frontier[middle] as FrontierPoint<Ref>).day <= day) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? undefined : frontier[low - 1];
}
