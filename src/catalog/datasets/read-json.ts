import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { DataError, NotFoundError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';

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
  return parseOrThrow(schema, json, (issue) => new DataError(file, undefined, issue.text, { cause: issue.error }));
}
