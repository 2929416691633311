/**
 * The ladder policy file (`parity-route-ladder`, version 1): routing over k ≥ 2 models, cheapest first. Beside
 * the weak/strong policy (`parity-route-policy`, policy-schema.ts); `parity route train --models a,b,c` writes
 * it, `loadAnyPolicy` reads either.
 *
 *   format, version   "parity-route-ladder", 1
 *   models            the models, cheapest first, as named in the training data; the gateway maps each to a route
 *   features          how prompt text becomes features (as in the pair policy)
 *   denseFeatures     the dense feature names, checked against this build on load
 *   scorers           one quality model per model but the last: P(that model's answer is good), from the text
 *   threshold         τ: a request goes to the first model whose predicted quality is ≥ τ; to the last if none
 *   calibration       what τ was chosen for and the operating point it is expected to give (out-of-fold)
 *   training          where it came from: data, judge, peer method, folds, seed, cross-validated APGR and axis
 *
 * The last model needs no scorer: it is where every request goes that no cheaper model is predicted to carry.
 */
import { z } from 'zod';
import { JUDGEMENT_FORMATS } from '../data/quality-table.js';
import { featureConfigSchema } from '../features/feature-config.js';
import { routerModelSchema } from '../models/index.js';
import { fileReference, type CALIBRATION_TARGETS } from '../policy-schema.js';
import { MAX_LADDER_MODELS } from '../data/ladder-dataset.js';
import { LADDER_PEER_METHODS } from './fit-ladder.js';
import { LADDER_AXES } from './ladder-curve.js';

export const LADDER_POLICY_FORMAT = 'parity-route-ladder';
export const LADDER_POLICY_VERSION = 1;

/** Of the pair policy's calibration targets, the ladder takes these (a frontier share has no k-model meaning). */
export const LADDER_CALIBRATION_TARGETS = ['min-pgr', 'max-cost'] as const satisfies ReadonlyArray<(typeof CALIBRATION_TARGETS)[number]>;

export interface LadderCalibrationTarget {
  kind: (typeof LADDER_CALIBRATION_TARGETS)[number];
  value: number;
}

export const ladderOperatingPointSchema = z.object({
  quality: z.number(),
  pgr: z.number().nullable(),
  costPerRequest: z.number().nonnegative().nullable(),
  /** 1 − cost / the last model's cost; null without costs. */
  costSavings: z.number().nullable(),
  /** Share of requests each model is expected to get, in ladder order. */
  shares: z.array(z.number().min(0).max(1)),
});
export type LadderOperatingPoint = z.infer<typeof ladderOperatingPointSchema>;

export const ladderPolicySchema = z
  .object({
    format: z.literal(LADDER_POLICY_FORMAT),
    version: z.literal(LADDER_POLICY_VERSION),
    models: z.array(z.string().min(1)).min(2).max(MAX_LADDER_MODELS).describe('the models, cheapest first'),
    features: featureConfigSchema,
    denseFeatures: z.array(z.string()).describe('names of the dense features, in order; must match this build of parity'),
    scorers: z.array(routerModelSchema).min(1).describe('one quality model per model but the last, in ladder order'),
    threshold: z.number().min(-1).max(2).describe('a request goes to the first model whose predicted quality is at least this; to the last model if none'),
    calibration: z.object({
      target: z.object({ kind: z.enum(LADDER_CALIBRATION_TARGETS), value: z.number() }),
      expected: ladderOperatingPointSchema,
      method: z.string(),
    }),
    training: z.object({
      format: z.enum(JUDGEMENT_FORMATS),
      judgements: fileReference,
      prompts: fileReference.nullable(),
      judge: z.string(),
      promptCount: z.number().int().positive(),
      peerMethod: z.enum(LADDER_PEER_METHODS),
      peerModels: z.number().int().nonnegative(),
      folds: z.number().int().min(2),
      seed: z.number().int(),
      crossValidated: z.object({ apgr: z.number().nullable(), axis: z.enum(LADDER_AXES) }),
    }),
  })
  .refine((policy) => policy.scorers.length === policy.models.length - 1, { message: 'scorers must hold one model per model but the last', path: ['scorers'] })
  .refine((policy) => policy.calibration.expected.shares.length === policy.models.length, { message: 'one share per model', path: ['calibration', 'expected', 'shares'] });
export type LadderPolicyJson = z.infer<typeof ladderPolicySchema>;

/** The JSON Schema of the ladder policy file. */
export function ladderPolicyJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://parity.dev/schemas/route-ladder.schema.json',
    title: 'parity route ladder policy (k models)',
    ...(z.toJSONSchema(ladderPolicySchema) as Record<string, unknown>),
  };
}
