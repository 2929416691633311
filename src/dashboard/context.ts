/** What every dashboard API handler is given. */
import type { Catalog } from '../catalog/index.js';
import type { ReferenceData } from '../catalog/index.js';
import type { Store } from '../store/index.js';
import type { TrackCache } from './track-cache.js';

/** The part of the parity Store the dashboard reads (accepted by shape, like the gateway's). */
export type DashboardStore = Pick<
  Store,
  'kind' | 'location' | 'listRuns' | 'getRun' | 'listResults' | 'readCaseMessages' | 'queryRequestLogs' | 'summarizeRequestLogs' | 'listWatchCrossings' | 'listKeys'
>;

export interface DashboardContext {
  readonly store: DashboardStore;
  /** Loaded on first use and cached by the catalog loader. */
  catalog(): Catalog;
  /** The decide reference tables (GPU prices, throughput, licences). */
  reference(): ReferenceData;
  readonly track: TrackCache;
  readonly routeEvalsDir: string;
  readonly version: string;
  now(): Date;
}

/** The convergence report's options when the page sets none (the same key the track handler uses). */
export const DEFAULT_TRACK_OPTIONS = Object.freeze({ tolerance: null, since: null, until: null });

/** A JSON endpoint: gets the request's URL and path parameters, returns the body (or throws a ParityError). */
export type ApiHandler = (context: DashboardContext, request: { url: URL; params: readonly string[] }) => unknown;
