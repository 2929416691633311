import type { Ajv, ValidateFunction } from 'ajv';
import { z } from 'zod';
import { ConfigError } from '../../errors.js';
import { parseJsonText } from './json-text.js';
import { verdict } from './types.js';
import type { Grader } from './types.js';

/** The output is JSON that validates against a JSON Schema (draft-07, via ajv; `format` checked by ajv-formats). */
export const jsonSchemaConfigSchema = z.object({
  type: z.literal('json-schema'),
  schema: z.record(z.string(), z.unknown()).describe('A JSON Schema (draft-07).'),
  allowFence: z.boolean().default(true),
});
export type JsonSchemaConfig = z.output<typeof jsonSchemaConfigSchema>;

// ajv loads with the first json-schema grading, not with every run
let ajv: Promise<Ajv> | undefined;
const compiled = new Map<string, ValidateFunction>();

async function compile(schema: Record<string, unknown>): Promise<ValidateFunction> {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (validate === undefined) {
    ajv ??= Promise.all([import('ajv'), import('ajv-formats')]).then(([{ Ajv }, { default: addFormats }]) => {
      const instance = new Ajv({ allErrors: true, strict: false });
      addFormats.default(instance); // "format" (email, date-time, uri, uuid, …) is checked, not ignored
      return instance;
    });
    const instance = await ajv;
    validate = compiled.get(key); // another grading may have compiled it meanwhile
    if (validate !== undefined) return validate;
    try {
      validate = instance.compile(schema);
    } catch (error) {
      throw new ConfigError('grader json-schema', `invalid schema: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    compiled.set(key, validate);
  }
  return validate;
}

export const gradeJsonSchema: Grader<JsonSchemaConfig> = async (input, config) => {
  const validate = await compile(config.schema);
  const parsed = parseJsonText(input.text, config.allowFence);
  if (!parsed.ok) return verdict(false, `output is not valid JSON: ${parsed.error}`);
  if (validate(parsed.value)) return verdict(true, 'output matches the schema');
  const errors = (validate.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`);
  return verdict(false, `schema violations: ${errors.join('; ')}`, { errors });
};
