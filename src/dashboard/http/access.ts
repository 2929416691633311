/**
 * Who may read the dashboard API. A gateway that requires virtual keys must not hand its request log, eval
 * outputs and spend to anyone who can reach the port, so `parity serve` gives the dashboard the gateway's admin
 * token: every `/api/` request then carries it as `Authorization: Bearer <token>` (the front-end asks for it
 * once per browser tab). The page shell and its scripts stay public; they hold no data.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AuthError } from '../../errors.js';
import { bearerToken, hashKeySecret } from '../../gateway/index.js';

/** Throws AuthError (401) unless the request carries `token`; compares digests in constant time. */
export function createAccessCheck(token: string): (request: IncomingMessage) => void {
  if (token === '') throw new Error('createAccessCheck: the access token must not be empty');
  const expected = Buffer.from(hashKeySecret(token), 'hex');
  return (request) => {
    const given = bearerToken(request.headers.authorization, undefined);
    if (given === undefined) {
      throw new AuthError('This dashboard needs the gateway admin token: send it as "Authorization: Bearer <token>".');
    }
    if (!timingSafeEqual(Buffer.from(hashKeySecret(given), 'hex'), expected)) {
      throw new AuthError('The admin token was not accepted.');
    }
  };
}
