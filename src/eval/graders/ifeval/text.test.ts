import { describe, expect, it } from 'vitest';
import { containsBounded, countSubstring, countWords, isLowerPython, isUpperPython, stripChars } from './text.js';

describe('IFEval text helpers (Python semantics)', () => {
  it('counts \\w+ runs as words: apostrophes, dots and hyphens split', () => {
    expect(countWords("Don't stop: it costs $3.50, e-mail me.")).toBe(10);
    expect(countWords('')).toBe(0);
    // Python's \w excludes combining marks, so Devanagari vowel signs split a word.
    expect(countWords('\u0939\u093F\u0902\u0926\u0940')).toBe(2);
  });

  it('counts substrings ignoring case, without overlaps', () => {
    expect(countSubstring('Riddles and RIDDLE', 'riddle')).toBe(2);
    expect(countSubstring('aaaa', 'aa')).toBe(2);
    expect(countSubstring('a.b', '.')).toBe(1);
  });

  it('finds whole words between Unicode word boundaries', () => {
    expect(containsBounded('A bad idea', 'bad')).toBe(true);
    expect(containsBounded('A badge', 'bad')).toBe(false);
    expect(containsBounded('A café_bad', 'bad')).toBe(false);
    expect(containsBounded('Très bad!', 'BAD')).toBe(true);
  });

  it('follows str.isupper / str.islower', () => {
    expect(isUpperPython('HELLO, WORLD 123!')).toBe(true);
    expect(isUpperPython('123')).toBe(false);
    expect(isUpperPython('ÀB')).toBe(true);
    expect(isUpperPython('Hello')).toBe(false);
    expect(isLowerPython('straße 2')).toBe(true);
    expect(isLowerPython('straSSe')).toBe(false);
  });

  it('strips listed characters only', () => {
    expect(stripChars('""quoted" ', '"')).toBe('quoted" ');
  });
});
