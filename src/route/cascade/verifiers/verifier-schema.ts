/**
 * A cascade's verifier, as the gateway config will declare it: what decides whether the cheaper model's answer
 * is returned or the request escalates to the next model. One zod schema per kind, one union; the registry
 * (registry.ts) maps every kind to its implementation.
 */
import { z } from 'zod';

export const VERIFIER_KINDS = ['json', 'json-schema', 'regex', 'custom', 'logprobs', 'llm-judge'] as const;
export type VerifierKind = (typeof VERIFIER_KINDS)[number];

export const jsonVerifierSchema = z
  .object({
    kind: z.literal('json'),
    /** Accept an answer wrapped in one Markdown code fence. */
    allowFence: z.boolean().default(false),
  })
  .strict();

export const jsonSchemaVerifierSchema = z
  .object({
    kind: z.literal('json-schema'),
    /** The JSON Schema; without it, the request's own `response_format` json_schema (none there: an error). */
    schema: z.record(z.string(), z.unknown()).optional(),
    allowFence: z.boolean().default(false),
  })
  .strict();

export const regexVerifierSchema = z
  .object({
    kind: z.literal('regex'),
    pattern: z.string().min(1),
    flags: z.string().regex(/^[imsu]*$/, 'flags are i, m, s or u').default(''),
    /** true: accept when the pattern matches; false: accept when it does not (e.g. a refusal phrase). */
    accept: z.enum(['match', 'no-match']).default('match'),
  })
  .strict();

export const customVerifierSchema = z
  .object({
    kind: z.literal('custom'),
    /** An ES module exporting `(input, options) => boolean | number | {accept, score?, reason?}`, like a custom grader. */
    module: z.string().min(1),
    export: z.string().min(1).default('default'),
    options: z.record(z.string(), z.unknown()).default({}),
    /** A number returned is accepted at or above this. */
    threshold: z.number().min(0).max(1).default(0.5),
  })
  .strict();

export const LOGPROB_AGGREGATES = ['mean', 'min'] as const;

export const logprobsVerifierSchema = z
  .object({
    kind: z.literal('logprobs'),
    /** Over the answer's tokens: the mean log-probability, or the least likely token's. */
    aggregate: z.enum(LOGPROB_AGGREGATES),
    /** Accept when the aggregate is at least this (natural log, ≤ 0; e.g. −0.5 for the mean). */
    threshold: z.number().max(0),
  })
  .strict();

export const DEFAULT_JUDGE_PROMPT = `You check an assistant's answer before it is returned to the user.

[Request]
{{prompt}}

[Answer]
{{answer}}

Is the answer correct, complete and responsive to the request? Reply with a single JSON object and nothing else:
{"pass": true or false, "score": a number from 0 to 1, "reason": "one sentence"}`;

export const llmJudgeVerifierSchema = z
  .object({
    kind: z.literal('llm-judge'),
    /** Any configured model, as `<provider>/<model>` (src/providers). */
    model: z.string().min(1),
    /** The judge's prompt, with {{prompt}} and {{answer}}. */
    prompt: z.string().min(1).default(DEFAULT_JUDGE_PROMPT),
    /** When set, accept when the judge's score is at least this; otherwise the judge's own pass. */
    threshold: z.number().min(0).max(1).optional(),
    timeoutMs: z.number().int().positive().default(30_000),
  })
  .strict();

export const verifierConfigSchema = z.discriminatedUnion('kind', [
  jsonVerifierSchema,
  jsonSchemaVerifierSchema,
  regexVerifierSchema,
  customVerifierSchema,
  logprobsVerifierSchema,
  llmJudgeVerifierSchema,
]);
export type VerifierConfig = z.infer<typeof verifierConfigSchema>;
export type VerifierConfigOf<Kind extends VerifierKind> = Extract<VerifierConfig, { kind: Kind }>;
