import type { IfevalCheckers } from './checker-types.js';
import { compare, containsBounded, countSubstring, stripChars } from './text.js';

/**
 * keywords:*, punctuation:no_comma and startend:*. Each rule restates, in words, the reference definition
 * (google-research `instruction_following_eval/instructions.py`) it implements.
 */
export const wordCheckers = {
  // Reference: every keyword is found somewhere in the response, ignoring case. It is a plain search, not a
  // word match: "riddles" contains the keyword "riddle".
  'keywords:existence': (response, { keywords }) => keywords.every((keyword) => countSubstring(response, keyword) > 0),

  // Reference: no forbidden word occurs between word boundaries, ignoring case ("badge" does not contain
  // the word "bad").
  'keywords:forbidden_words': (response, { forbidden_words }) => forbidden_words.every((word) => !containsBounded(response, word)),

  // Reference: the number of non-overlapping case-insensitive occurrences of the keyword (with surrounding
  // spaces trimmed) anywhere in the response, compared with the relation; substrings count ("warfare" holds
  // one "war").
  'keywords:frequency': (response, { keyword, relation, frequency }) => compare(countSubstring(response, keyword.trim()), relation, frequency),

  // Reference: the response is lower-cased and the (lower-cased) letter's occurrences are counted.
  'keywords:letter_frequency': (response, { letter, let_relation, let_frequency }) => {
    const target = letter.trim().toLowerCase();
    let found = 0;
    for (const char of response.toLowerCase()) if (char === target) found += 1;
    return compare(found, let_relation, let_frequency);
  },

  // Reference: the response holds no ASCII comma. (Other comma characters are not looked for.)
  'punctuation:no_comma': (response) => !response.includes(','),

  // Reference: surrounding whitespace, then surrounding ASCII double quotes, are removed; lower-cased, the
  // response must end with the (trimmed, lower-cased) phrase. Nothing may follow it, not even a full stop.
  'startend:end_checker': (response, { end_phrase }) =>
    stripChars(response.trim(), '"').toLowerCase().endsWith(end_phrase.trim().toLowerCase()),

  // Reference: after trimming whitespace the response is longer than one character and its first and last
  // characters are both the ASCII double quote (curly quotes do not count).
  'startend:quotation': (response) => {
    const text = response.trim();
    return text.length > 1 && text.startsWith('"') && text.endsWith('"');
  },
} satisfies Pick<
  IfevalCheckers,
  | 'keywords:existence'
  | 'keywords:forbidden_words'
  | 'keywords:frequency'
  | 'keywords:letter_frequency'
  | 'punctuation:no_comma'
  | 'startend:end_checker'
  | 'startend:quotation'
>;
