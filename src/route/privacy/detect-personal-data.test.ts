import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bsnValid, dniValid, luhnCheckDigit, luhnValid, nirValid } from './checksums.js';
import { detectPersonalData, redactPersonalData, type PersonalDataSpan } from './detect-personal-data.js';

const kinds = (text: string, options = {}): Array<[string, string]> => detectPersonalData(text, options).map((span) => [span.kind, text.slice(span.start, span.end)]);

/** A valid IBAN for a country whose BBAN is all digits, from its BBAN (check digits by ISO 7064 mod 97-10). */
function iban(country: string, bban: string): string {
  const numeric = `${bban}${country}00`.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  const check = 98n - (BigInt(numeric) % 97n);
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

const filler = fc.stringMatching(/^[a-z ,.!?]{0,40}$/);

describe('checksums', () => {
  it('Luhn, the Dutch 11-test, the French NIR key and the Spanish DNI letter on known values', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnCheckDigit('411111111111111')).toBe('1');
    expect(bsnValid('111222333')).toBe(true);
    expect(bsnValid('111222334')).toBe(false);
    expect(nirValid('1 85 05 78 006 084 91')).toBe(true);
    expect(nirValid('1 85 05 78 006 084 92')).toBe(false);
    expect(dniValid('12345678Z')).toBe(true);
    expect(dniValid('12345678A')).toBe(false);
    expect(dniValid('X1234567L')).toBe(true);
  });
});

describe('detectPersonalData', () => {
  it('finds each kind with its span, and says which national identifier', () => {
    const text = 'Mail ada@example.org or call +44 20 7946 0958. Card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00 AND SSN 123-45-6789.';
    expect(kinds(text)).toEqual([
      ['email', 'ada@example.org'],
      ['phone', '+44 20 7946 0958'],
      ['card', '4111 1111 1111 1111'],
      ['iban', 'DE89 3704 0044 0532 0130 00'],
      ['national-id', '123-45-6789'],
    ]);
    expect(detectPersonalData('NINO AB 12 34 56 C').map((span) => span.detail)).toEqual(['uk-nino']);
    expect(detectPersonalData('DNI 12345678Z').map((span) => span.detail)).toEqual(['es-dni']);
  });

  it('national phone formats only with a default country', () => {
    expect(kinds('call (415) 555-2671')).toEqual([]);
    expect(kinds('call (415) 555-2671', { defaultCountry: 'US' })).toEqual([['phone', '(415) 555-2671']]);
    expect(() => detectPersonalData('x', { defaultCountry: 'XX' })).toThrow(/defaultCountry "XX"/);
  });

  it('leaves alone what only looks like personal data', () => {
    expect(kinds('order 4111 1111 1111 1112 shipped')).toEqual([]); // fails Luhn
    expect(kinds('DE89 3704 0044 0532 0130 01')).toEqual([]); // fails mod 97
    expect(kinds('SSN 000-12-3456 or 666-12-3456')).toEqual([]);
    expect(kinds('version 1.2.3 on 2024-05-01, 12 items at 3.50')).toEqual([]);
  });

  it('property: every generated valid card number is found, whole, wherever it sits', () => {
    fc.assert(
      fc.property(filler, filler, fc.integer({ min: 12, max: 18 }), fc.integer({ min: 1, max: 9 }), fc.constantFrom('', ' ', '-'), (before, after, length, first, separator) => {
        const body = `${first}${'0123456789'.repeat(2).slice(0, length - 1)}`;
        const digits = `${body}${luhnCheckDigit(body)}`;
        const written = separator === '' ? digits : (digits.match(/.{1,4}/g) ?? []).join(separator);
        const text = `${before} ${written} ${after}`;
        const cards = detectPersonalData(text, { kinds: ['card'] });
        expect(cards).toEqual([{ kind: 'card', start: before.length + 1, end: before.length + 1 + written.length }]);
      }),
    );
  });

  it('property: a Luhn-invalid number is never flagged as a card', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{12,18}$/), (digits) => {
        const invalid = luhnValid(digits) ? `${digits.slice(0, -1)}${(Number(digits.at(-1)) + 1) % 10}` : digits;
        expect(detectPersonalData(`number ${invalid} here`, { kinds: ['card'] })).toEqual([]);
      }),
    );
  });

  it('property: every generated valid IBAN is found, compact or in groups of four', () => {
    // countries whose BBAN ibantools checks by format only (FR, ES and others also carry a national check digit)
    const countries: Array<[string, number]> = [['DE', 18], ['AT', 16], ['NL', 14], ['GB', 18], ['IT', 23]];
    fc.assert(
      fc.property(fc.constantFrom(...countries), fc.infiniteStream(fc.integer({ min: 0, max: 9 })), fc.boolean(), (country, digitStream, grouped) => {
        const [code, length] = country;
        const digits = [...digitStream.take(length)].join('');
        // NL and GB BBANs start with four letters (the bank), the others are digits here (IT: a check letter first)
        const bban = code === 'NL' ? `ABNA${digits.slice(0, 10)}` : code === 'GB' ? `NWBK${digits.slice(0, 14)}` : code === 'IT' ? `X${digits.slice(0, 22)}` : digits;
        const value = iban(code, bban);
        const written = grouped ? (value.match(/.{1,4}/g) ?? []).join(' ') : value;
        const spans = detectPersonalData(`Pay to ${written}, thanks`, { kinds: ['iban'] });
        expect(spans).toEqual([{ kind: 'iban', start: 7, end: 7 + written.length }]);
      }),
    );
  });

  it('property: generated email addresses are found whole', () => {
    fc.assert(
      fc.property(fc.emailAddress(), filler, (email, before) => {
        fc.pre(!/[<>()[\]\\,;:\s"]/.test(email));
        const found = detectPersonalData(`${before} <${email}>`, { kinds: ['email'] });
        expect(found.map((span: PersonalDataSpan) => `${before} <${email}>`.slice(span.start, span.end))).toEqual([email]);
      }),
    );
  });
});

describe('redactPersonalData', () => {
  it('replaces the data with its kind and counts what it replaced, keeping the rest', () => {
    const { text, counts } = redactPersonalData('Write to ada@example.org, card 4111111111111111, phone +1 415 555 2671.');
    expect(text).toBe('Write to [EMAIL], card [CARD], phone [PHONE].');
    expect(counts).toEqual({ email: 1, card: 1, phone: 1 });
    expect(redactPersonalData('nothing personal here')).toEqual({ text: 'nothing personal here', counts: {} });
  });
});
