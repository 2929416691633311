import { describe, expect, it } from 'vitest';
import { wordTokens } from './word-tokens.js';

describe('wordTokens (NLTK word_tokenize approximation)', () => {
  it('keeps hyphenated, slashed and dotted words whole', () => {
    expect(wordTokens('WELL-KNOWN AND/OR U.S. COVID-19')).toEqual(['WELL-KNOWN', 'AND/OR', 'U.S.', 'COVID-19']);
  });

  it('splits clitics and two-part words off', () => {
    expect(wordTokens("DON'T I'm IT'S cannot GONNA")).toEqual(['DO', "N'T", 'I', "'m", 'IT', "'S", 'can', 'not', 'GON', 'NA']);
  });

  it('cuts at brackets, quotes, ampersands and at commas before a non-digit', () => {
    expect(wordTokens('(NASA) "AT&T" 1,000 A,B')).toEqual(['NASA', 'AT', 'T', '1,000', 'A', 'B']);
  });
});
