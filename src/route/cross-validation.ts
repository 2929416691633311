/**
 * k-fold splits over prompts. The unit is the prompt text (lower-cased, whitespace collapsed), so two rows with
 * the same prompt under different ids still land in the same fold and a fold never tests on a prompt it
 * trained on.
 */
import { ValidationError } from '../errors.js';
import { seededRandom, shuffled } from '../kernel/index.js';

export function promptKey(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Fold number (0..k−1) for each text, in input order; deterministic for a seed. */
export function assignFolds(texts: readonly string[], folds: number, seed: number): number[] {
  if (!Number.isInteger(folds) || folds < 2) throw new ValidationError(`--folds must be an integer of at least 2, got ${folds}`, 'folds');
  const keys = [...new Set(texts.map(promptKey))].sort();
  if (keys.length < folds) throw new ValidationError(`${folds} folds need at least ${folds} distinct prompts; the data has ${keys.length}`, 'folds');
  const foldOf = new Map<string, number>();
  shuffled(keys, seededRandom(seed)).forEach((key, position) => foldOf.set(key, position % folds));
  return texts.map((text) => foldOf.get(promptKey(text)) ?? 0);
}
