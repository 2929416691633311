/** Check digits of the identifiers the detector validates: Luhn (cards, Canadian SIN), the Dutch 11-test, mod 97. */

/** Luhn (mod 10) over a string of digits. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The digit that completes `digits` to a Luhn-valid number (for tests and generators). */
export function luhnCheckDigit(digits: string): string {
  for (let check = 0; check <= 9; check++) if (luhnValid(`${digits}${check}`)) return String(check);
  return '0';
}

/** Dutch BSN "11-test": 9 digits, Σ weight·digit with weights 9…2 and −1 divisible by 11. */
export function bsnValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < 8; index++) sum += (9 - index) * (digits.charCodeAt(index) - 48);
  sum -= digits.charCodeAt(8) - 48;
  return sum % 11 === 0 && digits !== '000000000';
}

/** French NIR (social security number): 13 digits + a 2-digit key = 97 − (number mod 97); Corsica's 2A/2B as 19/18. */
export function nirValid(value: string): boolean {
  const compact = value.replace(/\s/g, '').toUpperCase();
  const match = /^([12]\d{4})(2A|2B|\d{2})(\d{6})(\d{2})$/.exec(compact);
  if (!match) return false;
  const department = match[2] === '2A' ? '19' : match[2] === '2B' ? '18' : match[2];
  const number = BigInt(`${match[1]}${department}${match[3]}`);
  return 97n - (number % 97n) === BigInt(match[4] ?? '-1');
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter): the letter is the number mod 23. */
export function dniValid(value: string): boolean {
  const match = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(value.toUpperCase());
  if (!match) return false;
  const prefix = match[1] === '' ? '' : String('XYZ'.indexOf(match[1] ?? ''));
  const digits = `${prefix}${match[2]}`;
  if (digits.length !== 8) return false;
  return DNI_LETTERS[Number(digits) % 23] === match[3];
}
