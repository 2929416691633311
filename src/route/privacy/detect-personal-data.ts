/**
 * Finds personal data in text: email addresses, phone numbers (libphonenumber-js: numbers written with a country
 * code, and national ones for the `defaultCountry`), payment card numbers (13–19 digits, Luhn-valid), IBANs
 * (ibantools: country format and mod-97 checksum) and national identifiers by pattern, with their check digit
 * where they have one. Returns spans and kinds only — never the data itself, so a caller can log what was found
 * without logging what it was.
 */
import { isValidIBAN } from 'ibantools';
import { findPhoneNumbersInText, isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { ValidationError } from '../../errors.js';
import { bsnValid, dniValid, luhnValid, nirValid } from './checksums.js';

import { NATIONAL_IDS, PERSONAL_DATA_KINDS, type NationalId, type PersonalDataKind } from './personal-data-kinds.js';

export interface PersonalDataSpan {
  kind: PersonalDataKind;
  /** Which national identifier, for `national-id`. */
  detail?: NationalId;
  /** UTF-16 offsets into the text: text.slice(start, end) is the match. */
  start: number;
  end: number;
}

export interface DetectOptions {
  /** Kinds to look for (default: all). */
  kinds?: readonly PersonalDataKind[];
  /** National identifiers to look for (default: all). */
  nationalIds?: readonly NationalId[];
  /** ISO 3166-1 alpha-2 country whose national phone format is also recognised (without it, only +<country> numbers). */
  defaultCountry?: string;
}

const EMAIL = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}/g;
/** 13–19 digits, optionally in groups separated by one space or hyphen; not inside a longer run of digits. */
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
/** Two letters, two check digits, then 11–30 letters/digits, optionally in groups of four separated by spaces. */
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,8}\b/g;

interface IdPattern {
  pattern: RegExp;
  valid: (match: string) => boolean;
}

const ID_PATTERNS: Record<NationalId, IdPattern> = {
  // area 001–899 but not 666, group 01–99, serial 0001–9999 (the SSA's rules)
  'us-ssn': { pattern: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g, valid: () => true },
  // two prefix letters (not D, F, I, Q, U, V; second not O; not BG, GB, NK, KN, TN, NT, ZZ), six digits, A–D
  'uk-nino': {
    pattern: /\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g,
    valid: () => true,
  },
  'ca-sin': { pattern: /\b\d{3}[ -]\d{3}[ -]\d{3}\b/g, valid: (match) => luhnValid(match.replace(/\D/g, '')) },
  'nl-bsn': { pattern: /\b\d{9}\b/g, valid: (match) => bsnValid(match) },
  'fr-nir': { pattern: /\b[12] ?\d{2} ?\d{2} ?(?:\d{2}|2A|2B) ?\d{3} ?\d{3} ?\d{2}\b/g, valid: (match) => nirValid(match) },
  'es-dni': { pattern: /\b[XYZ]?\d{7,8}-?[A-Z]\b/g, valid: (match) => dniValid(match.replace('-', '')) },
};

/**
 * The length of the longest prefix of a candidate that is a valid IBAN (0 if none): the pattern may run on into a
 * following word in capitals ("… 0130 00 AND"), so shorter prefixes, group by group, are tried too.
 */
function validIbanPrefix(candidate: string): number {
  const groups = candidate.split(' ');
  for (let count = groups.length; count >= 1; count--) {
    const prefix = groups.slice(0, count).join(' ');
    if (isValidIBAN(prefix.replace(/ /g, ''))) return prefix.length;
  }
  return 0;
}

function* matches(text: string, pattern: RegExp): Generator<{ start: number; end: number; value: string }> {
  const regex = new RegExp(pattern.source, pattern.flags);
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    yield { start: match.index, end: match.index + match[0].length, value: match[0] };
    if (match[0].length === 0) regex.lastIndex++;
  }
}

/** Overlapping finds: the longer span wins, then the kind listed first (an IBAN over the digits inside it). */
const PRIORITY: Record<PersonalDataKind, number> = { iban: 0, card: 1, 'national-id': 2, email: 3, phone: 4 };

export function detectPersonalData(text: string, options: DetectOptions = {}): PersonalDataSpan[] {
  const kinds = new Set(options.kinds ?? PERSONAL_DATA_KINDS);
  if (options.defaultCountry !== undefined && !isSupportedCountry(options.defaultCountry)) {
    throw new ValidationError(`defaultCountry "${options.defaultCountry}" is not an ISO 3166-1 alpha-2 country libphonenumber knows`, 'defaultCountry');
  }
  const found: PersonalDataSpan[] = [];
  if (kinds.has('email')) for (const match of matches(text, EMAIL)) found.push({ kind: 'email', start: match.start, end: match.end });
  if (kinds.has('card')) {
    for (const match of matches(text, CARD)) if (luhnValid(match.value.replace(/[ -]/g, ''))) found.push({ kind: 'card', start: match.start, end: match.end });
  }
  if (kinds.has('iban')) {
    for (const match of matches(text, IBAN)) {
      const length = validIbanPrefix(match.value);
      if (length > 0) found.push({ kind: 'iban', start: match.start, end: match.start + length });
    }
  }
  if (kinds.has('national-id')) {
    for (const id of options.nationalIds ?? NATIONAL_IDS) {
      const { pattern, valid } = ID_PATTERNS[id];
      for (const match of matches(text, pattern)) if (valid(match.value)) found.push({ kind: 'national-id', detail: id, start: match.start, end: match.end });
    }
  }
  if (kinds.has('phone')) {
    const country = options.defaultCountry as CountryCode | undefined;
    for (const number of country === undefined ? findPhoneNumbersInText(text) : findPhoneNumbersInText(text, country)) {
      found.push({ kind: 'phone', start: number.startsAt, end: number.endsAt });
    }
  }
  // keep the best of overlapping spans
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || PRIORITY[a.kind] - PRIORITY[b.kind] || a.start - b.start);
  const kept: PersonalDataSpan[] = [];
  for (const span of found) if (!kept.some((other) => span.start < other.end && other.start < span.end)) kept.push(span);
  return kept.sort((a, b) => a.start - b.start);
}

export interface Redaction {
  text: string;
  /** How many of each kind were replaced: what a log may record. */
  counts: Partial<Record<PersonalDataKind, number>>;
}

/** Replaces each span with `[EMAIL]`, `[PHONE]`, … (or what `replacement` returns). */
export function redact(text: string, spans: readonly PersonalDataSpan[], replacement: (span: PersonalDataSpan) => string = (span) => `[${span.kind.toUpperCase()}]`): Redaction {
  const counts: Partial<Record<PersonalDataKind, number>> = {};
  let out = '';
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.start < at) continue;
    out += text.slice(at, span.start) + replacement(span);
    at = span.end;
    counts[span.kind] = (counts[span.kind] ?? 0) + 1;
  }
  return { text: out + text.slice(at), counts };
}

/** detectPersonalData then redact. */
export function redactPersonalData(text: string, options: DetectOptions = {}): Redaction {
  return redact(text, detectPersonalData(text, options));
}
