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
 * Punkt's own rules we follow as they are: only `.`, `?`, `!` end sentences, and only when whitespace and a
 * token follow or one of `) " ; } ] * : @ ' ( { [` follows directly (so in "chopsticks?), taking" the text
 * after "?" is a new sentence, and a `**` left after the last full stop counts as one); closing quotes and
 * brackets followed by a space move back to the sentence before. The abbreviation lists and the three
 * word-case rules stand in for its learned statistics.
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

/** Punkt's non-word characters: right after an end mark they make it a candidate even without a space. */
const NON_WORD = `[)";}\\]*:@'({[]`;

/** An end-mark run followed by a non-word character, or by whitespace and another token. */
const CANDIDATE = new RegExp(`[.?!]+(?=(${NON_WORD})|\\s+(\\S+))`, 'gu');

/** Punkt's realignment: closing quotes and brackets at the start of a sentence belong to the one before. */
const REALIGN = /^["')\]}]+?(?:\s+|(?=--)|$)/u;

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

/**
 * Punkt's pieces: text is cut right after each end-mark run that is judged a sentence end; the next piece
 * starts at the following token (or, after a non-word character, right after the marks).
 */
function pieces(text: string): string[] {
  const found: string[] = [];
  let start = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const [marks, nonWord, next] = match;
    const previous = text.slice(start, match.index).split(/\s/).at(-1) ?? '';
    if (decide(previous, marks, next ?? nonWord ?? '') === 'continue') continue;
    const end = match.index + marks.length;
    found.push(text.slice(start, end));
    start = next === undefined ? end : end + text.slice(end).search(/\S/);
  }
  found.push(text.slice(start).trimEnd());
  return found;
}

/** The sentences of the text, trimmed, after Punkt's boundary realignment; blank text has none. */
export function sentences(text: string): string[] {
  const found: string[] = [];
  for (const piece of pieces(text)) {
    const moved = found.length > 0 ? (REALIGN.exec(piece)?.[0] ?? '') : '';
    if (moved !== '') found[found.length - 1] += moved.trimEnd();
    const sentence = piece.slice(moved.length).trim();
    if (sentence !== '') found.push(sentence);
  }
  return found;
}

export function countSentences(text: string): number {
  return sentences(text).length;
}
