/** Every verifier kind and its implementation: a missing kind is a compile error. */
import { ValidationError, formatIssuePath } from '../../../errors.js';
import { customVerifier } from './custom.js';
import { jsonSchemaVerifier } from './json-schema.js';
import { jsonVerifier } from './json.js';
import { llmJudgeVerifier } from './llm-judge.js';
import { logprobsVerifier } from './logprobs.js';
import { regexVerifier } from './regex.js';
import type { Verifier, VerifierContext } from './types.js';
import { verifierConfigSchema, type VerifierConfigOf, type VerifierKind } from './verifier-schema.js';

type Factories = { [Kind in VerifierKind]: (config: VerifierConfigOf<Kind>, context: VerifierContext) => Verifier };

export const VERIFIERS: Factories = {
  json: (config) => jsonVerifier(config),
  'json-schema': (config) => jsonSchemaVerifier(config),
  regex: (config) => regexVerifier(config),
  custom: (config, context) => customVerifier(config, context),
  logprobs: (config) => logprobsVerifier(config),
  'llm-judge': (config, context) => llmJudgeVerifier(config, context),
};

/** Validates a verifier config (`where` names it in errors) and builds the verifier. */
export function createVerifier(value: unknown, context: VerifierContext = {}, where = 'verifier'): Verifier {
  const parsed = verifierConfigSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(`${where}: ${formatIssuePath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}`, where);
  }
  const config = parsed.data;
  return (VERIFIERS[config.kind] as (config: typeof parsed.data, context: VerifierContext) => Verifier)(config, context);
}
