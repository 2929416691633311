/**
 * LiteLLM's price table (chat, completion and responses modes) and its half-monthly price history.
 * Mostly prices: LiteLLM keys are provider routes (`bedrock/…`, `together_ai/…`), not model facts. One fact is
 * taken, from the labs' own APIs only: the context window (`max_input_tokens`) of a model the catalog already
 * has. A host's limit (Bedrock, Together, Groq…) may be its own cap, not the model's, so hosts give none.
 */
import { PRICE_EVENTS } from '../schema.js';
import type { ImportContext, SourceOutput } from './context.js';
import type { ModelFact } from './model-facts.js';
import { cleanProviderModelId, emptyOutput } from './context.js';

const PRICES = 'litellm/litellm_models_flat.csv';
const HISTORY = 'litellm/litellm_price_history.csv';
const SNAPSHOT = '2026-07-24';

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

/** `bedrock/us.anthropic.claude-…` → `us.anthropic.claude-…` → the cleaned id; the route prefix is dropped. */
function namesFor(key: string): string[] {
  const last = key.split('/').pop() ?? key;
  const cleaned = cleanProviderModelId(last);
  return cleaned === key ? [key] : [cleaned, key];
}

const MOVING_ALIAS = /(?:^|[-_/])(?:latest|experimental|exp)$/i;

/** The context window a lab's own API states for a model the catalog has (never creates a model). */
function contextFact(source: string, provider: string, key: string, maxInputTokens: number | null): ModelFact | undefined {
  const lab = FIRST_PARTY[provider];
  if (lab === undefined || maxInputTokens === null || !Number.isInteger(maxInputTokens) || maxInputTokens <= 0) return undefined;
  // a moving alias (`gemini-pro-latest`, `…-experimental`) names whichever model it pointed to at the time
  if (MOVING_ALIAS.test(key)) return undefined;
  const [name = key, ...otherNames] = namesFor(key);
  return { source, name, otherNames, lab, contextWindow: maxInputTokens, create: false, exactOnly: true };
}

export function importLitellm(context: ImportContext): SourceOutput {
  const out = emptyOutput();
  for (const row of context.folder.csv(PRICES, ['model_key', 'litellm_provider', 'input_usd_per_mtok', 'output_usd_per_mtok'])) {
    const key = row.requiredText('model_key');
    const fact = contextFact('litellm', row.text('litellm_provider'), key, row.number('max_input_tokens'));
    if (fact !== undefined) out.facts.push(fact);
    const input = row.number('input_usd_per_mtok');
    const output = row.number('output_usd_per_mtok');
    if (input === null || output === null) continue;
    if (input < 0 || output < 0) row.fail('negative price');
    out.prices.push({
      source: 'litellm',
      provider: row.requiredText('litellm_provider'),
      names: namesFor(key),
      providerModelId: key,
      inputPerMtok: input,
      outputPerMtok: output,
      cacheReadPerMtok: row.number('cache_read_usd_per_mtok'),
      cacheWritePerMtok: null,
      asOf: SNAPSHOT,
    });
  }
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
