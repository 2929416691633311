/** The web dashboard: a read-only JSON API over the catalog, the store and the decide tables, plus the built front-end. */
export { createDashboard, DEFAULT_ROUTE_EVALS_DIR, type Dashboard, type DashboardHandler, type DashboardOptions } from './create-dashboard.js';
export type { DashboardStore } from './context.js';
export * from './api/query-schemas.js';
export type * from './api/types.js';
export { routeEvalReportSchema, type RouteEvalReportJson } from './api/route-eval-schema.js';
