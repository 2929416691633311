/**
 * One pass over a prompt that yields hashed sparse features and a few dense ones, with no allocation per call
 * (the buffers belong to the scanner), so a routing decision costs microseconds.
 *
 * Prompts longer than maxChars are read at the head (the first 3/4 of maxChars) and the tail (the last 1/4),
 * where instructions usually sit; length features still see the whole prompt.
 * Normalisation: ASCII upper case is lowered, every digit becomes 0, whitespace runs count as one space.
 * Tokens are runs of letters/digits/underscore (any non-ASCII letter counts as a letter); each punctuation mark
 * and each CJK character is a token of its own. Sparse features, by namespace:
 *   word   — each token;               bigram — each pair of adjacent tokens;
 *   char   — each character n-gram;   lead   — the first one, two, … tokens as position-specific features.
 * A prompt's value in a namespace is (count of the feature) / sqrt(tokens in that namespace), so every
 * namespace has about unit norm whatever the prompt's length; length itself is a dense feature.
 */
import { MARKER_DOMAINS, markerOf } from './domain-markers.js';
import type { FeatureConfig } from './feature-config.js';
import { combineHashes, FNV_OFFSET, fnvStep } from './hash.js';

export const NAMESPACES = ['word', 'bigram', 'char', 'lead'] as const;
export type Namespace = (typeof NAMESPACES)[number];
const WORD = 0;
const BIGRAM = 1;
const CHAR = 2;
const LEAD = 3;
const WORD_SEED = 0x2545f491;
const BIGRAM_SEED = 0x5bd1e995;
const CHAR_SEED = 0x27d4eb2f;
const LEAD_SEED = 0x165667b1;
const ROLLING_BASE = 0x01000193;

/** Dense features, in vector order. Part of the policy format: a policy stores its list and is checked on load. */
export const DENSE_FEATURE_NAMES = [
  'log-chars',
  'log-words',
  'log-lines',
  'digit-share',
  'upper-share',
  'non-ascii-share',
  'code-symbol-share',
  'code-fence',
  'question-marks',
  ...MARKER_DOMAINS.map((domain) => `marker-${domain}`),
] as const;
const MARKER_OFFSET = 9;
/** Of the maxChars characters read from a longer prompt, 1/TAIL_SHARE come from its end. */
const TAIL_SHARE = 4;

const SPACE = 0;
const LETTER = 1;
const MARK = 2;

// ASCII character classes: the kind in the low two bits, then flags
const LOWER = 4;
const UPPER = 8;
const DIGIT = 16;
const CODE = 32;
const NEWLINE = 64;
const QUESTION = 128;
const ASCII_CLASS = (() => {
  const table = new Uint8Array(128);
  for (let code = 0; code < 128; code++) {
    if (code >= 97 && code <= 122) table[code] = LETTER | LOWER;
    else if (code >= 65 && code <= 90) table[code] = LETTER | UPPER;
    else if (code >= 48 && code <= 57) table[code] = LETTER | DIGIT;
    else if (code === 95) table[code] = LETTER | CODE;
    else if (code === 32 || code === 9 || code === 13 || code === 11 || code === 12) table[code] = SPACE;
    else if (code === 10) table[code] = SPACE | NEWLINE;
    else table[code] = MARK | (isCodeSymbol(code) ? CODE : 0) | (code === 63 ? QUESTION : 0);
  }
  return table;
})();

function isCodeSymbol(code: number): boolean {
  // { } [ ] ( ) ; = < > # $ \ | * & ^ / `
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

export class TextScanner {
  readonly config: FeatureConfig;
  /** Final feature hashes of the last scan; slot = (hash >>> 1) & mask, sign = low bit. */
  readonly hashes: Int32Array;
  /** Namespace of each hash. */
  readonly namespaces: Uint8Array;
  /** Number of hashes filled by the last scan. */
  length = 0;
  /** Tokens per namespace in the last scan. */
  readonly counts = new Int32Array(NAMESPACES.length);
  /** Raw dense features of the last scan (not standardised). */
  readonly dense = new Float64Array(DENSE_FEATURE_NAMES.length);
  private readonly ring: Int32Array;
  /** ROLLING_BASE^(charNgram − 1): the weight of the character that leaves the window. */
  private readonly dropFactor: number;
  private previousWord = 0;
  private hasPreviousWord = false;
  private leadHash = 0;
  private leadCount = 0;
  private words = 0;
  private readonly markers = new Int32Array(MARKER_DOMAINS.length);
  // config fields read per token, copied to plain fields
  private readonly bigrams: boolean;
  private readonly leadWords: number;
  private readonly denseOn: boolean;

  constructor(config: FeatureConfig) {
    this.config = config;
    this.bigrams = config.wordNgrams >= 2;
    this.leadWords = config.leadWords;
    this.denseOn = config.dense;
    const capacity = 3 * config.maxChars + config.leadWords + 8;
    this.hashes = new Int32Array(capacity);
    this.namespaces = new Uint8Array(capacity);
    this.ring = new Int32Array(Math.max(1, config.charNgram));
    let power = 1;
    for (let step = 1; step < config.charNgram; step++) power = Math.imul(power, ROLLING_BASE);
    this.dropFactor = power;
  }

  private push(namespace: number, seed: number, hash: number): void {
    const position = this.length;
    this.hashes[position] = combineHashes(hash, seed);
    this.namespaces[position] = namespace;
    this.length = position + 1;
  }

  private emitToken(rawHash: number): void {
    const hash = rawHash | 0;
    this.words++;
    if (this.denseOn) {
      const marker = markerOf(hash);
      if (marker >= 0) this.markers[marker] = (this.markers[marker] ?? 0) + 1;
    }
    this.push(WORD, WORD_SEED, hash);
    if (this.bigrams && this.hasPreviousWord) this.push(BIGRAM, BIGRAM_SEED, combineHashes(this.previousWord, hash));
    this.previousWord = hash;
    this.hasPreviousWord = true;
    if (this.leadCount < this.leadWords) {
      this.leadHash = combineHashes(this.leadHash, hash);
      this.leadCount++;
      this.push(LEAD, LEAD_SEED, this.leadHash);
    }
  }

  scan(text: string): void {
    const config = this.config;
    // a long prompt is read at its head and its tail, where instructions usually are
    const limit = Math.min(text.length, config.maxChars);
    const headLength = text.length > config.maxChars ? limit - Math.floor(limit / TAIL_SHARE) : limit;
    const tailOffset = text.length - limit;
    const gram = config.charNgram;
    const ring = this.ring;
    this.length = 0;
    this.counts.fill(0);
    this.markers.fill(0);
    this.words = 0;
    this.hasPreviousWord = false;
    this.leadHash = 0x9747b28c;
    this.leadCount = 0;
    let letters = 0;
    let upper = 0;
    let digits = 0;
    let nonAscii = 0;
    let codeSymbols = 0;
    let newlines = 0;
    let questions = 0;
    let fences = 0;
    let backticks = 0;
    let wordHash = FNV_OFFSET;
    let inWord = false;
    let ringPosition = 0;
    let ringFill = 0;
    let lastWasSpace = true;
    let gramHash = 0;
    let grams = 0;
    const dropFactor = this.dropFactor;
    for (let position = 0; position < limit; position++) {
      let index = position;
      if (position >= headLength) {
        index += tailOffset;
        if (position === headLength) {
          // the cut between head and tail is a word boundary
          if (inWord) {
            this.emitToken(wordHash);
            wordHash = FNV_OFFSET;
            inWord = false;
          }
          lastWasSpace = true;
        }
      }
      let code = text.charCodeAt(index);
      let kind = LETTER;
      if (code < 128) {
        const flags = ASCII_CLASS[code] ?? 0;
        kind = flags & 3;
        if ((flags & (LOWER | UPPER)) !== 0) {
          letters++;
          if ((flags & UPPER) !== 0) {
            upper++;
            code += 32;
          }
        } else if ((flags & DIGIT) !== 0) {
          digits++;
          code = 48;
        } else if (flags > 3) {
          if ((flags & CODE) !== 0) codeSymbols++;
          if ((flags & NEWLINE) !== 0) newlines++;
          if ((flags & QUESTION) !== 0) questions++;
        }
      } else {
        nonAscii++;
        if (isWideSpace(code)) kind = SPACE;
        else if (isWidePunctuation(code) || isCjk(code)) kind = MARK;
        else letters++;
      }
      if (code === 96) {
        backticks++;
        if (backticks === 3) fences++;
      } else backticks = 0;
      if (kind === LETTER) {
        wordHash = fnvStep(wordHash, code);
        inWord = true;
      } else {
        if (inWord) {
          this.emitToken(wordHash);
          wordHash = FNV_OFFSET;
          inWord = false;
        }
        if (kind === MARK) this.emitToken(fnvStep(FNV_OFFSET, code));
      }
      if (gram > 0) {
        const normal = kind === SPACE ? 32 : code;
        if (normal !== 32 || !lastWasSpace) {
          // polynomial rolling hash of the last `gram` characters: add the new one, drop the oldest
          const leaving = ringFill >= gram ? (ring[ringPosition] ?? 0) : 0;
          gramHash = (Math.imul(gramHash - Math.imul(leaving, dropFactor), ROLLING_BASE) + normal) | 0;
          ring[ringPosition] = normal;
          ringPosition = ringPosition + 1 === gram ? 0 : ringPosition + 1;
          ringFill++;
          lastWasSpace = normal === 32;
          if (ringFill >= gram) {
            this.push(CHAR, CHAR_SEED, gramHash);
            grams++;
          }
        }
      }
    }
    if (inWord) this.emitToken(wordHash);
    const counts = this.counts;
    counts[WORD] = this.words;
    counts[BIGRAM] = this.bigrams ? Math.max(0, this.words - 1) : 0;
    counts[CHAR] = grams;
    counts[LEAD] = this.leadCount;
    if (!config.dense) return;
    const scanned = Math.max(1, limit);
    const dense = this.dense;
    dense[0] = Math.log1p(text.length);
    dense[1] = Math.log1p(this.words * (text.length / scanned));
    dense[2] = Math.log1p(newlines);
    dense[3] = digits / scanned;
    dense[4] = letters === 0 ? 0 : upper / letters;
    dense[5] = nonAscii / scanned;
    dense[6] = codeSymbols / scanned;
    dense[7] = fences > 0 ? 1 : 0;
    dense[8] = Math.log1p(questions);
    for (let marker = 0; marker < MARKER_DOMAINS.length; marker++) dense[MARKER_OFFSET + marker] = Math.log1p(this.markers[marker] ?? 0);
  }
}

/** Slot of a final hash in a table of 2^bits. */
export function slotOf(hash: number, mask: number): number {
  return (hash >>> 1) & mask;
}

/** +1 or −1 from the low bit, so colliding features cancel on average instead of adding up. */
export function signOf(hash: number): number {
  return (hash & 1) === 0 ? 1 : -1;
}

