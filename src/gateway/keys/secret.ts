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
