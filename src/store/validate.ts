import type { z } from 'zod';
import { DataError, ValidationError } from '../errors.js';
import { parseOrThrow } from '../kernel/index.js';
import type { JsonValue } from './records.js';

/** Parses `value` with `schema`, or throws a ValidationError naming the first bad field. */
export function validate<Schema extends z.ZodType>(schema: Schema, value: unknown, what: string): z.output<Schema> {
  return parseOrThrow(schema, value, (issue) => new ValidationError(`${what}: ${issue.text}`, issue.field));
}

/** JSON text for a JSON column; `undefined` and `null` become SQL NULL. */
export function toJsonText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new ValidationError(`${field}: not serialisable as JSON`, field, { cause: error });
  }
  if (text === undefined) throw new ValidationError(`${field}: not serialisable as JSON`, field);
  return text;
}

/** Parses a JSON column; a corrupt value is reported with where it was found, never silently dropped. */
export function fromJsonText(text: string | null, where: string): JsonValue | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new DataError(where, undefined, 'stored JSON is corrupt', { cause: error });
  }
}

export function toNumberOrNull(value: number | string | bigint | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}
