/**
 * Convergence: `GET /api/track` (every domain's lag, trend and best models, without per-benchmark detail) and
 * `GET /api/track/domain?domain=…` (one domain in full: frontiers, lag series, price/score points). Both take
 * the `parity track` options as query parameters and share one cached report per set of options.
 */
import { NotFoundError } from '../../errors.js';
import type { TrackOptions } from '../../track/index.js';
import type { TrackReport } from '../../track/index.js';
import { trackDomainQuerySchema, trackQuerySchema, type TrackQuery } from '../api/query-schemas.js';
import type { TrackDomainResponse, TrackSummaryResponse } from '../api/types.js';
import type { ApiHandler, DashboardContext } from '../context.js';
import { parseQuery } from '../http/query.js';

function trackOptions(query: TrackQuery): TrackOptions {
  return {
    ...(query.methods === undefined ? {} : { methods: query.methods }),
    tolerance: query.tolerance ?? null,
    ...(query.openDefinition === undefined ? {} : { openDefinition: query.openDefinition }),
    ...(query.transform === undefined ? {} : { transform: query.transform }),
    ...(query.pricePolicy === undefined ? {} : { pricePolicy: query.pricePolicy }),
    since: query.since ?? null,
    until: query.until ?? null,
  };
}

function report(context: DashboardContext, query: TrackQuery): TrackReport {
  return context.track.get(trackOptions(query));
}

export const trackSummary: ApiHandler = (context, { url }): TrackSummaryResponse => {
  const full = report(context, parseQuery(trackQuerySchema, url.searchParams));
  return {
    asOf: full.asOf,
    options: full.options,
    method: full.method,
    domains: full.domains.map(({ benchmarks, priceFrontier: _priceFrontier, ...domain }) => ({ ...domain, benchmarkCount: benchmarks.length })),
    sources: full.sources,
  };
};

export const trackDomain: ApiHandler = (context, { url }): TrackDomainResponse => {
  const query = parseQuery(trackDomainQuerySchema, url.searchParams);
  const full = report(context, query);
  const domain = full.domains.find((entry) => entry.domain === query.domain);
  if (domain === undefined) throw new NotFoundError(`no domain "${query.domain}" in the report`);
  const used = new Set(domain.sources);
  for (const point of domain.priceFrontier?.points ?? []) used.add(point.priceSource);
  return {
    asOf: full.asOf,
    options: full.options,
    method: full.method,
    domain,
    sources: full.sources.filter((source) => used.has(source.id)),
  };
};
