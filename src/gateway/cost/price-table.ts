/**
 * Price per target, resolved once per `<upstream>/<model>`: the upstream's own `prices` from the config win,
 * then the catalog's price for the upstream's provider (`priceProvider`, default the upstream's name) and the
 * model id (directly or through a catalog alias). Unknown prices cost nothing against a budget and are logged
 * as an unknown cost (null), never as zero.
 */
import type { GatewayConfig } from '../config/schema.js';
import type { Target } from '../routing/route-table.js';

export interface UnitPrice {
  inputPerMtok: number;
  outputPerMtok: number;
}

/** The catalog facts the gateway needs, accepted by shape (src/catalog `Price` and `Alias` records fit). */
export interface CatalogPrices {
  prices: ReadonlyArray<{ modelId: string; provider: string; inputPerMtok: number; outputPerMtok: number; providerModelId?: string | null }>;
  aliases?: ReadonlyArray<{ alias: string; modelId: string }>;
}

export interface PriceTable {
  priceFor(target: Target): UnitPrice | undefined;
}

export function costUsd(price: UnitPrice | undefined, inputTokens: number, outputTokens: number): number | undefined {
  if (price === undefined) return undefined;
  return (inputTokens * price.inputPerMtok + outputTokens * price.outputPerMtok) / 1_000_000;
}

function normalise(id: string): string {
  return id.toLowerCase();
}

export function createPriceTable(config: GatewayConfig, catalog: CatalogPrices | undefined): PriceTable {
  const byProviderModel = new Map<string, UnitPrice>();
  const aliasToModel = new Map<string, string>();
  for (const alias of catalog?.aliases ?? []) aliasToModel.set(normalise(alias.alias), alias.modelId);
  for (const price of catalog?.prices ?? []) {
    const unit = { inputPerMtok: price.inputPerMtok, outputPerMtok: price.outputPerMtok };
    const provider = normalise(price.provider);
    byProviderModel.set(`${provider}\u0000${normalise(price.modelId)}`, unit);
    // the provider's own id for the model wins over derived names
    if (price.providerModelId) byProviderModel.set(`${provider}\u0000${normalise(price.providerModelId)}`, unit);
    // also reachable by the model's bare name (`gpt-4o` for `openai/gpt-4o`)
    const bare = price.modelId.slice(price.modelId.indexOf('/') + 1);
    const bareKey = `${provider}\u0000${normalise(bare)}`;
    if (!byProviderModel.has(bareKey)) byProviderModel.set(bareKey, unit);
  }
  const memo = new Map<string, UnitPrice | null>();

  const lookup = (target: Target): UnitPrice | undefined => {
    const upstream = config.upstreams[target.upstream];
    if (upstream === undefined) return undefined;
    const own = upstream.prices[target.model];
    if (own !== undefined) return own;
    const provider = normalise(upstream.priceProvider ?? target.upstream);
    const model = normalise(target.model);
    return (
      byProviderModel.get(`${provider}\u0000${model}`) ??
      byProviderModel.get(`${provider}\u0000${normalise(aliasToModel.get(model) ?? '')}`)
    );
  };

  return {
    priceFor(target) {
      let price = memo.get(target.ref);
      if (price === undefined) {
        price = lookup(target) ?? null;
        memo.set(target.ref, price);
      }
      return price ?? undefined;
    },
  };
}
