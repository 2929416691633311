/**
 * Counting helpers for the IFEval checkers. Words and sentences follow Unicode text segmentation (UAX #29,
 * via Intl.Segmenter): a word is a word-like segment ("don't", "3.50" and "日本語" are one word each), and a
 * sentence is a sentence segment that holds at least one word. On top of UAX #29, a sentence break right
 * after a title or Latin abbreviation (Mr., Dr., e.g. …) is not counted, as those never end a sentence.
 */

const wordSegmenter = new Intl.Segmenter('en', { granularity: 'word' });
const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** The word-like segments of the text. */
export function words(text: string): string[] {
  const found: string[] = [];
  for (const segment of wordSegmenter.segment(text)) if (segment.isWordLike) found.push(segment.segment);
  return found;
}

export function countWords(text: string): number {
  return words(text).length;
}

const NON_FINAL_ABBREVIATION = /(?:^|[\s("'])(?:mr|mrs|ms|dr|prof|sr|jr|st|mt|vs|e\.g|i\.e|no|fig|approx)\.\s*$/i;
const HAS_WORD = /[\p{L}\p{N}]/u;

/** Sentences of the text (each with at least one letter or digit). */
export function sentences(text: string): string[] {
  const found: string[] = [];
  let pending = '';
  for (const { segment } of sentenceSegmenter.segment(text)) {
    pending += segment;
    if (NON_FINAL_ABBREVIATION.test(pending) && !/\n\s*$/.test(pending)) continue;
    if (HAS_WORD.test(pending)) found.push(pending.trim());
    pending = '';
  }
  if (HAS_WORD.test(pending)) found.push(pending.trim());
  return found;
}

export function countSentences(text: string): number {
  return sentences(text).length;
}

/** The relations IFEval's kwargs use ("less than", "at least"), plus the other obvious ones. */
export const RELATIONS = ['less than', 'at least', 'at most', 'more than', 'exactly'] as const;
export type Relation = (typeof RELATIONS)[number];

export function compare(count: number, relation: Relation, target: number): boolean {
  switch (relation) {
    case 'less than':
      return count < target;
    case 'at least':
      return count >= target;
    case 'at most':
      return count <= target;
    case 'more than':
      return count > target;
    case 'exactly':
      return count === target;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Case-insensitive whole-word (or whole-phrase) occurrences; boundaries are any non-letter/digit. */
export function countWholeWord(text: string, word: string): number {
  const target = word.trim();
  if (target === '') return 0;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(target).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}_])`, 'giu');
  return [...text.matchAll(pattern)].length;
}

/** Blocks separated by lines that hold only a Markdown thematic break of asterisks (`***`, `* * *`). */
export function splitOnDivider(text: string): string[] {
  return text.split(/^[ \t]*\*(?:[ \t]*\*){2,}[ \t]*$/m);
}

/** Blocks separated by at least one blank line ("two line breaks"). */
export function splitOnBlankLines(text: string): string[] {
  return text.split(/\n(?:[ \t]*\n)+/);
}

/**
 * The non-empty blocks, or undefined when an empty block sits between two non-empty ones (two separators in
 * a row is not a paragraph). Empty blocks at the start or end are ignored.
 */
export function nonEmptyBlocks(blocks: readonly string[]): string[] | undefined {
  const trimmed = blocks.map((block) => block.trim());
  const first = trimmed.findIndex((block) => block !== '');
  if (first < 0) return [];
  const last = trimmed.findLastIndex((block) => block !== '');
  const inner = trimmed.slice(first, last + 1);
  return inner.includes('') ? undefined : inner;
}

/** Whether a string has a cased letter and no lowercase ones (Python's str.isupper). */
export function isAllUpper(text: string): boolean {
  return text !== text.toLowerCase() && text === text.toUpperCase();
}

/** Whether a string has a cased letter and no uppercase ones (Python's str.islower). */
export function isAllLower(text: string): boolean {
  return text !== text.toUpperCase() && text === text.toLowerCase();
}
