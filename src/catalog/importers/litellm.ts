/**
 * LiteLLM's price table (chat, completion and responses modes) and its half-monthly price history.
 * Prices only: LiteLLM keys are provider routes (`bedrock/…`, `together_ai/…`), not model facts.
 */
import { PRICE_EVENTS } from '../schema.js';
import type { ImportContext, SourceOutput } from './context.js';
import { cleanProviderModelId, emptyOutput } from './context.js';

const PRICES = 'litellm/litellm_models_flat.csv';
const HISTORY = 'litellm/litellm_price_history.csv';
const SNAPSHOT = '2026-07-24';

/** `bedrock/us.anthropic.claude-…` → `us.anthropic.claude-…` → the cleaned id; the route prefix is dropped. */
function namesFor(key: string): string[] {
  const last = key.split('/').pop() ?? key;
  const cleaned = cleanProviderModelId(last);
  return cleaned === key ? [key] : [cleaned, key];
}

export function importLitellm(context: ImportContext): SourceOutput {
  const out = emptyOutput();
  for (const row of context.folder.csv(PRICES, ['model_key', 'litellm_provider', 'input_usd_per_mtok', 'output_usd_per_mtok'])) {
    const key = row.requiredText('model_key');
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
