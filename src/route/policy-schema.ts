/**
 * The route policy file: everything the gateway needs to make a decision, versioned. Format version 2:
 *
 *   format        "parity-route-policy"
 *   version       2 (a reader refuses versions it does not know; version 1 files are read and upgraded)
 *   weak, strong  model names as written in the training data; the gateway maps them to endpoints
 *   features      how prompt text becomes features (feature-config.ts)
 *   embedding     null, or the endpoint whose embeddings the model was trained on
 *   model         the learned scorer: {kind: "logistic" | "knn" | "stumps", …}
 *   threshold     route to strong when score < threshold (score = P(weak model is good enough))
 *   calibration   what the threshold was chosen for and what it is expected to give (out-of-fold)
 *   training      where the policy came from: data files (name + sha256), judge, peer method, folds, seed,
 *                 CV metrics
 *
 * Version 2 (parity 0.1, 2026-11): `training.usePeers` (boolean) became `training.peerMethod`
 * ("difficulty" | "blend" | "none") and `training.peerModels`. The model itself has the same shape.
 *
 * The JSON Schema (schemas/route-policy.schema.json) is generated from this zod schema.
 */
import { z } from 'zod';
import { JUDGEMENT_FORMATS } from './data/quality-table.js';
import { featureConfigSchema } from './features/feature-config.js';
import { DENSE_FEATURE_NAMES } from './features/text-scanner.js';
import { routerModelSchema } from './models/index.js';
import { PEER_METHODS } from './peer-methods.js';

export const ROUTE_POLICY_FORMAT = 'parity-route-policy';
export const ROUTE_POLICY_VERSION = 2;

export const CALIBRATION_TARGETS = ['frontier-share', 'min-pgr', 'max-cost'] as const;

/** A file a policy was trained on: its name and sha256. */
export const fileReference = z.object({ name: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const operatingPointSchema = z.object({
  frontierShare: z.number().min(0).max(1),
  quality: z.number(),
  pgr: z.number().nullable(),
  costPerRequest: z.number().nonnegative().nullable(),
  costSavings: z.number().nullable(),
});
export type OperatingPoint = z.infer<typeof operatingPointSchema>;

export const routePolicySchema = z.object({
  format: z.literal(ROUTE_POLICY_FORMAT),
  version: z.literal(ROUTE_POLICY_VERSION),
  weak: z.string().min(1),
  strong: z.string().min(1),
  features: featureConfigSchema,
  denseFeatures: z.array(z.string()).describe('names of the dense features, in order; must match this build of parity'),
  embedding: z.object({ url: z.string().url(), model: z.string().min(1), dimensions: z.number().int().positive() }).nullable(),
  model: routerModelSchema,
  threshold: z.number().min(0).max(2).describe('route to the strong model when score < threshold'),
  calibration: z.object({
    target: z.object({ kind: z.enum(CALIBRATION_TARGETS), value: z.number() }),
    expected: operatingPointSchema,
    method: z.string(),
  }),
  training: z.object({
    format: z.enum(JUDGEMENT_FORMATS),
    judgements: fileReference,
    prompts: fileReference.nullable(),
    judge: z.string(),
    promptCount: z.number().int().positive(),
    peerMethod: z.enum(PEER_METHODS).describe('how other models judged on the training prompts added signal'),
    peerModels: z.number().int().nonnegative().nullable().describe('how many other models were available as peers (null: not recorded, a version 1 file)'),
    folds: z.number().int().min(2),
    seed: z.number().int(),
    crossValidated: z.object({ apgr: z.number(), cpt50: z.number(), cpt80: z.number() }),
  }),
});
export type RoutePolicyJson = z.infer<typeof routePolicySchema>;

/** The JSON Schema of the policy file, for editors and for other languages. */
export function routePolicyJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://parity.dev/schemas/route-policy.schema.json',
    title: 'parity route policy',
    ...(z.toJSONSchema(routePolicySchema) as Record<string, unknown>),
  };
}

export const CURRENT_DENSE_FEATURES: readonly string[] = DENSE_FEATURE_NAMES;
