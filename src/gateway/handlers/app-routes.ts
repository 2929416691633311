/**
 * The gateway's routes, declared once: the model routes (each a surface of the staged pipeline), the small
 * read-only ones, stored responses, and the admin API; `createGateway` adds the dashboard's API to the same
 * table (`GatewayOptions.routes`).
 */
import type { GatewayContext } from '../context.js';
import type { AppRoute } from '../http/app-router.js';
import { serveAdminKeys } from './admin-keys.js';
import { serveHealth, serveMetrics, serveModels } from './info.js';
import { serveModelRequest } from './model-request.js';
import { serveStoredResponse } from './stored-responses.js';
import { SURFACES, type SurfaceName } from './surfaces.js';

const MODEL_ROUTES: ReadonlyArray<readonly [path: string, surface: SurfaceName]> = [
  ['/v1/chat/completions', 'chat'],
  ['/v1/embeddings', 'embeddings'],
  ['/v1/messages', 'messages'],
  ['/v1/messages/count_tokens', 'count_tokens'],
  ['/v1/responses', 'responses'],
];

export function appRoutes(context: GatewayContext, extra: readonly AppRoute[]): AppRoute[] {
  const admin = (call: Parameters<AppRoute['handler']>[0]): Promise<void> => serveAdminKeys(context, call.request, call.response, call.path, call.query);
  return [
    ...MODEL_ROUTES.map(([path, surface]): AppRoute => ({
      methods: ['POST'],
      path,
      errors: SURFACES[surface].errors,
      // the model routes run the guard themselves, so that a refusal is logged like any other request
      guardsItself: true,
      handler: (call) => serveModelRequest(context, surface, call.request, call.response),
    })),
    { methods: ['GET', 'DELETE'], path: '/v1/responses/:id', handler: (call) => serveStoredResponse(context, call) },
    { methods: ['GET'], path: '/v1/models', handler: (call) => serveModels(context, call.response) },
    { methods: ['GET'], path: '/healthz', handler: (call) => serveHealth(context, call.response) },
    { methods: ['GET'], path: '/metrics', handler: (call) => serveMetrics(context, call.response) },
    { methods: ['GET', 'POST'], path: '/admin/keys', handler: admin },
    { methods: ['DELETE'], path: '/admin/keys/:id', handler: admin },
    // any other admin path: the admin token is checked before the 404
    { methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], path: '/admin/*', handler: admin },
    ...extra,
  ];
}
