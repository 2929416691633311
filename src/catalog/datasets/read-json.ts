import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { DataError, NotFoundError, formatIssuePath } from '../../errors.js';

/** Reads a bundled JSON file and validates it; a bad file names the first offending path. */
export function readValidatedJson<Schema extends z.ZodType>(file: string, schema: Schema): z.infer<Schema> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new NotFoundError(`dataset file not found: ${file} (run \`npm run data:import\`)`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DataError(file, undefined, 'not valid JSON', { cause: error });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DataError(file, undefined, issue ? `${formatIssuePath(issue.path)}: ${issue.message}` : 'invalid', {
      cause: parsed.error,
    });
  }
  return parsed.data;
}
