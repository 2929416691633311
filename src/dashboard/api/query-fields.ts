/**
 * zod building blocks for URL query parameters. A query value is always a string (a repeated parameter is
 * joined with commas before parsing), so numbers, booleans and lists are parsed from text here, with messages
 * a person can act on. Pure zod: the browser bundle validates its forms with the same fields.
 */
import { z } from 'zod';

/** A decimal number such as `2`, `-0.5`, `1e6`; refuses empty strings, `NaN` and `Infinity`. */
export const queryNumber = z
  .string()
  .trim()
  .regex(/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i, 'expected a number')
  .transform(Number);

export const queryInteger = z.string().trim().regex(/^[-+]?\d+$/, 'expected a whole number').transform(Number);

const TRUE_WORDS = ['true', '1', 'yes', 'on'] as const;
const BOOLEAN_WORDS = [...TRUE_WORDS, 'false', '0', 'no', 'off'] as const;

/** `true|false` (also `1|0`, `yes|no`, `on|off`). */
export const queryBoolean = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(BOOLEAN_WORDS, { error: 'expected true or false' }))
  .transform((value) => (TRUE_WORDS as readonly string[]).includes(value));

/** A comma-separated list (a repeated parameter arrives joined the same way); empty items are dropped. */
export function queryList<T extends z.ZodType>(item: T): z.ZodType<Array<z.output<T>>, string> {
  const items = z.array(item) as unknown as z.ZodType<Array<z.output<T>>, string[]>;
  return z
    .string()
    .transform((value) => value.split(',').map((part) => part.trim()).filter((part) => part !== ''))
    .pipe(items);
}

export const queryDate = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

/** A number within bounds (inclusive). */
export function queryRange(min: number, max: number) {
  return queryNumber.pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

export function queryIntegerRange(min: number, max: number) {
  return queryInteger.pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}
