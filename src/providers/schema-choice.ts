/**
 * zod unions whose errors name the exact field. A plain `z.union` that fails in every branch reports only
 * "Invalid input" at the union's own path; these pick the one schema that applies to a value (by its shape:
 * a string or an array, or the `type` it names) and report that schema's issues, paths included.
 */
import { z } from 'zod';

/** A value checked by the schema `select` picks for it; the output is the value itself. */
export function choose<T>(select: (value: unknown) => z.ZodType): z.ZodType<T> {
  return z.custom<T>().check((context) => {
    const parsed = select(context.value).safeParse(context.value);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      context.issues.push({ code: 'custom', message: issue.message, path: issue.path, input: context.value });
    }
  });
}

const notStringOrArray = z.custom<never>(() => false, { message: 'expected a string or an array' });
/** Built once: a zod schema is costly to construct, and `select` runs for every value checked. */
const anyString = z.string();

/** A string, or an array checked by `array`. */
export function stringOr<T extends z.ZodType>(array: T): z.ZodType<string | z.output<T>> {
  return choose((value) => (typeof value === 'string' ? anyString : Array.isArray(value) ? array : notStringOrArray));
}

/** The `type` field of an object value (undefined for anything else). */
export function typeOf(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? (value as { type?: unknown }).type : undefined;
}
