/**
 * LiteLLM's price table (`model_prices_and_context_window.json`, as published: one entry per provider route,
 * prices in USD per token) for the chat, completion and responses modes, and its half-monthly price history.
 * Mostly prices: LiteLLM keys are provider routes (`bedrock/…`, `together_ai/…`), not model facts. One fact is
 * taken, from the labs' own APIs only: the context window (`max_input_tokens`) of a model the catalog already
 * has. A host's limit (Bedrock, Together, Groq…) may be its own cap, not the model's, so hosts give none.
 */
import { DataError } from '../../errors.js';
import { PRICE_EVENTS } from '../schema.js';
import type { ImportContext, SourceOutput } from './context.js';
import type { ModelFact } from './model-facts.js';
import { cleanProviderModelId, emptyOutput } from './context.js';
import { asRecord } from './source-files.js';

export const LITELLM_PRICES = 'litellm/model_prices_and_context_window.json';
const HISTORY = 'litellm/litellm_price_history.csv';
const SNAPSHOT = '2026-07-24';
/** Modes priced per token of text. Entries without a mode are kept too (provider price tiers, which name no model). */
const TEXT_MODES = new Set(['chat', 'completion', 'responses']);

/**
 * LiteLLM providers that are the lab's own API, with the lab: their `max_input_tokens` is the model's window.
 * Not DeepSeek: its API serves the open models with a shorter window than the weights have (64K for V3's 128K).
 */
const FIRST_PARTY: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  gemini: 'google',
  'vertex_ai-language-models': 'google',
  mistral: 'mistral',
  xai: 'xai',
  cohere_chat: 'cohere',
};
const MOVING_ALIAS = /(?:^|[-_/])(?:latest|experimental|exp)$/i;

/** `bedrock/us.anthropic.claude-…` → `us.anthropic.claude-…` → the cleaned id; the route prefix is dropped. */
function namesFor(key: string): string[] {
  const last = key.split('/').pop() ?? key;
  const cleaned = cleanProviderModelId(last);
  return cleaned === key ? [key] : [cleaned, key];
}

/** The context window a lab's own API states for a model the catalog has (never creates a model). */
function contextFact(source: string, provider: unknown, key: string, maxInputTokens: unknown): ModelFact | undefined {
  const lab = typeof provider === 'string' ? FIRST_PARTY[provider] : undefined;
  if (lab === undefined || typeof maxInputTokens !== 'number' || !Number.isInteger(maxInputTokens) || maxInputTokens <= 0) return undefined;
  // a moving alias (`gemini-pro-latest`, `…-experimental`) names whichever model it pointed to at the time
  if (MOVING_ALIAS.test(key)) return undefined;
  const [name = key, ...otherNames] = namesFor(key);
  return { source, name, otherNames, lab, contextWindow: maxInputTokens, create: false, exactOnly: true };
}

/** USD per token → USD per million tokens, without the float noise of the multiplication (2e-7 → 0.2). */
function perMillion(value: unknown, where: string, row: number): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new DataError(LITELLM_PRICES, row, `${where}: expected a number, got ${JSON.stringify(value)}`);
  if (value < 0) throw new DataError(LITELLM_PRICES, row, `${where}: negative price`);
  return Number((value * 1e6).toPrecision(12));
}

export function importLitellm(context: ImportContext): SourceOutput {
  const out = emptyOutput();
  const table = asRecord(context.folder.json(LITELLM_PRICES), LITELLM_PRICES, '(root)');
  let row = 0;
  let entries = 0;
  for (const [key, value] of Object.entries(table)) {
    row += 1;
    // the upstream file opens with a `sample_spec` documenting the fields; mirrors may add a `last_updated` string
    if (key === 'sample_spec' || value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const entry = value as Record<string, unknown>;
    if (entry.mode !== undefined && !(typeof entry.mode === 'string' && TEXT_MODES.has(entry.mode))) continue;
    entries += 1;
    const fact = contextFact('litellm', entry.litellm_provider, key, entry.max_input_tokens);
    if (fact !== undefined) out.facts.push(fact);
    const input = perMillion(entry.input_cost_per_token, `${key}.input_cost_per_token`, row);
    const output = perMillion(entry.output_cost_per_token, `${key}.output_cost_per_token`, row);
    if (input === null || output === null) continue;
    const provider = entry.litellm_provider;
    if (typeof provider !== 'string' || provider.trim() === '') throw new DataError(LITELLM_PRICES, row, `${key}.litellm_provider: expected a provider name`);
    out.prices.push({
      source: 'litellm',
      provider,
      names: namesFor(key),
      providerModelId: key,
      inputPerMtok: input,
      outputPerMtok: output,
      cacheReadPerMtok: perMillion(entry.cache_read_input_token_cost, `${key}.cache_read_input_token_cost`, row),
      cacheWritePerMtok: null,
      asOf: context.asOf ?? SNAPSHOT,
    });
  }
  if (entries > 0 && out.prices.length === 0) {
    // every chat entry lost its price: the field names changed, not the prices
    throw new DataError(LITELLM_PRICES, undefined, `none of ${entries} chat entries has input_cost_per_token and output_cost_per_token (renamed fields?)`);
  }
  return out;
}

/** The price events derived from the history of the price file (bundled only: no public file has them). */
export function importLitellmHistory(context: ImportContext): SourceOutput {
  const out = emptyOutput();
  for (const row of context.folder.csv(HISTORY, ['snapshot_date', 'model_key', 'litellm_provider', 'event'])) {
    const event = row.requiredText('event');
    if (!(PRICE_EVENTS as readonly string[]).includes(event)) row.fail(`column "event": unknown event "${event}"`);
    const date = row.requiredDate('snapshot_date');
    const fact = contextFact('litellm-history', row.requiredText('litellm_provider'), row.requiredText('model_key'), row.number('max_input_tokens'));
    if (fact !== undefined) out.facts.push(fact);
    out.history.push({
      providerModelKey: row.requiredText('model_key'),
      provider: row.requiredText('litellm_provider'),
      date,
      event: event as (typeof PRICE_EVENTS)[number],
      inputPerMtok: row.number('input_usd_per_mtok'),
      outputPerMtok: row.number('output_usd_per_mtok'),
      source: 'litellm-history',
    });
  }
  return out;
}

export { namesFor as litellmNames };
