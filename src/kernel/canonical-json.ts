/**
 * Canonical JSON: object keys sorted at every depth (by UTF-16 code unit, as `Array#sort`), `undefined` members
 * left out, everything else as `JSON.stringify` writes it — so equal values give equal bytes whatever their key
 * order. For cache keys and content hashes (eval response cache, suite hash, gateway response cache). Written by
 * safe-stable-stringify; a circular value throws rather than hashing a placeholder.
 */
import { configure } from 'safe-stable-stringify';

const stringify = configure({ circularValue: Error, deterministic: true });

export function canonicalJson(value: unknown): string {
  return stringify(value) ?? 'null';
}
