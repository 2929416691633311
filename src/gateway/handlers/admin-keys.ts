/**
 * The admin API for virtual keys, behind the admin token (`Authorization: Bearer <token>`):
 *   POST   /admin/keys        {name, budgetUsdTotal?, budgetUsdDaily?, rpm?, tpm?} → 201 {secret, key}
 *   GET    /admin/keys        → {data: [key + live usage]}  (`?all=1` includes revoked keys)
 *   DELETE /admin/keys/:id    → {key}
 * With no admin token configured the admin API answers 401 to everyone.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthError } from '../../errors.js';
import type { GatewayContext } from '../context.js';
import { RouteNotFoundError } from '../errors/openai-error.js';
import { closeUnlessDrained } from '../http/body-reader.js';
import { sendError, sendJson } from '../http/io.js';
import { createVirtualKey, keyView } from '../keys/manage.js';
import { bearerToken, hashKeySecret } from '../keys/secret.js';
import { parseJsonBody } from '../request/chat-request.js';

function checkAdmin(context: GatewayContext, incoming: IncomingMessage): void {
  if (context.adminTokenHash === undefined) {
    throw new AuthError(`The admin API is disabled: set ${context.config.auth.adminTokenEnv} to enable it.`);
  }
  const authorization = incoming.headers.authorization;
  const token = bearerToken(authorization, undefined);
  const given = Buffer.from(hashKeySecret(token ?? ''), 'hex');
  if (token === undefined || !timingSafeEqual(given, Buffer.from(context.adminTokenHash, 'hex'))) {
    throw new AuthError('A valid admin token is required.');
  }
}

export async function serveAdminKeys(
  context: GatewayContext,
  incoming: IncomingMessage,
  response: ServerResponse,
  path: string,
  query: string,
): Promise<void> {
  try {
    checkAdmin(context, incoming);
    const method = incoming.method ?? 'GET';
    if (path === '/admin/keys' && method === 'POST') {
      const body = await context.bodies.read(incoming, context.config.limits.body.admin);
      const created = await createVirtualKey(context.store, parseJsonBody(body));
      sendJson(response, 201, created);
      return;
    }
    if (path === '/admin/keys' && method === 'GET') {
      const includeRevoked = /(^|&)all=(1|true)(&|$)/.test(query);
      const keys = await context.store.listKeys({ includeRevoked });
      const data = await Promise.all(
        keys.map(async (key) => ({ ...keyView(key), live: (await context.state.usage(key.id)) ?? null })),
      );
      sendJson(response, 200, { object: 'list', data });
      return;
    }
    const match = /^\/admin\/keys\/([^/]+)$/.exec(path);
    if (match !== null && method === 'DELETE') {
      const revoked = await context.store.revokeKey(decodeURIComponent(match[1] ?? ''));
      context.keys.invalidate(revoked.hashedKey);
      sendJson(response, 200, { key: keyView(revoked) });
      return;
    }
    throw new RouteNotFoundError(method, path);
  } catch (error) {
    closeUnlessDrained(incoming, response);
    sendError(response, error);
  }
}
