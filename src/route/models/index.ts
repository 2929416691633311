/** The router model registry: one trainer and one runtime per kind, a missing kind is a compile error. */
import { z } from 'zod';
import type { FeatureConfig } from '../features/feature-config.js';
import { DEFAULT_KNN, KnnModel, knnModelSchema, trainKnn, type KnnOptions } from './knn.js';
import { DEFAULT_LOGISTIC, LogisticModel, logisticModelSchema, trainLogistic, type LogisticOptions } from './logistic.js';
import type { RouterModel, RouterModelKind, TrainingSet } from './router-model.js';
import { DEFAULT_STUMPS, StumpsModel, stumpsModelSchema, trainStumps, type StumpsOptions } from './stumps.js';

export const routerModelSchema = z.discriminatedUnion('kind', [logisticModelSchema, knnModelSchema, stumpsModelSchema]);
export type RouterModelJson = z.infer<typeof routerModelSchema>;

/** Hyper-parameters per kind; anything left out takes the kind's fixed default. */
export interface RouterModelOptions {
  logistic?: Partial<LogisticOptions>;
  knn?: Partial<KnnOptions>;
  stumps?: Partial<StumpsOptions>;
}

type Trainer = (set: TrainingSet, features: FeatureConfig, options: RouterModelOptions) => RouterModelJson;

const TRAINERS: Record<RouterModelKind, Trainer> = {
  logistic: (set, features, options) => trainLogistic(set, features.hashBits, { ...DEFAULT_LOGISTIC, ...options.logistic }),
  knn: (set, _features, options) => trainKnn(set, { ...DEFAULT_KNN, ...options.knn }),
  stumps: (set, _features, options) => trainStumps(set, { ...DEFAULT_STUMPS, ...options.stumps }),
};

export function trainRouterModel(kind: RouterModelKind, set: TrainingSet, features: FeatureConfig, options: RouterModelOptions = {}): RouterModelJson {
  return TRAINERS[kind](set, features, options);
}

export function buildRouterModel(json: RouterModelJson): RouterModel {
  switch (json.kind) {
    case 'logistic':
      return new LogisticModel(json);
    case 'knn':
      return new KnnModel(json);
    case 'stumps':
      return new StumpsModel(json);
  }
}

export { ROUTER_MODEL_KINDS, type RouterModel, type RouterModelKind, type TrainingSet } from './router-model.js';
