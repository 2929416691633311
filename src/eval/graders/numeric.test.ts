import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { extractNumericAnswer, findNumbers, parseReferenceNumber, toAsciiDigits } from './numeric-extract.js';
import { grade } from './registry.js';

const MARKERS = ['The answer is', '####'];

describe('numeric answer extraction', () => {
  it('takes the first number after the last marker', () => {
    const text = 'She has 3 apples and buys 4 more, so 3 + 4 = 7.\nThe answer is 7. (Check: 7 - 4 = 3.)';
    expect(extractNumericAnswer(text, MARKERS)).toEqual({ value: 7, via: 'marker' });
  });
  it('falls back to the last number without a marker, or when nothing follows the marker', () => {
    expect(extractNumericAnswer('First 12, then 30 in total', MARKERS)).toEqual({ value: 30, via: 'last-number' });
    expect(extractNumericAnswer('It is 5. The answer is unclear', MARKERS)).toEqual({ value: 5, via: 'last-number' });
    expect(extractNumericAnswer('no digits here', MARKERS)).toBeUndefined();
  });
  it('normalises thousands separators, currency, signs and decimals', () => {
    expect(findNumbers('$1,450,000 and -3.5 and €12.')).toEqual([1450000, -3.5, 12]);
    expect(findNumbers('between 3-4 hours')).toEqual([3, 4]);
    expect(parseReferenceNumber('2,125')).toBe(2125);
    expect(parseReferenceNumber('1 or 2')).toBeUndefined();
  });
  it('reads non-ASCII decimal digits (Bengali, Thai, full-width)', () => {
    expect(toAsciiDigits('১২৩ ๔๕ ６７')).toBe('123 45 67');
    expect(extractNumericAnswer('উত্তর হল ১৮', MARKERS)?.value).toBe(18);
  });
});

describe('numeric grader', () => {
  it('compares the extracted answer with the expected value', async () => {
    const pass = await grade({ text: 'So she makes $18 every day.\nThe answer is 18.', expected: 18 }, { type: 'numeric' });
    expect(pass).toMatchObject({ pass: true, details: { answer: 18, reference: 18 } });
    const fail = await grade({ text: 'The answer is 16.', expected: '18' }, { type: 'numeric' });
    expect(fail.pass).toBe(false);
  });
  it('grades a GSM8K worked solution through its #### marker', async () => {
    const solution = 'Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nNatalia sold 48+24 = <<48+24=72>>72 clips altogether.\n#### 72';
    expect((await grade({ text: solution }, { type: 'numeric', reference: 72 })).pass).toBe(true);
  });
  it('throws ConfigError when the reference is not a number', async () => {
    await expect(grade({ text: '1', expected: 'many' }, { type: 'numeric' })).rejects.toBeInstanceOf(ConfigError);
  });
});
