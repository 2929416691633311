/**
 * What a running gateway needs from route at start-up and on every request, and nothing more: the policy loader,
 * the prompt text a router reads, the cascade verifiers' config schema and the personal-data kinds a privacy rule
 * names. index.ts also loads training, offline evaluation, the data readers and the reports (and through them
 * eval, its report libraries and the catalog): a gateway that imported it would carry them all in memory. The
 * gateway loads index.ts itself, at start-up, only for what a config uses: the verifiers when it has a cascade,
 * the detector (libphonenumber-js) when it has a privacy rule.
 */
export { loadAnyPolicy, type AnyRoutePolicy } from './load-policy.js';
export { promptText, type RouteInput } from './prompt-text.js';
export { VERIFIER_KINDS, verifierConfigSchema, type VerifierConfig, type VerifierKind } from './cascade/verifiers/verifier-schema.js';
export type { Verdict, VerdictOutcome, Verifier, VerifierContext, VerifierInput } from './cascade/verifiers/types.js';
export { NATIONAL_IDS, PERSONAL_DATA_KINDS, type NationalId, type PersonalDataKind } from './privacy/personal-data-kinds.js';
