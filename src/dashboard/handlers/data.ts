/**
 * `GET /api/data`: how current the evidence is — which data parity reads (an update or the bundled snapshot),
 * each source's date, last check (ok or failed, and why) and file digests; the folder this server loaded (an
 * update installed while it runs is read at its next start) — and the latest crossings `parity watch` reported.
 */
import { dataStatus } from '../../catalog/update/index.js';
import type { DataFreshnessResponse } from '../api/types.js';
import type { ApiHandler } from '../context.js';

export const dataFreshness: ApiHandler = async (context): Promise<DataFreshnessResponse> => ({
  status: dataStatus(),
  servedDir: context.catalog().dataDir,
  crossings: await context.store.listWatchCrossings(20),
});
