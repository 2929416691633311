/**
 * Text helpers for the IFEval checkers, written to give the same answers as the Python string and `re`
 * operations IFEval's reference checkers are defined with (google-research `instruction_following_eval`):
 * Python's `\w` is a letter, a number or `_` (not a combining mark), `str.isupper` / `str.islower` look at the
 * Unicode Uppercase / Lowercase properties, and `.` stops only at `\n`.
 */

export { countSentences, sentences } from './sentences.js';

/** Python's `\w` for str patterns: letters, numbers and the underscore (combining marks are not included). */
export const WORD_CHAR = '[\\p{L}\\p{N}_]';

/**
 * Words as IFEval counts them for `length_constraints:number_words`: maximal runs of word characters (the
 * reference uses NLTK's RegexpTokenizer(r"\w+"), which is exactly this). "don't" is two words, "3.50" two,
 * "e-mail" two.
 */
export function countWords(text: string): number {
  return text.match(new RegExp(`${WORD_CHAR}+`, 'gu'))?.length ?? 0;
}

/** The relations IFEval's kwargs use ("less than", "at least"), plus the other obvious ones for own suites. */
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

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Case-insensitive occurrences of `needle` anywhere in the text, non-overlapping, left to right: "riddles"
 * holds one occurrence of "riddle". The reference hands the keyword to `re` unescaped; we match it as
 * literal text, which is the same for every keyword in IFEval's data (none holds a regex metacharacter).
 */
export function countSubstring(text: string, needle: string): number {
  if (needle === '') return 0;
  return [...text.matchAll(new RegExp(escapeRegExp(needle), 'giu'))].length;
}

/** A position where a word character meets a non-word character (or an end), as Python's `\b` for str patterns. */
const BOUNDARY = `(?:(?<=${WORD_CHAR})(?!${WORD_CHAR})|(?<!${WORD_CHAR})(?=${WORD_CHAR}))`;

/** Whether `word` occurs case-insensitively between two word boundaries (Python's `\b word \b`). */
export function containsBounded(text: string, word: string): boolean {
  if (word === '') return false;
  return new RegExp(`${BOUNDARY}${escapeRegExp(word)}${BOUNDARY}`, 'iu').test(text);
}

/** Python's str.isupper: at least one uppercase character, and no lowercase or titlecase one. */
export function isUpperPython(text: string): boolean {
  return /\p{Uppercase}/u.test(text) && !/[\p{Lowercase}\p{Lt}]/u.test(text);
}

/** Python's str.islower: at least one lowercase character, and no uppercase or titlecase one. */
export function isLowerPython(text: string): boolean {
  return /\p{Lowercase}/u.test(text) && !/[\p{Uppercase}\p{Lt}]/u.test(text);
}

/** Python's `str.strip(chars)` for a set of single characters (no whitespace is removed unless listed). */
export function stripChars(text: string, chars: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && chars.includes(text.charAt(start))) start += 1;
  while (end > start && chars.includes(text.charAt(end - 1))) end -= 1;
  return text.slice(start, end);
}
