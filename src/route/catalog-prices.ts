/**
 * Prices for the routed models from the bundled catalog, chosen by the catalog's price policy (the maker's own
 * API when it lists the model, else the median provider; see catalog/price-policy.ts), or the named provider's
 * listing. The chosen listing is named in `source`.
 */
import type { Catalog } from '../catalog/index.js';
import { choosePrice, describePriceChoice, modelPrice, providerKey } from '../catalog/index.js';
import type { ModelPrice } from './cost.js';

export type PriceCatalog = Pick<Catalog, 'resolveModel' | 'getModel' | 'pricesForModel' | 'priceHistoryForModel'>;

export function catalogPrice(catalog: PriceCatalog, name: string, provider?: string): ModelPrice | undefined {
  const model = catalog.resolveModel(name);
  if (model === undefined) return undefined;
  const choice =
    provider === undefined
      ? modelPrice(catalog, model.id)
      : choosePrice(
          catalog.pricesForModel(model.id).filter((price) => providerKey(price.provider) === providerKey(provider)),
          { lab: model.lab, history: catalog.priceHistoryForModel(model.id) },
          'cheapest',
        );
  if (choice === null) return undefined;
  const where = provider === undefined ? describePriceChoice(choice) : `${choice.price.provider}, ${choice.price.asOf} (named provider)`;
  return { inputPerMtok: choice.price.inputPerMtok, outputPerMtok: choice.price.outputPerMtok, source: `catalog: ${model.id} at ${where}` };
}
