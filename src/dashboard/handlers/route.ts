/** Routing: `GET /api/route/evals` — the route evaluations and policies in the route-evals folder. */
import { NotFoundError } from '../../errors.js';
import { routeEvalsQuerySchema } from '../api/query-schemas.js';
import type { RouteEvalsResponse } from '../api/types.js';
import type { ApiHandler } from '../context.js';
import { parseQuery } from '../http/query.js';
import { readRouteEvals } from '../route-evals.js';

export const routeEvals: ApiHandler = (context, { url }): RouteEvalsResponse => {
  const query = parseQuery(routeEvalsQuerySchema, url.searchParams);
  const all = readRouteEvals(context.routeEvalsDir);
  if (query.name === undefined) return all;
  const evals = all.evals.filter((entry) => entry.file === query.name);
  if (evals.length === 0) throw new NotFoundError(`no route evaluation "${query.name}" in ${all.dir}`);
  return { ...all, evals };
};
