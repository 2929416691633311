import type { IfevalCheckers } from './checker-types.js';
import { detectLanguage } from './language.js';
import {
  compare,
  countSentences,
  countWords,
  isAllLower,
  isAllUpper,
  nonEmptyBlocks,
  splitOnBlankLines,
  splitOnDivider,
  words,
} from './text.js';

/** The first word of a paragraph, ignoring leading quotes, Markdown marks and punctuation; lower case. */
function firstWord(paragraph: string): string {
  return (words(paragraph)[0] ?? '').toLowerCase();
}

/**
 * Whether the text is in `language` (ISO 639-1). Text too short for identification (a one-word "YES") cannot be
 * shown to be in another language, so the language requirement is not held against it.
 */
function isLanguageOrUndetermined(text: string, language: string): boolean {
  const detected = detectLanguage(text);
  return detected === undefined || detected === language;
}

/** length_constraints:*, change_case:*, language:* and combination:*. */
export const lengthCheckers = {
  // "Answer with {relation} {N} words".
  'length_constraints:number_words': (response, { relation, num_words }) => compare(countWords(response), relation, num_words),

  // "Your response should contain {relation} {N} sentences".
  'length_constraints:number_sentences': (response, { relation, num_sentences }) => compare(countSentences(response), relation, num_sentences),

  // "Your response should contain {N} paragraphs. You separate paragraphs using the markdown divider: * * *".
  'length_constraints:number_paragraphs': (response, { num_paragraphs }) => nonEmptyBlocks(splitOnDivider(response))?.length === num_paragraphs,

  // "There should be {N} paragraphs. Paragraphs and only paragraphs are separated with each other by two line
  // breaks. The {i}-th paragraph must start with word {first_word}."
  'length_constraints:nth_paragraph_first_word': (response, { num_paragraphs, nth_paragraph, first_word }) => {
    const paragraphs = nonEmptyBlocks(splitOnBlankLines(response));
    if (paragraphs === undefined || paragraphs.length !== num_paragraphs) return false;
    const paragraph = paragraphs[nth_paragraph - 1];
    return paragraph !== undefined && firstWord(paragraph) === first_word.trim().toLowerCase();
  },

  // "In your response, words with all capital letters should appear {relation} {N} times".
  'change_case:capital_word_frequency': (response, { capital_relation, capital_frequency }) =>
    compare(words(response).filter(isAllUpper).length, capital_relation, capital_frequency),

  // "Your entire response should be in English, capital letters only."
  'change_case:english_capital': (response) => isAllUpper(response) && isLanguageOrUndetermined(response, 'en'),

  // "Your entire response should be in English, and in all lowercase letters. No capital letters are allowed."
  'change_case:english_lowercase': (response) => isAllLower(response) && isLanguageOrUndetermined(response, 'en'),

  // "Your ENTIRE response should be in {language} language, no other language is allowed."
  'language:response_language': (response, { language }) => isLanguageOrUndetermined(response, language.toLowerCase()),

  // "First repeat the request word for word without change, then give your answer": the response starts with
  // the request (whitespace runs compared as one space; any case, as case has instructions of its own).
  'combination:repeat_prompt': (response, { prompt_to_repeat }) => {
    const squash = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();
    return squash(response).startsWith(squash(prompt_to_repeat));
  },

  // "Give two different responses. Responses and only responses should be separated by 6 asterisk symbols".
  'combination:two_responses': (response) => {
    const parts = nonEmptyBlocks(response.split('******'));
    return parts !== undefined && parts.length === 2 && parts[0] !== parts[1];
  },
} satisfies Pick<
  IfevalCheckers,
  | 'length_constraints:number_words'
  | 'length_constraints:number_sentences'
  | 'length_constraints:number_paragraphs'
  | 'length_constraints:nth_paragraph_first_word'
  | 'change_case:capital_word_frequency'
  | 'change_case:english_capital'
  | 'change_case:english_lowercase'
  | 'language:response_language'
  | 'combination:repeat_prompt'
  | 'combination:two_responses'
>;
