/**
 * The first problem zod found with a query, as the parameter it concerns and a message for a person. Shared by
 * the server (a 400 naming the parameter) and the browser (the message under the form field).
 */
import type { z } from 'zod';

export interface QueryIssue {
  param: string;
  message: string;
}

export function firstQueryIssue(error: z.ZodError, raw: Readonly<Record<string, string>>): QueryIssue {
  const issue = error.issues[0];
  if (issue === undefined) return { param: 'query', message: 'invalid query parameters' };
  return describeQueryIssue(issue, raw);
}

export function describeQueryIssue(issue: z.core.$ZodIssue, raw: Readonly<Record<string, string>>): QueryIssue {
  if (issue.code === 'unrecognized_keys') {
    const name = issue.keys[0] ?? 'query';
    return { param: name, message: `unknown query parameter "${name}"` };
  }
  const param = issue.path.length === 0 ? 'query' : String(issue.path[0]);
  // absent and not a cross-field rule (a refine names its own reason)
  const missing = issue.code !== 'custom' && issue.path.length > 0 && !(param in raw);
  return { param, message: missing ? 'is required' : issue.message };
}
