/**
 * Creating, listing and revoking virtual keys, shared by the admin API and `parity keys`. The secret is
 * returned once, at creation; views of a key never carry its hash.
 */
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';
import type { GatewayStore, VirtualKey } from './gateway-store.js';
import { generateKeyId, generateKeySecret, hashKeySecret } from './secret.js';

export const createKeyInputSchema = z
  .object({
    name: z.string().min(1).max(200),
    budgetUsdTotal: z.number().finite().positive().nullish(),
    budgetUsdDaily: z.number().finite().positive().nullish(),
    rpm: z.number().int().positive().nullish(),
    tpm: z.number().int().positive().nullish(),
  })
  .strict();
export type CreateKeyInput = z.input<typeof createKeyInputSchema>;

/** A key as shown to people: everything but the hash. */
export type KeyView = Omit<VirtualKey, 'hashedKey'>;

export function keyView(key: VirtualKey): KeyView {
  const { hashedKey: _hashed, ...view } = key;
  return view;
}

export interface CreatedKey {
  /** The secret: shown once, never stored. */
  secret: string;
  key: KeyView;
}

export async function createVirtualKey(store: Pick<GatewayStore, 'createKey'>, input: unknown): Promise<CreatedKey> {
  const request = parseOrThrow(createKeyInputSchema, input, (issue) => new ValidationError(`Invalid value for '${issue.field}': ${issue.message}`, issue.field));
  const secret = generateKeySecret();
  const created = await store.createKey({
    id: generateKeyId(),
    hashedKey: hashKeySecret(secret),
    name: request.name,
    budgetUsdTotal: request.budgetUsdTotal ?? null,
    budgetUsdDaily: request.budgetUsdDaily ?? null,
    rpm: request.rpm ?? null,
    tpm: request.tpm ?? null,
  });
  return { secret, key: keyView(created) };
}
