import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { assignFolds, promptKey } from './cross-validation.js';

const texts = Array.from({ length: 40 }, (_, index) => `prompt number ${index} about ${index % 7 === 0 ? 'code' : 'cooking'}`);
// the same prompt again under other ids, differing only in case and spacing
const withDuplicates = [...texts, 'PROMPT number 3   about cooking', ' prompt number 10 about cooking\n'];

describe('assignFolds', () => {
  it('never puts the same prompt text in two folds', () => {
    const folds = assignFolds(withDuplicates, 5, 7);
    const foldOfKey = new Map<string, number>();
    withDuplicates.forEach((text, index) => {
      const key = promptKey(text);
      const fold = folds[index] as number;
      if (foldOfKey.has(key)) expect(foldOfKey.get(key)).toBe(fold);
      foldOfKey.set(key, fold);
    });
    expect(folds[40]).toBe(folds[3]);
    expect(folds[41]).toBe(folds[10]);
  });

  it('uses every fold with balanced sizes', () => {
    const folds = assignFolds(texts, 5, 1);
    const sizes = [0, 1, 2, 3, 4].map((fold) => folds.filter((value) => value === fold).length);
    expect(sizes).toEqual([8, 8, 8, 8, 8]);
  });

  it('is deterministic for a seed and changes with the seed', () => {
    expect(assignFolds(texts, 5, 3)).toEqual(assignFolds(texts, 5, 3));
    expect(assignFolds(texts, 5, 3)).not.toEqual(assignFolds(texts, 5, 4));
  });

  it('does not depend on the input order of the prompts', () => {
    const reversed = [...texts].reverse();
    const forward = assignFolds(texts, 4, 9);
    const backward = assignFolds(reversed, 4, 9).reverse();
    expect(backward).toEqual(forward);
  });

  it('refuses fewer distinct prompts than folds, and fewer than 2 folds', () => {
    expect(() => assignFolds(['a', 'A', 'b'], 3, 1)).toThrow(ValidationError);
    expect(() => assignFolds(texts, 1, 1)).toThrow(/at least 2/);
  });
});
