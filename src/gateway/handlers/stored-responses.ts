/**
 * `GET /v1/responses/:id` and `DELETE /v1/responses/:id`: a stored response (`store: true`), to the key that
 * created it only. The key is read from the headers as on the model routes.
 */
import type { GatewayContext } from '../context.js';
import { sendJson } from '../http/io.js';
import type { RouteCall } from '../http/app-router.js';
import type { VirtualKey } from '../keys/gateway-store.js';
import { bearerToken, KEY_PREFIX } from '../keys/secret.js';
import { header } from './exchange.js';
import { deleteStoredResponse, readStoredResponse } from './response-store.js';

async function keyOf(context: GatewayContext, call: RouteCall): Promise<VirtualKey | undefined> {
  const secret = bearerToken(header(call.request, 'authorization'), header(call.request, 'x-api-key'));
  if (!context.config.auth.required && (secret === undefined || !secret.startsWith(KEY_PREFIX))) return undefined;
  const found = context.keys.authenticate(secret, Date.now());
  return found instanceof Promise ? await found : found;
}

export async function serveStoredResponse(context: GatewayContext, call: RouteCall): Promise<void> {
  const key = await keyOf(context, call);
  const id = call.params.id ?? '';
  await context.responseWrites.get(id);
  if (call.request.method === 'DELETE') {
    await deleteStoredResponse(context.store, id, key?.id ?? null);
    sendJson(call.response, 200, { id, object: 'response', deleted: true });
    return;
  }
  sendJson(call.response, 200, await readStoredResponse(context.store, id, key?.id ?? null));
}
