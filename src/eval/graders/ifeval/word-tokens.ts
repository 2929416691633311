/**
 * Word tokens for `change_case:capital_word_frequency`.
 *
 * The reference tokenizes with NLTK's `word_tokenize` (Punkt sentences, then the Treebank-style
 * NLTKWordTokenizer) and counts the tokens for which Python's `str.isupper()` holds. Splitting punctuation off
 * a word never changes whether the word part is upper case, so what matters is where a run of letters is cut
 * in two or kept whole. We follow the tokenizer's rules for that:
 *
 * - hyphens, slashes, periods, apostrophes inside a word and digits do not split: "WELL-KNOWN", "AND/OR",
 *   "U.S." and "COVID-19" are one token each;
 * - clitics are split off: "DON'T" gives "DO" + "N'T", "IT'S" gives "IT" + "'S" (both upper case), as do
 *   "'M", "'D", "'LL", "'RE", "'VE"; "CANNOT", "GONNA", "GOTTA", "GIMME", "LEMME", "WANNA" split in two;
 * - brackets, double quotes, curly quotes, `*`, `;`, `@`, `#`, `$`, `%`, `&`, `?`, `!`, `--`, `...`, and `,`
 *   or `:` not followed by a digit separate tokens ("AT&T" is "AT" + "&" + "T").
 *
 * Sentence-final periods, which the tokenizer also splits off, are left on the word: they do not change
 * `isupper`.
 */

/** Marks the tokenizer always cuts at (the separator itself is uncased, so it is simply dropped here). */
const SEPARATORS = /[()[\]{}<>"\u00AB\u00BB\u201C\u201D\u201E\u2018\u2019`*;@#$%&?!]|--|\.{2,}|[,:](?!\d)/gu;

/** Clitics the tokenizer splits off the end of a word, in the case forms it recognises. */
const CLITIC = /^(.*[^'])(n't|N'T|'[sSmMdD]|'ll|'LL|'re|'RE|'ve|'VE)$/u;

/** Two-part words the tokenizer splits (its CONTRACTIONS2 list), matched whole-word in any case. */
const TWO_PART = /^(can)(not)$|^(gim)(me)$|^(gon)(na)$|^(got)(ta)$|^(lem)(me)$|^(wan)(na)$|^(more)('n)$|^(d)('ye)$/iu;

function splitToken(token: string): string[] {
  const withoutQuote = token.length > 1 && token.endsWith("'") && !token.endsWith("''") ? token.slice(0, -1) : token;
  const clitic = CLITIC.exec(withoutQuote);
  if (clitic) return [...splitToken(clitic[1] ?? ''), clitic[2] ?? ''];
  const twoPart = TWO_PART.exec(withoutQuote);
  if (twoPart) return twoPart.slice(1).filter((part): part is string => part !== undefined);
  return withoutQuote === '' ? [] : [withoutQuote];
}

/** The word tokens of the text, approximating NLTK's word_tokenize (the separators above are dropped). */
export function wordTokens(text: string): string[] {
  return text
    .replace(SEPARATORS, ' ')
    .split(/\s+/)
    .filter((token) => token !== '')
    .flatMap(splitToken);
}
