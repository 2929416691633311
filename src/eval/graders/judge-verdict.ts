import type { z } from 'zod';
import { ConfigError, ValidationError, formatIssuePath } from '../../errors.js';
import { findJsonObject } from './json-text.js';
import type { GradeContext, Judge } from './types.js';

/** The judge from the context, or a ConfigError naming the grader that needed it. */
export function requireJudge(context: GradeContext, grader: string): Judge {
  if (context.judge === undefined) throw new ConfigError(`grader ${grader}`, 'needs a judge model, and none was given');
  return context.judge;
}

/**
 * Asks the judge and parses its reply as a JSON verdict. A reply that holds no JSON object or does not match
 * the schema throws ValidationError (field `verdict`): a malformed verdict is an error, never a pass.
 */
export async function askJudge<Schema extends z.ZodType>(
  judge: Judge,
  prompt: string,
  schema: Schema,
  signal: AbortSignal | undefined,
): Promise<{ verdict: z.output<Schema>; raw: string }> {
  const raw = await judge.generate(prompt, signal === undefined ? undefined : { signal });
  const found = findJsonObject(raw);
  if (!found.ok) throw new ValidationError(`judge verdict is not JSON (${found.error}): ${raw.slice(0, 200)}`, 'verdict');
  const parsed = schema.safeParse(found.value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`).join('; ');
    throw new ValidationError(`judge verdict is malformed (${issues}): ${raw.slice(0, 200)}`, 'verdict');
  }
  return { verdict: parsed.data, raw };
}

/** Replaces `{{name}}` placeholders; unknown names are left as they are. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}
