/**
 * A varied corpus and a digest of everything a TextScanner produces, so a faster scanner can be checked against
 * golden digests written by the previous implementation (test/fixtures/route/scanner-golden.json, written by
 * `npx tsx test/route/write-scanner-golden.ts` — run it only when the features are meant to change).
 *
 * The corpus: every fixture prompt (AlpacaEval and arena-bench) plus seeded synthetic texts mixing the cases the
 * scanner treats specially — upper case, digits, every ASCII mark and space, backtick runs, underscores,
 * non-ASCII letters, CJK, wide spaces and wide punctuation (including each range's first and last code point),
 * surrogate pairs, control characters, marker words — at lengths below, at and far above maxChars, so words
 * straddle the head/tail cut. The digest covers the hashes in order, their namespaces, the counts, the dense
 * values' bits and the exact score of a seeded logistic model read straight from the scan.
 */
import { createHash } from 'node:crypto';
import { readJudgements } from '../../src/route/data/read-judgements.js';
import type { FeatureConfig } from '../../src/route/features/feature-config.js';
import { DENSE_FEATURE_NAMES, type TextScanner } from '../../src/route/features/text-scanner.js';
import { LogisticModel } from '../../src/route/models/logistic.js';
import { seededRandom } from '../../src/kernel/index.js';
import { ALPACA, SINGLE_SCORE } from './helpers.js';

export const GOLDEN_CONFIGS: readonly FeatureConfig[] = [
  // the defaults before and after maxChars went from 2000 to 1000 (the digests were written by the scanner of
  // before both changes, commit bd97ea4)
  { hashBits: 16, wordNgrams: 2, charNgram: 0, leadWords: 2, maxChars: 2000, dense: true },
  { hashBits: 16, wordNgrams: 2, charNgram: 0, leadWords: 2, maxChars: 1000, dense: true },
  { hashBits: 12, wordNgrams: 1, charNgram: 4, leadWords: 4, maxChars: 300, dense: true },
  { hashBits: 20, wordNgrams: 2, charNgram: 3, leadWords: 0, maxChars: 64, dense: false },
  { hashBits: 8, wordNgrams: 2, charNgram: 1, leadWords: 1, maxChars: 16, dense: true },
  { hashBits: 16, wordNgrams: 2, charNgram: 8, leadWords: 3, maxChars: 5000, dense: true },
];

const WORDS = ['the', 'a', 'of', 'write', 'What', 'is', 'Python', 'SOLVE', 'translate', 'poem', 'function', 'x', 'y', 'sqrt', 'explain', 'plan', 'tools', 'Essay', 'json', 'déjà', 'straße', 'naïve', 'Привет', 'мир', 'λόγος', 'café'];
const MARKS = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code)).filter((char) => /[^A-Za-z0-9_]/.test(char));
const SPACES = [' ', ' ', ' ', '\t', '\n', '\r\n', '\u000b', '\u000c', '\u00a0', '\u3000', '\u2000', '\u2003', '\u200b', '\u2028', '\u2029', '\ufeff'];
const WIDE = [0x2010, 0x201c, 0x201d, 0x2026, 0x206f, 0x3001, 0x3002, 0x303f, 0xff01, 0xff0f, 0xff1a, 0xff20, 0xbf, 0xa1, 0xab, 0xbb, 0x200c, 0x2070, 0x3000, 0x3040, 0x30ff, 0x3400, 0x4e2d, 0x9fff, 0xac00, 0xd7af, 0xf900, 0xfaff, 0x3100, 0x33ff, 0xa000, 0xd7b0, 0xff10, 0xff21, 0xe9, 0x100, 0x7f, 0x80, 0x9f];
const PIECES: ReadonlyArray<(random: () => number) => string> = [
  (random) => WORDS[Math.floor(random() * WORDS.length)] as string,
  (random) => WORDS[Math.floor(random() * WORDS.length)] as string,
  (random) => String(Math.floor(random() * 100_000)),
  (random) => MARKS[Math.floor(random() * MARKS.length)] as string,
  (random) => SPACES[Math.floor(random() * SPACES.length)] as string,
  (random) => '`'.repeat(1 + Math.floor(random() * 5)),
  (random) => `snake_case_${Math.floor(random() * 10)}`,
  (random) => String.fromCharCode(WIDE[Math.floor(random() * WIDE.length)] as number),
  (random) => ['中文字符', 'ひらがなカタカナ', '한국어', '翻訳して'][Math.floor(random() * 4)] as string,
  (random) => ['😀', '\ud83d', '\ude00', '\u0000', '\u001f'][Math.floor(random() * 5)] as string,
  (random) => ['UPPER CASE WORDS', 'MiXeD CaSe', 'e.g.', 'C++', 'x^2 + y^2 = z^2?', '```js\nconst x = 1;\n```'][Math.floor(random() * 6)] as string,
];

function syntheticText(random: () => number, length: number): string {
  let text = '';
  while (text.length < length) {
    text += (PIECES[Math.floor(random() * PIECES.length)] as (random: () => number) => string)(random);
    if (random() < 0.6) text += ' ';
  }
  return text.slice(0, length);
}

/** Fixture prompts, then synthetic texts of many lengths (around every golden config's maxChars, and far above). */
export function scannerCorpus(): string[] {
  const fixture = [...readJudgements({ format: 'alpaca-eval', ...ALPACA }).prompts.values(), ...readJudgements({ format: 'single-score', ...SINGLE_SCORE }).prompts.values()];
  const random = seededRandom(20261129);
  const lengths = [0, 1, 2, 3, 5, 8, 15, 16, 17, 40, 63, 64, 65, 100, 299, 300, 301, 700, 749, 750, 751, 999, 1000, 1001, 1999, 2000, 2001, 2500, 4999, 5000, 5001, 6000, 20_000];
  const synthetic: string[] = [];
  for (const length of lengths) for (let copy = 0; copy < 3; copy++) synthetic.push(syntheticText(random, length));
  for (let index = 0; index < 40; index++) synthetic.push(syntheticText(random, Math.floor(random() * 3000)));
  // words that straddle the head/tail cut of a long prompt, and one-character edge cases
  synthetic.push('word'.repeat(1000), 'A'.repeat(2500), '9'.repeat(2100), '`'.repeat(2003), ' '.repeat(2001), '中'.repeat(2001), 'a b '.repeat(700), `${'x'.repeat(1499)}_${'y'.repeat(1000)}`, `${'x'.repeat(749)}_${'y'.repeat(1000)}`, `${'`'.repeat(750)}${'a'.repeat(300)}${'`'.repeat(250)}`);
  return [...fixture, ...synthetic];
}

/** A logistic model with a seeded weight in every slot, so every hash the scan yields changes the score. */
export function seededLogistic(config: FeatureConfig): LogisticModel {
  const random = seededRandom(config.hashBits * 7919 + config.maxChars);
  const slots = 1 << config.hashBits;
  const width = config.dense ? DENSE_FEATURE_NAMES.length : 0;
  return new LogisticModel({
    kind: 'logistic',
    hashBits: config.hashBits,
    bias: random() - 0.5,
    dense: {
      names: DENSE_FEATURE_NAMES.slice(0, width),
      mean: Array.from({ length: width }, () => random()),
      scale: Array.from({ length: width }, () => 0.5 + random()),
      weights: Array.from({ length: width }, () => random() - 0.5),
    },
    sparse: { slots: Array.from({ length: slots }, (_, slot) => slot), weights: Array.from({ length: slots }, () => random() - 0.5) },
  });
}

/** 16 hex digits of SHA-256 over the scan's hashes, namespaces, counts and dense bits, and the score's bits. */
export function scanDigest(scanner: TextScanner, score: number): string {
  const hash = createHash('sha256');
  hash.update(Buffer.from(Int32Array.of(scanner.length).buffer));
  hash.update(Buffer.from(scanner.hashes.buffer, scanner.hashes.byteOffset, scanner.length * 4));
  hash.update(Buffer.from(scanner.namespaces.buffer, scanner.namespaces.byteOffset, scanner.length));
  hash.update(Buffer.from(scanner.counts.buffer, scanner.counts.byteOffset, scanner.counts.byteLength));
  if (scanner.config.dense) hash.update(Buffer.from(scanner.dense.buffer, scanner.dense.byteOffset, scanner.dense.byteLength));
  hash.update(Buffer.from(Float64Array.of(score).buffer));
  return hash.digest('hex').slice(0, 16);
}

export interface ScannerGolden {
  configs: FeatureConfig[];
  prompts: number;
  /** digests[config][prompt] */
  digests: string[][];
}
