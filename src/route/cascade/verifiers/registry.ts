/** Every verifier kind and its implementation: a missing kind is a compile error. */
import { ValidationError } from '../../../errors.js';
import { parseOrThrow } from '../../../kernel/index.js';
import { customVerifier } from './custom.js';
import { jsonSchemaVerifier } from './json-schema.js';
import { jsonVerifier } from './json.js';
import { llmJudgeVerifier } from './llm-judge.js';
import { logprobsVerifier } from './logprobs.js';
import { regexVerifier } from './regex.js';
import type { Verifier, VerifierContext } from './types.js';
import { verifierConfigSchema, type VerifierConfig, type VerifierConfigOf, type VerifierKind } from './verifier-schema.js';

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
  const config = parseOrThrow(verifierConfigSchema, value, (issue) => new ValidationError(`${where}: ${issue.text}`, where));
  return (VERIFIERS[config.kind] as (config: VerifierConfig, context: VerifierContext) => Verifier)(config, context);
}
