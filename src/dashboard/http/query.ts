/**
 * URL query → validated object. A repeated parameter is joined with commas (the list fields split it again);
 * the first problem becomes a ValidationError whose field is the parameter's name, which the error mapping
 * turns into a 400 with `param` set.
 */
import type { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { firstQueryIssue } from '../api/query-issue.js';

export function queryRecord(search: URLSearchParams): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of search) record[name] = name in record ? `${record[name]},${value}` : value;
  return record;
}

export function parseQuery<T extends z.ZodType>(schema: T, search: URLSearchParams): z.output<T> {
  const raw = queryRecord(search);
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const { param, message } = firstQueryIssue(parsed.error, raw);
  throw new ValidationError(message.startsWith('unknown query parameter') ? message : `query parameter "${param}": ${message}`, param);
}
