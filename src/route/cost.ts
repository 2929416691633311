/**
 * Cost of a call: the cost the source measured when it has one, else tokens × the model's price. Prices come
 * from the catalog or from flags, never from here: without a price, costs are unknown and reported as such.
 */
import { z } from 'zod';
import type { CallSize } from './data/pair-dataset.js';

export const modelPriceSchema = z.object({
  inputPerMtok: z.number().nonnegative(),
  outputPerMtok: z.number().nonnegative(),
  /** Where the price came from, e.g. "flag --weak-price" or "catalog: together, 2026-07-02". */
  source: z.string(),
});
export type ModelPrice = z.infer<typeof modelPriceSchema>;

export function callCost(size: CallSize, price: ModelPrice | undefined): number | undefined {
  if (size.costUsd !== undefined) return size.costUsd;
  if (price === undefined || size.outputTokens === undefined) return undefined;
  return (size.inputTokens * price.inputPerMtok + size.outputTokens * price.outputPerMtok) / 1e6;
}
