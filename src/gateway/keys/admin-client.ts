/**
 * A client for a running gateway's admin API (`/admin/keys`), used by `parity keys --url`. Errors come back as
 * ParityErrors built from the gateway's OpenAI-shaped error bodies.
 */
import { request } from 'undici';
import { AuthError, NotFoundError, ParityError, ProviderError, ValidationError } from '../../errors.js';
import type { CreatedKey, KeyView } from './manage.js';

export interface AdminClient {
  createKey(input: unknown): Promise<CreatedKey>;
  listKeys(includeRevoked: boolean): Promise<KeyView[]>;
  revokeKey(id: string): Promise<KeyView>;
}

export function createAdminClient(baseUrl: string, adminToken: string, timeoutMs = 10_000): AdminClient {
  const root = baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  const call = async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> => {
    let response;
    try {
      response = await request(`${root}${path}`, {
        method,
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ProviderError('gateway', `cannot reach ${root}: ${(error as Error).message}`, {}, { cause: error });
    }
    const text = await response.body.text();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ProviderError('gateway', `HTTP ${response.statusCode}: not JSON`, { status: response.statusCode });
    }
    if (response.statusCode >= 400) {
      const message =
        (value as { error?: { message?: unknown } }).error?.message ?? `HTTP ${response.statusCode}`;
      const text = String(message);
      if (response.statusCode === 401) throw new AuthError(text);
      if (response.statusCode === 404) throw new NotFoundError(text);
      if (response.statusCode === 400) throw new ValidationError(text);
      throw new ParityError('internal', `gateway: ${text}`);
    }
    return value;
  };
  return {
    createKey: async (input) => (await call('POST', '/admin/keys', input)) as CreatedKey,
    listKeys: async (includeRevoked) =>
      ((await call('GET', `/admin/keys${includeRevoked ? '?all=1' : ''}`)) as { data: KeyView[] }).data,
    revokeKey: async (id) => ((await call('DELETE', `/admin/keys/${encodeURIComponent(id)}`)) as { key: KeyView }).key,
  };
}
