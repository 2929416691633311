/**
 * The answer is JSON conforming to a JSON Schema: the configured one, else the request's own
 * `response_format: {type: "json_schema", json_schema: {schema}}` (ajv, with ajv-formats). Schemas from requests
 * are client input: at most 64 KiB each, compiled ones kept in a bounded LRU.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { LRUCache } from 'lru-cache';
import { ConfigError } from '../../../errors.js';
import { parseJsonText } from '../../../eval/index.js';
import type { VerifierConfigOf } from './verifier-schema.js';
import { verdict, type Verifier } from './types.js';

const MAX_COMPILED = 256;
/** A schema longer than this (in JSON characters) from a request is not compiled. */
export const MAX_REQUEST_SCHEMA_CHARS = 64 * 1024;

let ajv: Ajv | undefined;
const compiled = new LRUCache<string, ValidateFunction>({ max: MAX_COMPILED });

function compile(schema: Record<string, unknown>, key: string): ValidateFunction {
  const known = compiled.get(key);
  if (known !== undefined) return known;
  if (ajv === undefined) {
    ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv); // "format" (email, date-time, uri, …) is checked, not ignored
  }
  const validate = ajv.compile(schema);
  compiled.set(key, validate);
  return validate;
}

/** The schema of an OpenAI `response_format` of type json_schema, else undefined. */
export function requestSchema(responseFormat: unknown): Record<string, unknown> | undefined {
  if (typeof responseFormat !== 'object' || responseFormat === null) return undefined;
  const format = responseFormat as { type?: unknown; json_schema?: { schema?: unknown } };
  if (format.type !== 'json_schema' || typeof format.json_schema?.schema !== 'object' || format.json_schema.schema === null) return undefined;
  return format.json_schema.schema as Record<string, unknown>;
}

export function jsonSchemaVerifier(config: VerifierConfigOf<'json-schema'>): Verifier {
  const configured = config.schema;
  let own: ValidateFunction | undefined;
  if (configured !== undefined) {
    // a bad schema in the config fails when the verifier is built (at start-up), not on the first request
    try {
      own = compile(configured, JSON.stringify(configured));
    } catch (error) {
      throw new ConfigError('verifier json-schema', `invalid schema: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  return {
    kind: 'json-schema',
    async verify(input) {
      let validate = own;
      if (validate === undefined) {
        const schema = requestSchema(input.responseFormat);
        if (schema === undefined) return verdict('error', 'no JSON Schema: the verifier has none configured and the request asked for no response_format json_schema');
        const key = JSON.stringify(schema);
        if (key.length > MAX_REQUEST_SCHEMA_CHARS) return verdict('error', `the request's JSON Schema is larger than ${MAX_REQUEST_SCHEMA_CHARS} characters`);
        try {
          validate = compile(schema, key);
        } catch (error) {
          return verdict('error', `the request's JSON Schema does not compile: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      const parsed = parseJsonText(input.answer, config.allowFence);
      if (!parsed.ok) return verdict('reject', `the answer is not valid JSON: ${parsed.error}`);
      if (validate(parsed.value)) return verdict('accept', 'the answer matches the schema');
      const errors = (validate.errors ?? []).slice(0, 5).map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`);
      return verdict('reject', `schema violations: ${errors.join('; ')}`);
    },
  };
}
