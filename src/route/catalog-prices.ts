/**
 * Prices for the routed models from the bundled catalog. A model is usually listed by many providers: unless a
 * provider is named, the listing with the median blended (input + output) price among the non-free ones is
 * used, so one odd host does not decide the savings. The chosen listing is named in `source`.
 */
import type { Catalog } from '../catalog/load.js';
import type { ModelPrice } from './cost.js';

export type PriceCatalog = Pick<Catalog, 'resolveModel' | 'pricesForModel'>;

export function catalogPrice(catalog: PriceCatalog, name: string, provider?: string): ModelPrice | undefined {
  const model = catalog.resolveModel(name);
  if (model === undefined) return undefined;
  const listings = catalog
    .pricesForModel(model.id)
    .filter((price) => price.inputPerMtok + price.outputPerMtok > 0)
    .filter((price) => provider === undefined || price.provider.toLowerCase() === provider.toLowerCase())
    .sort((a, b) => a.inputPerMtok + a.outputPerMtok - (b.inputPerMtok + b.outputPerMtok) || a.provider.localeCompare(b.provider));
  if (listings.length === 0) return undefined;
  const chosen = listings[Math.floor((listings.length - 1) / 2)];
  if (chosen === undefined) return undefined;
  return {
    inputPerMtok: chosen.inputPerMtok,
    outputPerMtok: chosen.outputPerMtok,
    source: `catalog: ${model.id} at ${chosen.provider}, ${chosen.asOf} (${provider === undefined ? `median of ${listings.length} listing${listings.length === 1 ? '' : 's'}` : 'named provider'})`,
  };
}
