/** Runtime verifiers for cascades: pure modules the gateway calls on a cheaper model's answer. */
export { createVerifier, VERIFIERS } from './registry.js';
export { DEFAULT_JUDGE_PROMPT, VERIFIER_KINDS, verifierConfigSchema, type VerifierConfig, type VerifierKind } from './verifier-schema.js';
export { VERDICT_OUTCOMES, type Verdict, type VerdictOutcome, type Verifier, type VerifierContext, type VerifierInput } from './types.js';
export { aggregateLogprobs } from './logprobs.js';
export { requestSchema } from './json-schema.js';
