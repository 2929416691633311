/**
 * Numeric answer extraction for math word problems (GSM8K / MGSM style): the first number after the last
 * answer marker ("The answer is", "####"), else the last number in the text. Thousands separators, currency
 * signs and non-ASCII decimal digits (Bengali, Thai, full-width…) are normalised.
 */

const DIGIT = /\p{Nd}/u;

/** The value (0-9) of any Unicode decimal digit: Nd digits come in contiguous runs that start at zero. */
function digitValue(char: string): number {
  let code = char.codePointAt(0) ?? 0;
  let offset = 0;
  while (DIGIT.test(String.fromCodePoint(code - 1))) {
    code -= 1;
    offset += 1;
  }
  return offset % 10;
}

const asciiCache = new Map<string, string>();

/** Replaces every Unicode decimal digit with its ASCII digit and U+2212 MINUS SIGN with '-'. */
export function toAsciiDigits(text: string): string {
  return text.replace(/\p{Nd}/gu, (char) => {
    if (char >= '0' && char <= '9') return char;
    let ascii = asciiCache.get(char);
    if (ascii === undefined) {
      ascii = String(digitValue(char));
      asciiCache.set(char, ascii);
    }
    return ascii;
  }).replace(/\u2212/g, '-');
}

// A number: optional sign, then either comma-grouped thousands or plain digits, then optional decimals.
const NUMBER = /(?<![\d.,])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|(?<![\d.])-?\.\d+/g;

/** All numbers in the text, in order, as JavaScript numbers. */
export function findNumbers(text: string): number[] {
  const ascii = toAsciiDigits(text);
  const found: number[] = [];
  for (const match of ascii.matchAll(NUMBER)) {
    const value = Number(match[0].replace(/,/g, ''));
    if (Number.isFinite(value)) found.push(value);
  }
  return found;
}

/** Parses a reference answer like "1,450,000", "$18", "-3.5". Undefined when it holds no single number. */
export function parseReferenceNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const numbers = findNumbers(value);
  return numbers.length === 1 ? numbers[0] : undefined;
}

export interface ExtractedAnswer {
  value: number;
  /** How it was found: after a marker, or the last number in the text. */
  via: 'marker' | 'last-number';
}

/** Extracts the model's final numeric answer; undefined when the text holds no number. */
export function extractNumericAnswer(text: string, markers: readonly string[]): ExtractedAnswer | undefined {
  const lower = text.toLowerCase();
  let markerEnd = -1;
  for (const marker of markers) {
    const at = lower.lastIndexOf(marker.toLowerCase());
    if (at >= 0) markerEnd = Math.max(markerEnd, at + marker.length);
  }
  if (markerEnd >= 0) {
    const after = findNumbers(text.slice(markerEnd));
    if (after.length > 0) return { value: after[0] as number, via: 'marker' };
  }
  const all = findNumbers(text);
  const last = all.at(-1);
  return last === undefined ? undefined : { value: last, via: 'last-number' };
}
