/**
 * The one way a failed zod parse becomes a parity error: the first issue, described as where (its path, written
 * `providers[2].model`) and what (zod's message). Each caller picks the error class and says which file, flag or
 * request the path is inside; this file only says where inside it and what is wrong.
 */
import type { z } from 'zod';
import { formatIssuePath } from '../errors.js';

/** The first thing a failed parse found wrong. */
export interface ZodIssueReport {
  /** zod's issue; undefined only for an error without issues (which zod never throws). */
  readonly issue: z.core.$ZodIssue | undefined;
  /** The issue's path as zod gives it (`['providers', 2, 'model']`), empty at the root. */
  readonly path: readonly PropertyKey[];
  /** The path written `providers[2].model`, `(root)` when empty. */
  readonly field: string;
  /** What is wrong, in zod's words. */
  readonly message: string;
  /** `field: message` — the one line most errors carry. */
  readonly text: string;
  /** The whole error, to keep as the thrown error's `cause`. */
  readonly error: z.ZodError;
}

export function firstIssue(error: z.ZodError): ZodIssueReport {
  const issue = error.issues[0];
  const path = issue?.path ?? [];
  const field = formatIssuePath(path);
  const message = issue?.message ?? 'invalid';
  return { issue, path, field, message, text: `${field}: ${message}`, error };
}

/** `value` parsed by `schema`, or the error `fail` builds from the first issue, thrown. */
export function parseOrThrow<Schema extends z.ZodType>(schema: Schema, value: unknown, fail: (issue: ZodIssueReport) => Error): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw fail(firstIssue(parsed.error));
}

/**
 * The command-line flag an issue in a parsed options object concerns, as the user typed it: `maxCost` →
 * `--max-cost`; `fallback` when the issue is about the object as a whole.
 */
export function issueFlag(issue: ZodIssueReport, fallback = 'flags'): string {
  const key = issue.path[0];
  return key === undefined ? fallback : `--${String(key).replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}
