import type { BenchmarkResult, Model, Price, PriceHistoryEntry, Source, Taxonomy } from '../catalog/index.js';

/**
 * What `computeTrack` reads from a catalog. The bundled catalog's loader returns a superset of this; tests
 * and the ECI reproduction build small ones by hand.
 */
export interface TrackCatalog {
  models: readonly Model[];
  results: readonly BenchmarkResult[];
  taxonomy: Taxonomy;
  prices?: readonly Price[];
  /** Price changes over time: a listing older than its model's newest change is not used. */
  priceHistory?: readonly PriceHistoryEntry[];
  sources?: readonly Source[];
}
