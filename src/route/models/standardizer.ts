import { z } from 'zod';
import type { FeatureRow } from '../features/featurize.js';

/** Mean and scale of each dense feature, fitted on training rows; a constant feature gets scale 1. */
export const standardizerSchema = z.object({
  names: z.array(z.string()),
  mean: z.array(z.number()),
  scale: z.array(z.number().positive()),
});
export type Standardizer = z.infer<typeof standardizerSchema>;

export function fitStandardizer(rows: readonly FeatureRow[], names: readonly string[]): Standardizer {
  const width = rows[0]?.dense.length ?? 0;
  const mean = new Array<number>(width).fill(0);
  const scale = new Array<number>(width).fill(1);
  if (rows.length === 0 || width === 0) return { names: [...names].slice(0, width), mean, scale };
  for (const row of rows) for (let index = 0; index < width; index++) mean[index] = (mean[index] ?? 0) + (row.dense[index] ?? 0) / rows.length;
  for (let index = 0; index < width; index++) {
    let variance = 0;
    for (const row of rows) variance += ((row.dense[index] ?? 0) - (mean[index] ?? 0)) ** 2 / rows.length;
    const deviation = Math.sqrt(variance);
    scale[index] = deviation > 1e-12 ? deviation : 1;
  }
  return { names: [...names].slice(0, width), mean, scale };
}

export function standardize(standardizer: Standardizer, dense: Float64Array, out: Float64Array): Float64Array {
  for (let index = 0; index < out.length; index++) out[index] = ((dense[index] ?? 0) - (standardizer.mean[index] ?? 0)) / (standardizer.scale[index] ?? 1);
  return out;
}
