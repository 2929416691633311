/** Pricing hook: what a call cost, given per-million-token prices (from the catalog or a per-model override). */
import { z } from 'zod';
import type { Usage } from './language-model.js';

export const priceSchema = z.object({
  inputPerMtok: z.number().nonnegative(),
  outputPerMtok: z.number().nonnegative(),
  /** Price of cache-read input tokens; when absent they cost the normal input price. */
  cachedInputPerMtok: z.number().nonnegative().optional(),
});
export type Price = z.infer<typeof priceSchema>;

/** Cost in US dollars, or undefined when the provider did not report the token counts. */
export function cost(usage: Usage, price: Price): number | undefined {
  if (usage.inputTokens === undefined || usage.outputTokens === undefined) return undefined;
  const cached = price.cachedInputPerMtok === undefined ? 0 : Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens);
  const fresh = usage.inputTokens - cached;
  return (fresh * price.inputPerMtok + cached * (price.cachedInputPerMtok ?? 0) + usage.outputTokens * price.outputPerMtok) / 1_000_000;
}
