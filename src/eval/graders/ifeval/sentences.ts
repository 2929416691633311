/**
 * Sentence counting for `length_constraints:number_sentences`.
 *
 * The reference counts the sentences NLTK's pre-trained Punkt model for English finds
 * (`nltk.data.load("tokenizers/punkt/english.pickle").tokenize(text)`). Punkt has no notion of lines: a
 * sentence ends only at `.`, `?` or `!` (possibly followed by closing quotes or brackets) that is followed by
 * whitespace and another token, so a bullet list without full stops is one sentence and a heading runs into
 * the sentence after it. Whether a period ends a sentence is then decided from statistics learned from a
 * corpus (abbreviations, word-case habits) that we do not ship. We approximate those decisions with rules:
 *
 * - `?` and `!` always end a sentence (as in Punkt).
 * - An ellipsis (two or more periods) ends one only before a capitalised word.
 * - A period after a known abbreviation does not end a sentence, except before a capitalised word when the
 *   abbreviation is not a title (so "Dr. Smith" and "e.g. Paris" stay, "etc. The" breaks).
 * - A period after a single letter (an initial, "J. Smith") does not end a sentence.
 * - A period after a number ends one unless the next word starts in lower case ("1. Apples" breaks).
 * - Any other period ends a sentence.
 *
 * `?`/`!`/period placement, the line-blindness and the "no break without a following token" rule are
 * Punkt's own; the abbreviation list and the three word-case rules stand in for its learned statistics.
 */

/** Abbreviations that precede a name; never a sentence end. */
const TITLES = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'sr', 'jr', 'gen', 'col', 'lt', 'sgt', 'capt', 'rev', 'hon', 'sen', 'rep', 'gov', 'pres', 'messrs', 'mme', 'mlle']);

/** Abbreviations that usually sit inside a sentence; a sentence end only before a capitalised word. */
const ABBREVIATIONS = new Set([
  'etc', 'vs', 'cf', 'al', 'approx', 'inc', 'ltd', 'co', 'corp', 'dept', 'fig', 'figs', 'vol', 'vols', 'ed', 'eds',
  'jan', 'feb', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mon', 'tue', 'wed', 'thu', 'fri',
  'ave', 'blvd', 'rd', 'mt', 'ft', 'no', 'nos', 'pp', 'ca', 'esp', 'govt', 'misc', 'min', 'max', 'viz',
]);

/** Abbreviations never followed by a sentence end even before a capitalised word ("e.g. Paris"). */
const NEVER_FINAL = new Set(['e.g', 'i.e', 'vs', 'cf', 'viz']);

/** Characters Punkt keeps out of the front of a word token (its WordStart rule). */
const LEADING_PUNCTUATION = /^[("`{[:;&#*@)}\]\-,'\u201C\u2018]+/;

/** Closing marks Punkt lets sit between the sentence-end character and the next token. */
const CLOSERS = `[)"';}\\]*:@'({[\\u201D\\u2019]`;

/** A sentence-end run and the closers after it, when whitespace and another token follow. */
const CANDIDATE = new RegExp(`([.?!]+)${CLOSERS}*(?=\\s+(\\S+))`, 'gu');

type Decision = 'break' | 'continue';

function isCapitalised(token: string): boolean {
  const first = token.replace(LEADING_PUNCTUATION, '').charAt(0);
  return first !== '' && first !== first.toLowerCase() && first === first.toUpperCase();
}

function startsLowercase(token: string): boolean {
  const first = token.replace(LEADING_PUNCTUATION, '').charAt(0);
  return first !== '' && first !== first.toUpperCase() && first === first.toLowerCase();
}

/** Decides whether the end run `marks`, after word `previous` and before token `next`, ends a sentence. */
function decide(previous: string, marks: string, next: string): Decision {
  if (/[?!]/.test(marks)) return 'break';
  if (marks.length > 1) return isCapitalised(next) ? 'break' : 'continue';
  const word = previous.replace(LEADING_PUNCTUATION, '').toLowerCase();
  const lastPart = word.split('-').at(-1) ?? word;
  if (TITLES.has(word) || NEVER_FINAL.has(word)) return 'continue';
  if (ABBREVIATIONS.has(word) || ABBREVIATIONS.has(lastPart) || /^(?:\p{L}\.)+\p{L}$/u.test(word)) {
    return isCapitalised(next) ? 'break' : 'continue';
  }
  if (/^\p{L}$/u.test(word)) return 'continue';
  if (/^-?[.,]?\d[\d,.-]*$/.test(word)) return startsLowercase(next) ? 'continue' : 'break';
  return 'break';
}

/** The sentences of the text, trimmed; a text with no non-space character has none. */
export function sentences(text: string): string[] {
  const found: string[] = [];
  let start = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const [whole, marks = '', next = ''] = match;
    const before = text.slice(start, match.index);
    const previous = before.split(/\s/).at(-1) ?? '';
    if (decide(previous, marks, next) === 'continue') continue;
    const end = match.index + whole.length;
    found.push(text.slice(start, end).trim());
    start = end;
  }
  const rest = text.slice(start).trim();
  if (rest !== '') found.push(rest);
  return found;
}

export function countSentences(text: string): number {
  return sentences(text).length;
}
