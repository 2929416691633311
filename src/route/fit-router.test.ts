import { describe, expect, it } from 'vitest';
import type { PairRow } from './data/pair-dataset.js';
import { DEFAULT_FEATURE_CONFIG } from './features/feature-config.js';
import { featurizeAll } from './features/featurize.js';
import { fitRouter, MIN_DIFFICULTY_PROMPTS } from './fit-router.js';
import { buildRouterModel } from './models/index.js';
import { peerDifficultyTargets } from './peer-difficulty.js';

// Toy data: proofs are hard for everyone (peers fail), recipes are easy. The weak model's own labels are noisy.
const size = { inputTokens: 10, outputTokens: 10, costUsd: undefined, estimated: false };
const rows: PairRow[] = Array.from({ length: 40 }, (_, index) => {
  const hard = index % 2 === 0;
  const text = hard ? `Prove that the sum of the first ${index} odd numbers is a perfect square` : `Give me a simple recipe for soup number ${index}`;
  const noise = index % 3 === 0 ? 0.5 : 0;
  return { promptId: `p${index}`, text, qWeak: hard ? 0.2 + noise : 0.8 - noise, qStrong: 0.9, weak: size, strong: size };
});
const features = featurizeAll(rows.map((row) => row.text), DEFAULT_FEATURE_CONFIG);
const peerQuality = (row: PairRow, bias: number): number => (row.text.startsWith('Prove') ? 0.1 : 0.9) + bias;
const peers = new Map([
  ['peer-a', new Map(rows.map((row) => [row.promptId, peerQuality(row, 0)]))],
  ['peer-b', new Map(rows.filter((_, index) => index % 5 !== 0).map((row) => [row.promptId, peerQuality(row, 0.05)]))],
]);
const all = rows.map((_, index) => index);
const train = all.filter((index) => index < 30);
const options = { model: 'logistic', features: DEFAULT_FEATURE_CONFIG, peers, peerMethod: 'difficulty' } as const;

describe('peerDifficultyTargets', () => {
  it('averages the peers that judged each training prompt, and reads nothing else', () => {
    const difficulty = peerDifficultyTargets(rows, [0, 1, 5], peers);
    expect(difficulty.indices).toEqual([0, 1, 5]);
    expect(difficulty.targets[0]).toBeCloseTo(0.1, 12); // peer-b has no judgement of p0
    expect(difficulty.targets[1]).toBeCloseTo(0.925, 12);
    expect(difficulty.peerCount).toBe(2);
    const lonely = peerDifficultyTargets(rows, [0, 1], new Map([['peer-c', new Map([['p1', 0.4]])]]));
    expect(lonely.indices).toEqual([1]);
  });
});

describe('fitRouter', () => {
  it('difficulty: never reads the labels of prompts outside the training set, from any model', () => {
    const changed = new Map([...peers].map(([name, qualities]) => [name, new Map([...qualities].map(([id, quality]) => [id, Number(id.slice(1)) >= 30 ? 1 - quality : quality]))]));
    const changedRows = rows.map((row, index) => (index >= 30 ? { ...row, qWeak: 1 - row.qWeak, qStrong: 0.1 } : row));
    expect(fitRouter(changedRows, features, train, { ...options, peers: changed })).toEqual(fitRouter(rows, features, train, options));
  });

  it('difficulty: ranks held-out hard prompts below easy ones, and differs from the own-label model', () => {
    const json = fitRouter(rows, features, train, options);
    const own = fitRouter(rows, features, train, { ...options, peerMethod: 'none' });
    expect(json).not.toEqual(own);
    const model = buildRouterModel(json);
    const held = all.filter((index) => index >= 30);
    const hard = held.filter((index) => index % 2 === 0).map((index) => model.predict(features[index]!));
    const easy = held.filter((index) => index % 2 === 1).map((index) => model.predict(features[index]!));
    expect(Math.max(...hard)).toBeLessThan(Math.min(...easy));
  });

  it('difficulty: falls back to the own labels without enough peer judgements', () => {
    const own = fitRouter(rows, features, train, { ...options, peerMethod: 'none' });
    expect(fitRouter(rows, features, train, { ...options, peers: new Map() })).toEqual(own);
    const few = new Map([['peer-a', new Map(rows.slice(0, MIN_DIFFICULTY_PROMPTS - 1).map((row) => [row.promptId, 0.5 + (row.promptId.length % 2) / 4]))]]);
    expect(fitRouter(rows, features, train, { ...options, peers: few })).toEqual(own);
  });

  it('difficulty needs the logistic model', () => {
    expect(() => fitRouter(rows, features, train, { ...options, model: 'knn' })).toThrow(/needs --model logistic/);
    expect(fitRouter(rows, features, train, { ...options, model: 'knn', peerMethod: 'blend' }).kind).toBe('knn');
  });
});
