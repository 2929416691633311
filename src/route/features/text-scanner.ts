/**
 * A scan of a prompt that yields hashed sparse features and a few dense ones into buffers the scanner owns (the
 * only allocation is a slice for a long prompt's tail), so a routing decision costs microseconds.
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
import * as charClasses from './char-classes.js';
import * as domainMarkers from './domain-markers.js';
import type { FeatureConfig } from './feature-config.js';
import * as hashing from './hash.js';

// The imported bindings the loops use, as constants of this module. V8 compiles each use of an imported binding
// to a load from its module cell with a check that it is initialised, and never folds it to a constant; a
// constant of this module's own it folds (measured: the character loop ran 1.6× slower on imported constants).
const { ASCII_LOWER, CHAR_TABLE, CODE, COUNTED_LETTER, DIGIT, FLAG_VALUES, FLAGS_MASK, KIND_MASK, LETTER, MARK, NEWLINE, NORMAL_SHIFT, OCCURRING_FLAGS, QUESTION, SPACE, UPPER, WIDE } = charClasses;
const { MARKER_DOMAINS, markerOf } = domainMarkers;
const { combineHashes, FNV_OFFSET, FNV_PRIME } = hashing;

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
  /**
   * The characters read, as UTF-16 code units: copied from the string in one call (Buffer.write), because
   * reading a typed array is several times cheaper per character than String.charCodeAt on every kind of string.
   */
  private readonly buffer: Buffer;
  private readonly units: Uint16Array;
  /**
   * A scan makes passes over `units`: the character loop records each token's raw hash and the position of the
   * character at which it was complete; character n-grams, when on, are hashed in a loop of their own; then one
   * loop turns tokens (and n-grams, merged back into text order) into feature hashes.
   */
  private readonly tokens: Int32Array;
  private readonly tokenAt: Int32Array;
  private readonly grams: Int32Array;
  private readonly gramAt: Int32Array;
  private readonly ring: Int32Array;
  /** ROLLING_BASE^(charNgram − 1): the weight of the character that leaves the window. */
  private readonly dropFactor: number;
  /** Characters per class (flags value) in the current scan, except ASCII lower case; zero between scans. */
  private readonly classCounts = new Int32Array(FLAG_VALUES);
  private readonly markers = new Int32Array(MARKER_DOMAINS.length);
  // the character loop's running state between the head and the tail
  private tokenCount = 0;
  /** ASCII lower-case letters (not in classCounts: the fast path counts them apart). */
  private lower = 0;
  private wordHash = 0;
  private inWord = false;
  /** A code fence is a run of three backticks: the run's length and where its last one was. */
  private backticks = 0;
  private lastBacktick = -2;
  private fenced = false;

  constructor(config: FeatureConfig) {
    this.config = config;
    const capacity = 3 * config.maxChars + config.leadWords + 8;
    this.hashes = new Int32Array(capacity);
    this.namespaces = new Uint8Array(capacity);
    this.buffer = Buffer.alloc(2 * config.maxChars);
    this.units = new Uint16Array(this.buffer.buffer, this.buffer.byteOffset, config.maxChars);
    // a token is complete at one character at most (a word at the character after it, or a mark), plus the last
    this.tokens = new Int32Array(config.maxChars + 1);
    this.tokenAt = new Int32Array(config.maxChars + 1);
    this.grams = new Int32Array(config.charNgram > 0 ? config.maxChars : 0);
    this.gramAt = new Int32Array(this.grams.length);
    this.ring = new Int32Array(Math.max(1, config.charNgram));
    let power = 1;
    for (let step = 1; step < config.charNgram; step++) power = Math.imul(power, ROLLING_BASE);
    this.dropFactor = power;
  }

  scan(text: string): void {
    const config = this.config;
    // a long prompt is read at its head and its tail, where instructions usually are
    const limit = Math.min(text.length, config.maxChars);
    const headLength = text.length > config.maxChars ? limit - Math.floor(limit / TAIL_SHARE) : limit;
    this.buffer.write(text, 0, 2 * headLength, 'utf16le');
    if (headLength < limit) this.buffer.write(text.slice(text.length - (limit - headLength)), 2 * headLength, 2 * (limit - headLength), 'utf16le');
    const words = this.scanTokens(limit, headLength);
    const gramCount = config.charNgram > 0 ? this.scanGrams(limit, headLength) : 0;
    this.hashTokens(words, gramCount);
    const counts = this.counts;
    counts[WORD] = words;
    counts[BIGRAM] = config.wordNgrams >= 2 ? Math.max(0, words - 1) : 0;
    counts[CHAR] = gramCount;
    counts[LEAD] = Math.min(words, config.leadWords);
    if (config.dense) this.denseFeatures(text.length, limit, words);
    else this.classCounts.fill(0);
  }

  /** The character loop over the head, then the tail: returns the tokens. */
  private scanTokens(limit: number, headLength: number): number {
    this.tokenCount = 0;
    this.lower = 0;
    this.wordHash = FNV_OFFSET;
    this.inWord = false;
    this.backticks = 0;
    this.lastBacktick = -2;
    this.fenced = false;
    this.scanStretch(0, headLength);
    if (headLength < limit) {
      // the cut between head and tail is a word boundary
      this.endWord(headLength);
      this.scanStretch(headLength, limit);
    }
    this.endWord(limit);
    return this.tokenCount;
  }

  private endWord(position: number): void {
    if (!this.inWord) return;
    this.tokenAt[this.tokenCount] = position;
    this.tokens[this.tokenCount++] = this.wordHash;
    this.wordHash = FNV_OFFSET;
    this.inWord = false;
  }

  /**
   * Characters [from, to) of `units`: token hashes into `tokens`, characters per class into `classCounts`. The
   * running state lives in fields between stretches and in locals within one (a loop nested in a loop over the
   * stretches compiles to slower code).
   */
  private scanStretch(from: number, to: number): void {
    const table = CHAR_TABLE;
    const units = this.units;
    const tokens = this.tokens;
    const tokenAt = this.tokenAt;
    const classCounts = this.classCounts;
    let count = this.tokenCount;
    let lower = this.lower;
    let wordHash = this.wordHash;
    let inWord = this.inWord;
    let backticks = this.backticks;
    let lastBacktick = this.lastBacktick;
    let fenced = this.fenced;
    for (let position = from; position < to; position++) {
      const entry = table[units[position] ?? 0] ?? 0;
      const flags = entry & FLAGS_MASK;
      if (flags === ASCII_LOWER) {
        lower++;
        wordHash = Math.imul(wordHash ^ (entry >>> NORMAL_SHIFT), FNV_PRIME);
        inWord = true;
        continue;
      }
      // a plain space (flags 0, counted by no dense feature) skips the per-class count
      if (flags !== 0) classCounts[flags] = (classCounts[flags] ?? 0) + 1;
      const code = entry >>> NORMAL_SHIFT;
      if ((flags & KIND_MASK) === LETTER) {
        wordHash = Math.imul(wordHash ^ code, FNV_PRIME);
        inWord = true;
        continue;
      }
      if (inWord) {
        tokenAt[count] = position;
        tokens[count++] = wordHash;
        wordHash = FNV_OFFSET;
        inWord = false;
      }
      if ((flags & KIND_MASK) === MARK) {
        if (code === 96) {
          backticks = position === lastBacktick + 1 ? backticks + 1 : 1;
          lastBacktick = position;
          if (backticks === 3) fenced = true;
        }
        tokenAt[count] = position;
        tokens[count++] = Math.imul(FNV_OFFSET ^ code, FNV_PRIME);
      }
    }
    this.tokenCount = count;
    this.lower = lower;
    this.wordHash = wordHash;
    this.inWord = inWord;
    this.backticks = backticks;
    this.lastBacktick = lastBacktick;
    this.fenced = fenced;
  }

  /** Character n-grams over the normalised text (space runs as one space), and the position each ends at. */
  private scanGrams(limit: number, headLength: number): number {
    const units = this.units;
    const table = CHAR_TABLE;
    const grams = this.grams;
    const gramAt = this.gramAt;
    const ring = this.ring;
    const gram = this.config.charNgram;
    const dropFactor = this.dropFactor;
    let count = 0;
    let ringPosition = 0;
    let ringFill = 0;
    let lastWasSpace = true;
    let gramHash = 0;
    for (let position = 0; position < limit; position++) {
      // the cut between head and tail counts as a space
      if (position === headLength) lastWasSpace = true;
      const entry = table[units[position] ?? 0] ?? 0;
      const normal = (entry & KIND_MASK) === SPACE ? 32 : entry >>> NORMAL_SHIFT;
      if (normal === 32 && lastWasSpace) continue;
      // polynomial rolling hash of the last `gram` characters: add the new one, drop the oldest
      const leaving = ringFill >= gram ? (ring[ringPosition] ?? 0) : 0;
      gramHash = (Math.imul(gramHash - Math.imul(leaving, dropFactor), ROLLING_BASE) + normal) | 0;
      ring[ringPosition] = normal;
      ringPosition = ringPosition + 1 === gram ? 0 : ringPosition + 1;
      ringFill++;
      lastWasSpace = normal === 32;
      if (ringFill >= gram) {
        gramAt[count] = position;
        grams[count++] = gramHash;
      }
    }
    return count;
  }

  /**
   * Turns tokens into word, bigram and lead hashes, in text order, with the n-grams merged in (an n-gram comes
   * after the tokens complete at its last character); counts domain markers.
   */
  private hashTokens(tokenCount: number, gramCount: number): void {
    const config = this.config;
    const tokens = this.tokens;
    const tokenAt = this.tokenAt;
    const grams = this.grams;
    const gramAt = this.gramAt;
    const hashes = this.hashes;
    const namespaces = this.namespaces;
    const markers = this.markers;
    const bigrams = config.wordNgrams >= 2;
    const leadWords = config.leadWords;
    const denseOn = config.dense;
    markers.fill(0);
    let position = 0;
    let gram = 0;
    let previous = 0;
    let leadHash = 0x9747b28c;
    for (let token = 0; token < tokenCount; token++) {
      const hash = tokens[token] ?? 0;
      if (gramCount > 0) {
        const at = tokenAt[token] ?? 0;
        for (; gram < gramCount && (gramAt[gram] ?? 0) < at; gram++) {
          hashes[position] = combineHashes(grams[gram] ?? 0, CHAR_SEED);
          namespaces[position++] = CHAR;
        }
      }
      if (denseOn) {
        const marker = markerOf(hash);
        if (marker >= 0) markers[marker] = (markers[marker] ?? 0) + 1;
      }
      hashes[position] = combineHashes(hash, WORD_SEED);
      namespaces[position++] = WORD;
      if (bigrams && token > 0) {
        hashes[position] = combineHashes(combineHashes(previous, hash), BIGRAM_SEED);
        namespaces[position++] = BIGRAM;
      }
      previous = hash;
      if (token < leadWords) {
        leadHash = combineHashes(leadHash, hash);
        hashes[position] = combineHashes(leadHash, LEAD_SEED);
        namespaces[position++] = LEAD;
      }
    }
    for (; gram < gramCount; gram++) {
      hashes[position] = combineHashes(grams[gram] ?? 0, CHAR_SEED);
      namespaces[position++] = CHAR;
    }
    this.length = position;
  }

  /** The dense features, from the characters per class (which it sets back to zero) and the domain markers. */
  private denseFeatures(textLength: number, limit: number, words: number): void {
    const classCounts = this.classCounts;
    let letters = this.lower;
    let upper = 0;
    let digits = 0;
    let nonAscii = 0;
    let codeSymbols = 0;
    let newlines = 0;
    let questions = 0;
    for (const flags of OCCURRING_FLAGS) {
      const count = classCounts[flags] ?? 0;
      if (count === 0) continue;
      classCounts[flags] = 0;
      if ((flags & COUNTED_LETTER) !== 0) letters += count;
      if ((flags & UPPER) !== 0) upper += count;
      if ((flags & DIGIT) !== 0) digits += count;
      if ((flags & WIDE) !== 0) nonAscii += count;
      if ((flags & CODE) !== 0) codeSymbols += count;
      if ((flags & NEWLINE) !== 0) newlines += count;
      if ((flags & QUESTION) !== 0) questions += count;
    }
    const scanned = Math.max(1, limit);
    const dense = this.dense;
    dense[0] = Math.log1p(textLength);
    dense[1] = Math.log1p(words * (textLength / scanned));
    dense[2] = Math.log1p(newlines);
    dense[3] = digits / scanned;
    dense[4] = letters === 0 ? 0 : upper / letters;
    dense[5] = nonAscii / scanned;
    dense[6] = codeSymbols / scanned;
    dense[7] = this.fenced ? 1 : 0;
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

