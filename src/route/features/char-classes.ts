/**
 * What the text scanner needs to know about each UTF-16 code unit, in one table lookup: its kind (space,
 * letter, mark), the flags the dense features count, and its normalised code (ASCII upper case lowered, every
 * digit 0).
 *
 * Kinds: whitespace (ASCII and the wide spaces) is a space; ASCII letters, digits, underscore and any other
 * non-ASCII character are letters (they make words); every other ASCII character, wide punctuation and CJK
 * characters are marks (each a token of its own).
 */

export const SPACE = 0;
export const LETTER = 1;
export const MARK = 2;
/** The kind is the low two bits; flags follow. */
export const KIND_MASK = 3;
/** Counts as a letter for upper-share: ASCII letters and non-ASCII letters (not digits, not underscore). */
export const COUNTED_LETTER = 4;
export const UPPER = 8;
export const DIGIT = 16;
/** A code symbol: { } [ ] ( ) ; = < > # $ \ | * & ^ / ` and the underscore. */
export const CODE = 32;
export const NEWLINE = 64;
export const QUESTION = 128;
/** Not ASCII. */
export const WIDE = 256;
/** The class of an ASCII lower-case letter, the commonest by far, which the scanner tests first. */
export const ASCII_LOWER = LETTER | COUNTED_LETTER;
export const FLAGS_MASK = 0xffff;
/** The normalised code sits in the high 16 bits. */
export const NORMAL_SHIFT = 16;

function isCodeSymbol(code: number): boolean {
  return code === 123 || code === 125 || code === 91 || code === 93 || code === 40 || code === 41 || code === 59 || code === 61 || code === 60 || code === 62 || code === 35 || code === 36 || code === 92 || code === 124 || code === 42 || code === 38 || code === 94 || code === 47 || code === 96;
}

function isCjk(code: number): boolean {
  return (code >= 0x3040 && code <= 0x30ff) || (code >= 0x3400 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af) || (code >= 0xf900 && code <= 0xfaff);
}

function isWideSpace(code: number): boolean {
  return code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200b) || code === 0x2028 || code === 0x2029 || code === 0xfeff;
}

function isWidePunctuation(code: number): boolean {
  return (code >= 0x2010 && code <= 0x206f) || (code >= 0x3001 && code <= 0x303f) || (code >= 0xff01 && code <= 0xff0f) || (code >= 0xff1a && code <= 0xff20) || code === 0xbf || code === 0xa1 || code === 0xab || code === 0xbb;
}

function classify(code: number): number {
  if (code >= 128) {
    const wide = WIDE | (code << NORMAL_SHIFT);
    if (isWideSpace(code)) return SPACE | wide;
    if (isWidePunctuation(code) || isCjk(code)) return MARK | wide;
    return LETTER | COUNTED_LETTER | wide;
  }
  if (code >= 97 && code <= 122) return LETTER | COUNTED_LETTER | (code << NORMAL_SHIFT);
  if (code >= 65 && code <= 90) return LETTER | COUNTED_LETTER | UPPER | ((code + 32) << NORMAL_SHIFT);
  if (code >= 48 && code <= 57) return LETTER | DIGIT | (48 << NORMAL_SHIFT);
  if (code === 95) return LETTER | CODE | (code << NORMAL_SHIFT);
  if (code === 32 || code === 9 || code === 13 || code === 11 || code === 12) return SPACE | (code << NORMAL_SHIFT);
  if (code === 10) return SPACE | NEWLINE | (code << NORMAL_SHIFT);
  return MARK | (isCodeSymbol(code) ? CODE : 0) | (code === 63 ? QUESTION : 0) | (code << NORMAL_SHIFT);
}

/** Kind | flags | normalised code << 16, for every code unit (256 KiB; ASCII text touches two cache lines of it). */
export const CHAR_TABLE: Int32Array = (() => {
  const table = new Int32Array(0x10000);
  for (let code = 0; code < 0x10000; code++) table[code] = classify(code);
  return table;
})();

/** Flags fit in this many values, so a scan can count characters per class in a small table. */
export const FLAG_VALUES = 512;

/** Every distinct flags value that some code unit has: the classes a scan's per-class counts are read back from. */
export const OCCURRING_FLAGS: Int32Array = Int32Array.from(new Set(Array.from(CHAR_TABLE, (entry) => entry & FLAGS_MASK)));
