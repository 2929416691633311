import type { Catalog } from '../catalog/load.js';
import type { ModelFacts, ModelFactsLookup } from './targets.js';

/** Hosts that run on your own hardware: an API list price would be the wrong cost for them. */
const SELF_HOSTED = new Set(['ollama', 'vllm', 'llamacpp', 'lmstudio', 'openai-compatible', 'replay']);

/**
 * Facts for eval targets from the bundled catalog. The price is the catalog's price at the same provider as
 * the model reference, else at the model's own lab; self-hosted references get none (set `price` in the suite).
 */
export function catalogFacts(catalog: Catalog): ModelFactsLookup {
  return (modelName, provider): ModelFacts | undefined => {
    const model = catalog.resolveModel(modelName) ?? catalog.getModel(modelName);
    if (!model) return undefined;
    const prices = catalog.pricesForModel(model.id);
    const price = SELF_HOSTED.has(provider) ? undefined : (prices.find((entry) => entry.provider === provider) ?? prices.find((entry) => entry.provider === model.lab));
    return {
      catalogId: model.id,
      openWeights: model.openWeights,
      price: price
        ? { inputPerMtok: price.inputPerMtok, outputPerMtok: price.outputPerMtok, source: `catalog: ${price.provider} price as of ${price.asOf} (${price.source})` }
        : null,
    };
  };
}
