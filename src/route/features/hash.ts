/**
 * 32-bit hashing for feature hashing: FNV-1a steps over character codes, finished with murmur3's mixer.
 * Every hash is a signed 32-bit integer (`| 0`, never `>>> 0`): V8 keeps those unboxed, which matters at a
 * few nanoseconds per character.
 */

export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** One FNV-1a step (the scanner's loop inlines it as Math.imul(hash ^ code, FNV_PRIME)). */
export function fnvStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

/** murmur3's 32-bit finaliser: spreads every input bit over the output. */
export function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Combines two hashes order-sensitively (for word bigrams and namespaces). */
export function combineHashes(left: number, right: number): number {
  return fmix32(Math.imul(left, 0x9e3779b1) ^ right);
}

/** Hash of a whole string, the same as the streaming word hash of the scanner. */
export function hashWord(word: string): number {
  let hash = FNV_OFFSET;
  for (let index = 0; index < word.length; index++) hash = fnvStep(hash, word.charCodeAt(index));
  return hash | 0;
}
