import type { IfevalCheckers } from './checker-types.js';
import { compare, countWholeWord } from './text.js';

/** keywords:*, punctuation:no_comma and startend:* (checks on words and characters). */
export const wordCheckers = {
  // "Include keywords {k1}, {k2} in the response": each appears as a whole word, any case.
  'keywords:existence': (response, { keywords }) => keywords.every((keyword) => countWholeWord(response, keyword) > 0),

  // "Do not include keywords {w1}, {w2}": none appears as a whole word, any case.
  'keywords:forbidden_words': (response, { forbidden_words }) => forbidden_words.every((word) => countWholeWord(response, word) === 0),

  // "The word {word} should appear {N} times" (with a relation): whole-word occurrences, any case.
  'keywords:frequency': (response, { keyword, relation, frequency }) => compare(countWholeWord(response, keyword), relation, frequency),

  // "The letter {letter} should appear {N} times": occurrences of the letter in either case.
  'keywords:letter_frequency': (response, { letter, let_relation, let_frequency }) => {
    const target = letter.toLowerCase();
    let found = 0;
    for (const char of response.toLowerCase()) if (char === target) found += 1;
    return compare(found, let_relation, let_frequency);
  },

  // "Refrain from the use of any commas": no ASCII, full-width or Arabic comma.
  'punctuation:no_comma': (response) => !/[,\uFF0C\u060C]/.test(response),

  // "Finish your response with this exact phrase {end_phrase}. No other words should follow this phrase.":
  // the phrase occurs, and only non-word characters (punctuation, quotes, whitespace) come after its last
  // occurrence. Any case: IFEval combines this with all-capitals / all-lowercase instructions in one prompt.
  'startend:end_checker': (response, { end_phrase }) => {
    const phrase = end_phrase.trim().toLowerCase();
    const at = response.toLowerCase().lastIndexOf(phrase);
    return at >= 0 && !/[\p{L}\p{N}]/u.test(response.slice(at + phrase.length));
  },

  // "Wrap your entire response with double quotation marks".
  'startend:quotation': (response) => {
    const text = response.trim();
    return text.length >= 2 && ((text.startsWith('"') && text.endsWith('"')) || (text.startsWith('\u201C') && text.endsWith('\u201D')));
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
