import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_CONFIG } from '../features/feature-config.js';
import { featurizeAll } from '../features/featurize.js';
import { TextScanner } from '../features/text-scanner.js';
import { combineLogistic } from './combine-logistic.js';
import { LogisticModel, trainLogistic } from './logistic.js';

const texts = [
  'Write a python function that reverses a linked list',
  'What is the capital of France?',
  'Compose a haiku about autumn leaves falling on a quiet pond',
  'Solve for x: 3x + 7 = 22, and show each step',
  'Explain why the sky is blue in two sentences',
  'Translate "good morning" into German and Japanese',
  'Summarise the plot of Hamlet in one paragraph\nThen list the main characters.',
  'Fix this SQL: SELECT * FORM users WHERE id = 1;',
];
const rows = featurizeAll(texts, DEFAULT_FEATURE_CONFIG);

describe('combineLogistic', () => {
  it('scores exactly the weighted sum of the models it merges, though they standardised on different rows', () => {
    const first = trainLogistic({ rows: rows.slice(0, 6), targets: Float64Array.from([0.2, 0.9, 0.7, 0.1, 0.8, 0.6]) }, DEFAULT_FEATURE_CONFIG.hashBits);
    const second = trainLogistic({ rows: rows.slice(2), targets: Float64Array.from([0.3, 0.2, 0.9, 0.5, 0.7, 0.1]) }, DEFAULT_FEATURE_CONFIG.hashBits);
    expect(first.dense.mean).not.toEqual(second.dense.mean);
    const merged = new LogisticModel(combineLogistic([{ model: first, weight: 0.5 }, { model: second, weight: -1.5 }], 0.25));
    const a = new LogisticModel(first);
    const b = new LogisticModel(second);
    const scanner = new TextScanner(DEFAULT_FEATURE_CONFIG);
    rows.forEach((row, index) => {
      const expected = 0.25 + 0.5 * a.margin(row) - 1.5 * b.margin(row);
      expect(merged.margin(row)).toBeCloseTo(expected, 4);
      scanner.scan(texts[index] ?? '');
      expect(merged.scoreScan(scanner)).toBeCloseTo(merged.predict(row), 10);
    });
  });

  it('refuses models over different hash sizes', () => {
    const first = trainLogistic({ rows, targets: new Float64Array(rows.length).fill(0.5) }, 16);
    expect(() => combineLogistic([{ model: first, weight: 1 }, { model: { ...first, hashBits: 12 }, weight: 1 }])).toThrow(/hash size/);
    expect(() => combineLogistic([])).toThrow(/at least one/);
  });
});
