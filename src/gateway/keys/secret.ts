/**
 * Virtual key secrets: generated once, shown once, stored only as a SHA-256 hash. Nothing else in the gateway
 * handles a secret: logs, errors and metrics name keys by id.
 */
import { createHash, randomBytes } from 'node:crypto';

export const KEY_PREFIX = 'pk-parity-';

export function generateKeySecret(): string {
  return `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
}

export function generateKeyId(): string {
  return `key_${randomBytes(8).toString('hex')}`;
}

/** The secret's random part: base64url, 32 characters as generated (a range, so future lengths still pass). */
const SECRET_BODY = /^[A-Za-z0-9_-]{16,128}$/;

/** Whether a bearer string can be a virtual key at all (checked before any lookup or caching). */
export function isKeyShaped(secret: string): boolean {
  return secret.length <= KEY_PREFIX.length + 128 && secret.startsWith(KEY_PREFIX) && SECRET_BODY.test(secret.slice(KEY_PREFIX.length));
}

export function hashKeySecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The bearer token of an `Authorization` header (or an `x-api-key` value); undefined when absent. */
export function bearerToken(authorization: string | undefined, apiKey: string | undefined): string | undefined {
  if (authorization !== undefined) {
    if (authorization.length > 7 && authorization.slice(0, 7).toLowerCase() === 'bearer ') {
      const token = authorization.slice(7).trim();
      return token === '' ? undefined : token;
    }
    return undefined;
  }
  return apiKey === undefined || apiKey === '' ? undefined : apiKey;
}
