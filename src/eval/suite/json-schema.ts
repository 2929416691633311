/** The JSON Schema of the suite format, generated from zod (published as schemas/suite.schema.json). */
import { z } from 'zod';
import { suiteSchema } from './schema.js';

export function suiteJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(suiteSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://parity.dev/schemas/suite.schema.json', title: 'parity evaluation suite (parity eval SUITE)' };
}
