import { createModelResolver, defaultDataDir, readCatalogFile, type Catalog } from '../catalog/index.js';
import type { ModelResolver } from '../catalog/index.js';
import type { Model, Price } from '../catalog/index.js';
import { SELF_HOSTED_PROVIDERS, type ModelFacts, type ModelFactsLookup } from './targets.js';

/** The two questions facts ask of a catalog. */
interface FactsSource {
  model(name: string): Model | undefined;
  prices(modelId: string): readonly Price[];
}

function factsFrom(source: FactsSource): ModelFactsLookup {
  return (modelName, provider): ModelFacts | undefined => {
    const model = source.model(modelName);
    if (!model) return undefined;
    const prices = SELF_HOSTED_PROVIDERS.has(provider) ? [] : source.prices(model.id);
    const price = prices.find((entry) => entry.provider === provider) ?? prices.find((entry) => entry.provider === model.lab);
    return {
      catalogId: model.id,
      openWeights: model.openWeights,
      price: price
        ? { inputPerMtok: price.inputPerMtok, outputPerMtok: price.outputPerMtok, source: `catalog: ${price.provider} price as of ${price.asOf} (${price.source})` }
        : null,
    };
  };
}

/**
 * Facts for eval targets from a loaded catalog. The price is the catalog's price at the same provider as the
 * model reference, else at the model's own lab; self-hosted references get none (set `price` in the suite).
 */
export function catalogFacts(catalog: Catalog): ModelFactsLookup {
  return factsFrom({ model: (name) => catalog.resolveModel(name) ?? catalog.getModel(name), prices: (id) => catalog.pricesForModel(id) });
}

/**
 * The same facts from the bundled catalog files, read on the first lookup and only as far as they are needed:
 * models and aliases to resolve a name, prices only for a model at a host that charges for it. A run whose
 * suite sets every fact itself reads nothing; the benchmark results and price history are never read (the
 * whole catalog is most of a small run's memory).
 */
export function bundledCatalogFacts(dataDir: string = defaultDataDir()): ModelFactsLookup {
  let models: { byId: Map<string, Model>; resolver: ModelResolver } | undefined;
  let pricesByModel: Map<string, Price[]> | undefined;
  const loadModels = () => {
    if (models === undefined) {
      const list = readCatalogFile(dataDir, 'models');
      models = { byId: new Map(list.map((model) => [model.id, model])), resolver: createModelResolver({ models: list, aliases: readCatalogFile(dataDir, 'aliases') }) };
    }
    return models;
  };
  return factsFrom({
    model(name) {
      const { byId, resolver } = loadModels();
      const resolution = resolver.resolve(name);
      return (resolution.status === 'matched' ? byId.get(resolution.modelId) : undefined) ?? byId.get(name);
    },
    prices(modelId) {
      if (pricesByModel === undefined) {
        pricesByModel = new Map();
        for (const price of readCatalogFile(dataDir, 'prices')) {
          const list = pricesByModel.get(price.modelId);
          if (list) list.push(price);
          else pricesByModel.set(price.modelId, [price]);
        }
      }
      return pricesByModel.get(modelId) ?? [];
    },
  });
}
