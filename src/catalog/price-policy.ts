/**
 * Which of a model's price listings stands for "its price". A model is listed by its maker and by many
 * resellers, some with promotional, regional or stale prices; taking the cheapest listing from anyone makes
 * closed models look cheap (GPT-5 Mini at one reseller's $0.10 blended while OpenAI lists $0.25 in / $2 out).
 * Every price parity shows is chosen here, by one of three policies:
 *
 * - `first-party` (default): the model maker's own API when it lists the model, else `median`;
 * - `median`: the middle listing by blended price across providers (the lower middle one when the count is
 *   even, so the price is one a provider actually lists);
 * - `cheapest`: the lowest blended price from any provider.
 *
 * Before choosing: one listing per provider (provider names spelled differently by different sources count
 * once: `bedrock_converse` = `amazon-bedrock`), the latest, then the base (cheapest) tier of that date; $0
 * listings (free tiers, local runtimes) are not offers; and a listing dated before the model's newest price
 * change is not used — the maker's change (price history at a first-party provider) and that provider's own.
 */
import type { Price, PriceHistoryEntry } from './schema.js';

export const PRICE_POLICIES = ['first-party', 'median', 'cheapest'] as const;
export type PricePolicy = (typeof PRICE_POLICIES)[number];
export const DEFAULT_PRICE_POLICY: PricePolicy = 'first-party';

/** Short labels for menus and flag help. */
export const PRICE_POLICY_LABELS: Readonly<Record<PricePolicy, string>> = {
  'first-party': "maker's own API, else median",
  median: 'median provider',
  cheapest: 'cheapest provider',
};

/** How the chosen listing was picked: `median` also under `first-party` when the maker lists no price. */
export type PriceBasis = 'first-party' | 'median' | 'cheapest';

/** Input and output price blended 3:1 (three input tokens per output token), in USD per million tokens. */
export function blendedPrice(price: Pick<Price, 'inputPerMtok' | 'outputPerMtok'>): number {
  return (3 * price.inputPerMtok + price.outputPerMtok) / 4;
}

/**
 * The maker's own APIs, by lab id, as models.dev and LiteLLM spell them; the first listed that prices the
 * model wins. Subscription "coding plans" are left out: they are not per-token prices.
 */
export const FIRST_PARTY_PROVIDERS: Readonly<Record<string, readonly string[]>> = {
  openai: ['openai'],
  anthropic: ['anthropic'],
  google: ['google', 'gemini', 'google-vertex', 'vertex_ai-language-models', 'vertex_ai-chat-models', 'vertex_ai'],
  mistral: ['mistral', 'codestral'],
  deepseek: ['deepseek'],
  xai: ['xai'],
  alibaba: ['alibaba', 'dashscope', 'alibaba-cn'],
  zhipuai: ['zai', 'zhipuai'],
  moonshotai: ['moonshotai', 'moonshot', 'moonshotai-cn'],
  minimax: ['minimax', 'minimax-cn'],
  cohere: ['cohere', 'cohere_chat'],
  ai21: ['ai21'],
  amazon: ['amazon-bedrock', 'bedrock', 'bedrock_converse'],
  microsoft: ['azure', 'azure_ai', 'azure-cognitive-services'],
  nvidia: ['nvidia'],
  meta: ['meta', 'meta_llama', 'llama'],
  perplexity: ['perplexity'],
  stepfun: ['stepfun'],
  xiaomi: ['xiaomi'],
  sakana: ['sakana'],
  tencent: ['tencent', 'tencent-tokenhub'],
  sarvam: ['sarvam'],
  reka: ['reka'],
  upstage: ['upstage'],
  baidu: ['baidu', 'qianfan'],
};

/** One provider however a source spells it: lower case, `_` as `-`, and the few names that differ outright. */
const PROVIDER_ALIASES: Readonly<Record<string, string>> = {
  bedrock: 'amazon-bedrock',
  'bedrock-converse': 'amazon-bedrock',
  'together-ai': 'togetherai',
  'fireworks-ai': 'fireworks',
  'novita-ai': 'novita',
  'vercel-ai-gateway': 'vercel',
  'azure-ai': 'azure',
  'azure-cognitive-services': 'azure',
  gemini: 'google',
  'cohere-chat': 'cohere',
  'meta-llama': 'meta',
};

// a catalog names a few hundred providers, each on thousands of listings and price events
const providerKeys = new Map<string, string>();
const PROVIDER_KEYS_MAX = 10_000;

export function providerKey(provider: string): string {
  const known = providerKeys.get(provider);
  if (known !== undefined) return known;
  const plain = provider.toLowerCase().replace(/_/g, '-');
  const key = PROVIDER_ALIASES[plain] ?? plain;
  if (providerKeys.size < PROVIDER_KEYS_MAX) providerKeys.set(provider, key);
  return key;
}

export interface PriceChoice {
  /** The listing chosen: it names its provider, date (`asOf`) and source. */
  price: Price;
  blendedPerMtok: number;
  policy: PricePolicy;
  basis: PriceBasis;
  /** Providers with a usable listing (after the rules above). */
  providers: number;
  /** Listings not used, with the reason. */
  setAside: Array<{ price: Price; reason: string }>;
}

export interface PriceContext {
  /** The model's lab id (finds its own API). */
  lab: string;
  /** The model's price history (any order); only `changed` events matter. */
  history?: readonly PriceHistoryEntry[];
}

/** The date of each provider's newest price change (`changed` events), by provider key. */
function newestChanges(history: readonly PriceHistoryEntry[]): Map<string, string> {
  const newest = new Map<string, string>();
  for (const event of history) {
    if (event.event !== 'changed') continue;
    const key = providerKey(event.provider);
    const seen = newest.get(key);
    if (seen === undefined || event.date > seen) newest.set(key, event.date);
  }
  return newest;
}

/** Per provider: the latest listing, then the cheapest of that date (a base tier over regional premiums). */
function perProvider(listings: readonly Price[]): Map<string, Price> {
  const chosen = new Map<string, Price>();
  for (const price of listings) {
    const key = providerKey(price.provider);
    const seen = chosen.get(key);
    if (seen === undefined || price.asOf > seen.asOf || (price.asOf === seen.asOf && blendedPrice(price) < blendedPrice(seen))) chosen.set(key, price);
  }
  return chosen;
}

/** The order `localeCompare` gives, from one collator rather than one per comparison. */
export const compareText = new Intl.Collator().compare;

const byPrice = (a: Price, b: Price): number => blendedPrice(a) - blendedPrice(b) || compareText(a.provider, b.provider);

/** The usable listing per provider, and what was set aside and why. */
export function usableListings(listings: readonly Price[], context: PriceContext): { usable: Map<string, Price>; setAside: PriceChoice['setAside'] } {
  const setAside: PriceChoice['setAside'] = [];
  const firstParty = new Set((FIRST_PARTY_PROVIDERS[context.lab] ?? []).map(providerKey));
  const changes = newestChanges(context.history ?? []);
  let makerChange: string | null = null;
  for (const [provider, date] of changes) {
    if (firstParty.has(provider) && (makerChange === null || date > makerChange)) makerChange = date;
  }
  const fresh: Price[] = [];
  for (const price of listings) {
    if (price.inputPerMtok === 0 && price.outputPerMtok === 0) {
      setAside.push({ price, reason: '$0 listing (a free tier or a local runtime), not an offer' });
      continue;
    }
    const key = providerKey(price.provider);
    const ownChange = changes.get(key) ?? null;
    const change = ownChange === null || (makerChange !== null && makerChange > ownChange) ? makerChange : ownChange;
    if (change !== null && price.asOf < change) {
      setAside.push({ price, reason: `listed ${price.asOf}, before the model's price change of ${change}` });
      continue;
    }
    fresh.push(price);
  }
  const usable = perProvider(fresh);
  const kept = new Set(usable.values());
  for (const price of fresh) {
    if (!kept.has(price)) setAside.push({ price, reason: `another listing of ${price.provider} is newer or its base tier` });
  }
  return { usable, setAside };
}

/** The model's price under `policy`, or null when no provider lists a usable one. */
export function choosePrice(listings: readonly Price[], context: PriceContext, policy: PricePolicy = DEFAULT_PRICE_POLICY): PriceChoice | null {
  const { usable, setAside } = usableListings(listings, context);
  const sorted = [...usable.values()].sort(byPrice);
  if (sorted.length === 0) return null;
  const choice = (price: Price, basis: PriceBasis): PriceChoice => ({ price, blendedPerMtok: blendedPrice(price), policy, basis, providers: sorted.length, setAside });
  if (policy === 'cheapest') return choice(sorted[0] as Price, 'cheapest');
  if (policy === 'first-party') {
    for (const provider of FIRST_PARTY_PROVIDERS[context.lab] ?? []) {
      const own = usable.get(providerKey(provider));
      if (own !== undefined) return choice(own, 'first-party');
    }
  }
  return choice(sorted[Math.floor((sorted.length - 1) / 2)] as Price, 'median');
}

/** One line on what a policy takes as a model's price, for captions and help texts. */
export function describePricePolicy(policy: PricePolicy): string {
  switch (policy) {
    case 'first-party':
      return "the maker's own API when it lists the model, else the median provider";
    case 'median':
      return 'the median provider (the lower middle one when the count is even)';
    case 'cheapest':
      return 'the cheapest provider';
  }
}

/** "openai, 2026-07-24 (the maker's own API)" — how a chosen price names where it comes from. */
export function describePriceChoice(choice: { price: Pick<Price, 'provider' | 'asOf'>; basis: PriceBasis; providers: number }): string {
  const { provider, asOf } = choice.price;
  switch (choice.basis) {
    case 'first-party':
      return `${provider}, ${asOf} (the maker's own API)`;
    case 'median':
      return `${provider}, ${asOf} (median of ${choice.providers} provider${choice.providers === 1 ? '' : 's'})`;
    case 'cheapest':
      return `${provider}, ${asOf} (cheapest of ${choice.providers} provider${choice.providers === 1 ? '' : 's'})`;
  }
}

/** What `modelPrice` reads of a catalog (the loaded `Catalog` fits). */
export interface PricedCatalog {
  getModel(id: string): { lab: string } | undefined;
  pricesForModel(id: string): readonly Price[];
  priceHistoryForModel(id: string): readonly PriceHistoryEntry[];
}

/** A catalog model's price under `policy` (null: not in the catalog, or no usable listing). */
export function modelPrice(catalog: PricedCatalog, modelId: string, policy: PricePolicy = DEFAULT_PRICE_POLICY): PriceChoice | null {
  const model = catalog.getModel(modelId);
  if (model === undefined) return null;
  return choosePrice(catalog.pricesForModel(modelId), { lab: model.lab, history: catalog.priceHistoryForModel(modelId) }, policy);
}

/**
 * The listings that price a model in a cost comparison: the one `policy` chooses, or — when the user names
 * providers — every listing of those providers (an explicit choice beats the policy).
 */
export function listingsToPrice(catalog: PricedCatalog, modelId: string, options: { policy?: PricePolicy; providers?: readonly string[] } = {}): Price[] {
  const providers = (options.providers ?? []).map(providerKey);
  if (providers.length > 0) return catalog.pricesForModel(modelId).filter((price) => providers.includes(providerKey(price.provider)));
  const choice = modelPrice(catalog, modelId, options.policy ?? DEFAULT_PRICE_POLICY);
  return choice === null ? [] : [choice.price];
}
