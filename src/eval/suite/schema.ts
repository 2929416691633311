/**
 * The YAML suite format. `schemas/suite.schema.json` is generated from this schema for editors
 * (`npm run schemas`).
 */
import { z } from 'zod';
import { graderConfigSchema } from '../graders/index.js';

export const priceOverrideSchema = z
  .object({
    inputPerMtok: z.number().nonnegative(),
    outputPerMtok: z.number().nonnegative(),
  })
  .strict();

export const suiteProviderSchema = z
  .object({
    /** Model reference: `openai/gpt-4o`, `ollama/qwen2.5:7b`, `replay/recorded` … */
    ref: z.string().min(3).regex(/^[a-z0-9-]+\/.+$/, 'expected provider/model, e.g. openai/gpt-4o'),
    /** Display name in reports; defaults to the ref. */
    label: z.string().optional(),
    /** Catalog model id for prices and open/closed facts, when the ref's model name is not in the catalog. */
    catalogModel: z.string().optional(),
    /** Overrides the catalog price; required to cost a model the catalog does not know. */
    price: priceOverrideSchema.optional(),
    /** Base URL override (e.g. a local vLLM). */
    baseURL: z.string().url().optional(),
    /** Name of the environment variable holding the key (never the key itself). */
    apiKeyEnv: z.string().optional(),
    /** Path of recorded outputs, for `replay/…` refs. */
    responses: z.string().optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional(),
    concurrency: z.number().int().positive().optional(),
    requestsPerMinute: z.number().positive().optional(),
    tokensPerMinute: z.number().positive().optional(),
    timeoutMs: z.number().int().positive().optional(),
    /** Marks the model's side in comparisons when the catalog does not know it. */
    openWeights: z.boolean().optional(),
  })
  .strict();
export type SuiteProvider = z.infer<typeof suiteProviderSchema>;

export const caseSchema = z
  .object({
    id: z.string().optional(),
    vars: z.record(z.string(), z.unknown()).default({}),
    /** The reference answer, available to graders as `expected`. */
    expected: z.unknown().optional(),
    /** Replaces the suite's default graders for this case. */
    graders: z.array(graderConfigSchema).optional(),
    /** Added to the suite's default graders. */
    extraGraders: z.array(graderConfigSchema).optional(),
    description: z.string().optional(),
  })
  .strict();
export type SuiteCase = z.infer<typeof caseSchema>;

export const thresholdsSchema = z
  .object({
    /** Every (or the named) model must pass at least this share of cases, else the run exits non-zero. */
    minPassRate: z.number().min(0).max(1).optional(),
    models: z.array(z.string()).optional(),
    maxCostUsd: z.number().nonnegative().optional(),
  })
  .strict();

export const comparisonSchema = z
  .object({
    candidate: z.string(),
    reference: z.string(),
    /** Non-inferiority margin δ on the pass rate, e.g. 0.05 = 5 points. */
    margin: z.number().min(0).max(1).default(0.05),
    /** Two-sided level α of the interval the verdict reads (default 0.05: a 95% interval). */
    alpha: z.number().min(0.001).max(0.5).optional(),
  })
  .strict();

/**
 * The model that llm-rubric and pairwise graders ask, with the same fields as a provider (base URL, key variable,
 * timeout, limits, price…); temperature 0 unless set.
 */
export const suiteJudgeSchema = suiteProviderSchema
  .pick({
    ref: true,
    catalogModel: true,
    price: true,
    baseURL: true,
    apiKeyEnv: true,
    temperature: true,
    maxTokens: true,
    concurrency: true,
    requestsPerMinute: true,
    tokensPerMinute: true,
    timeoutMs: true,
  })
  .strict();
export type SuiteJudge = z.infer<typeof suiteJudgeSchema>;

export const suiteSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    providers: z.array(suiteProviderSchema).min(1),
    /** Prompt template with `{{var}}` placeholders; or a chat with system + user templates. */
    prompt: z.union([
      z.string().min(1),
      z.object({ system: z.string().optional(), user: z.string().min(1) }).strict(),
    ]),
    cases: z
      .union([
        z.array(caseSchema).min(1),
        z.object({ file: z.string().min(1) }).strict(), // CSV or JSONL, relative to the suite file
      ]),
    graders: z.array(graderConfigSchema).default([]),
    repeats: z.number().int().min(1).max(100).default(1),
    concurrency: z.number().int().min(1).max(1000).default(4),
    thresholds: thresholdsSchema.optional(),
    compare: z.array(comparisonSchema).optional(),
    /** The model that llm-rubric and pairwise graders ask, e.g. `{ ref: openai/gpt-4o }`. */
    judge: suiteJudgeSchema.optional(),
    /** Above this share of calls ending in an error the run is incomplete: no verdict (default 0.05). */
    maxErrorShare: z.number().min(0).max(1).optional(),
    seed: z.number().int().default(1),
  })
  .strict();
export type Suite = z.infer<typeof suiteSchema>;
export type SuiteInput = z.input<typeof suiteSchema>;
