import type { IfevalCheckers } from './checker-types.js';
import { detectLanguage } from './language.js';
import { compare, countSentences, countWords, isLowerPython, isUpperPython } from './text.js';
import { wordTokens } from './word-tokens.js';

/**
 * Whether the detected language is `language`; text with nothing to detect counts as followed, as the
 * reference does when langdetect raises.
 */
function inLanguage(text: string, language: string): boolean {
  const detected = detectLanguage(text);
  return detected === undefined || detected === language;
}

/** Characters that end the first word of a paragraph in the reference (the word is cut at the first one). */
const FIRST_WORD_END = new Set(['.', ',', '?', '!', "'", '"']);

/**
 * The reference's first word of a paragraph: its first whitespace-separated token, with leading single then
 * double quotes removed, cut at the first . , ? ! ' or " and lower-cased. Markdown marks are kept ("**Summary**"
 * is not "summary").
 */
function firstWord(paragraph: string): string {
  const token = (paragraph.trim().split(/\s+/)[0] ?? '').replace(/^'+/, '').replace(/^"+/, '');
  let word = '';
  for (const char of token) {
    if (FIRST_WORD_END.has(char)) break;
    word += char;
  }
  return word.toLowerCase();
}

/**
 * Reference paragraphs for `number_paragraphs`: the pieces between `***` markers, where the marker may take one
 * whitespace character on each side and may sit anywhere (not only on a line of its own; `* * *` is not a
 * marker). A blank first or last piece is not counted; a blank piece in between fails the instruction.
 */
function dividedParagraphs(response: string): number | undefined {
  const pieces = response.split(/\s?\*\*\*\s?/u);
  let count = pieces.length;
  for (const [index, piece] of pieces.entries()) {
    if (piece.trim() !== '') continue;
    if (index !== 0 && index !== pieces.length - 1) return undefined;
    count -= 1;
  }
  return count;
}

/**
 * length_constraints:*, change_case:*, language:* and combination:*. Each rule restates, in words, the reference
 * definition (google-research `instruction_following_eval/instructions.py`) it implements.
 */
export const lengthCheckers = {
  // Reference: the number of runs of word characters (\w+) compared with the relation.
  'length_constraints:number_words': (response, { relation, num_words }) => compare(countWords(response), relation, num_words),

  // Reference: the number of sentences NLTK's Punkt model finds, compared with the relation (see sentences.ts
  // for how we approximate Punkt).
  'length_constraints:number_sentences': (response, { relation, num_sentences }) => compare(countSentences(response), relation, num_sentences),

  // Reference: exactly num_paragraphs paragraphs divided by `***` (see dividedParagraphs).
  'length_constraints:number_paragraphs': (response, { num_paragraphs }) => dividedParagraphs(response) === num_paragraphs,

  // Reference: split at every "\n\n" (exactly two newlines; a third stays at the start of the next piece); the
  // paragraph count is the number of non-blank pieces and must equal num_paragraphs; the nth piece (counting
  // blank ones) must be non-blank and its first word (see firstWord) must equal first_word, lower-cased.
  'length_constraints:nth_paragraph_first_word': (response, { num_paragraphs, nth_paragraph, first_word }) => {
    const pieces = response.split('\n\n');
    const count = pieces.filter((piece) => piece.trim() !== '').length;
    if (nth_paragraph > count) return false;
    const paragraph = (pieces[nth_paragraph - 1] ?? '').trim();
    if (paragraph === '') return false;
    return count === num_paragraphs && firstWord(paragraph) === first_word.toLowerCase();
  },

  // Reference: NLTK word_tokenize tokens that are upper case (Python's isupper: some upper-case letter, no
  // lower-case one) counted and compared with the relation; see word-tokens.ts.
  'change_case:capital_word_frequency': (response, { capital_relation, capital_frequency }) =>
    compare(wordTokens(response).filter(isUpperPython).length, capital_relation, capital_frequency),

  // Reference: the whole response is upper case (Python's isupper) and detected as English.
  'change_case:english_capital': (response) => isUpperPython(response) && inLanguage(response, 'en'),

  // Reference: the whole response is lower case (Python's islower) and detected as English.
  'change_case:english_lowercase': (response) => isLowerPython(response) && inLanguage(response, 'en'),

  // Reference: the detected language of the whole response is the requested one (ISO 639-1).
  'language:response_language': (response, { language }) => inLanguage(response, language),

  // Reference: the trimmed, lower-cased response starts with the trimmed, lower-cased request, character for
  // character (whitespace included).
  'combination:repeat_prompt': (response, { prompt_to_repeat }) =>
    response.trim().toLowerCase().startsWith(prompt_to_repeat.trim().toLowerCase()),

  // Reference: split at "******"; a blank piece between two others fails; the non-blank pieces must be
  // exactly two and differ once trimmed.
  'combination:two_responses': (response) => {
    const pieces = response.split('******');
    const answers: string[] = [];
    for (const [index, piece] of pieces.entries()) {
      if (piece.trim() !== '') answers.push(piece.trim());
      else if (index !== 0 && index !== pieces.length - 1) return false;
    }
    return answers.length === 2 && answers[0] !== answers[1];
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
