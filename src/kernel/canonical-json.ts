/**
 * Canonical JSON: object keys sorted at every depth (by UTF-16 code unit, as `Array#sort`), `undefined` members
 * left out, everything else as `JSON.stringify` writes it — so equal values give equal bytes whatever their key
 * order. For cache keys and content hashes (eval response cache, suite hash, gateway response cache). Written by
 * safe-stable-stringify; a circular value throws rather than hashing a placeholder.
 */
import { createRequire } from 'node:module';
import type { configure as Configure } from 'safe-stable-stringify';

// the library (CommonJS) loads on the first call, not with every module that reaches the kernel
const require = createRequire(import.meta.url);
let stringify: ReturnType<typeof Configure> | undefined;

export function canonicalJson(value: unknown): string {
  stringify ??= (require('safe-stable-stringify') as { configure: typeof Configure }).configure({ circularValue: Error, deterministic: true });
  return stringify(value) ?? 'null';
}
