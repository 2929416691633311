/**
 * `computeTrack` over the whole catalog takes about a second, so reports are kept per set of options (a
 * small least-recently-used cache; the catalog does not change while the server runs). Options are resolved
 * (defaults filled in, validated) before they become a key, so spelling a default out hits the same entry.
 */
import type { TrackCatalog } from '../track/index.js';
import { computeTrack, resolveTrackOptions } from '../track/index.js';
import type { TrackOptions } from '../track/index.js';
import type { TrackReport } from '../track/index.js';

export interface TrackCache {
  get(options: TrackOptions): TrackReport;
}

export function createTrackCache(catalog: () => TrackCatalog, capacity = 24): TrackCache {
  const entries = new Map<string, TrackReport>();
  return {
    get(options) {
      const resolved = resolveTrackOptions(options);
      const key = JSON.stringify(resolved);
      const hit = entries.get(key);
      if (hit !== undefined) {
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const report = computeTrack(catalog(), resolved);
      entries.set(key, report);
      while (entries.size > capacity) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      return report;
    },
  };
}
