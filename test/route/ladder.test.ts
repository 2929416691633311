/**
 * The ladder (k-model) router on the AlpacaEval fixture: three models with catalog-free prices, evaluated with
 * the same folds as a pair, trained into a policy file that validates against the committed schema, loaded back
 * and deciding exactly by its threshold.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { assignFolds } from '../../src/route/cross-validation.js';
import { buildLadderDataset } from '../../src/route/data/ladder-dataset.js';
import { readJudgements } from '../../src/route/data/read-judgements.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/route/features/feature-config.js';
import { evaluateLadder } from '../../src/route/ladder/evaluate-ladder.js';
import { ladderPolicyJsonSchema } from '../../src/route/ladder/ladder-policy-schema.js';
import { parseLadderPolicy } from '../../src/route/ladder/ladder-policy.js';
import { trainLadderPolicy, type TrainLadderOptions } from '../../src/route/ladder/train-ladder.js';
import { loadAnyPolicy, parseAnyPolicy } from '../../src/route/load-policy.js';
import { parsePolicy } from '../../src/route/policy.js';
import { ALPACA, REPO_ROOT } from './helpers.js';

const MODELS = ['gemma-7b-it', 'gpt-3.5-turbo-1106', 'gpt4_1106_preview'];
const table = readJudgements({ format: 'alpaca-eval', ...ALPACA });
const dataset = buildLadderDataset(table, { models: MODELS });
const price = (input: number, output: number) => ({ inputPerMtok: input, outputPerMtok: output, source: 'test' });
const prices = [price(0.1, 0.1), price(0.5, 1.5), price(10, 30)];
const features = DEFAULT_FEATURE_CONFIG;
const trainOptions: TrainLadderOptions = {
  model: 'logistic',
  features,
  folds: 4,
  seed: 2,
  target: { kind: 'min-pgr', value: 0.7 },
  source: { format: 'alpaca-eval', judgements: { name: 'judgments.csv', sha256: '0'.repeat(64) }, prompts: null },
  prices,
};
const policyJson = trainLadderPolicy(dataset, trainOptions);
const dir = mkdtempSync(path.join(tmpdir(), 'parity-ladder-'));

describe('ladder data set', () => {
  it('keeps the prompts every model was judged on, in ladder order, and the other models as peers', () => {
    expect(dataset.models).toEqual(MODELS);
    expect(dataset.rows.length).toBeGreaterThan(100);
    for (const row of dataset.rows) expect(row.quality).toHaveLength(3);
    expect([...dataset.peers.keys()]).toEqual(['claude-2']);
    // the reference (generator_1) scores 0.5 on every prompt
    expect(new Set(dataset.rows.map((row) => row.quality[2]))).toEqual(new Set([0.5]));
  });

  it('refuses fewer than two models, a repeat, and an unknown model', () => {
    expect(() => buildLadderDataset(table, { models: ['gemma-7b-it'] })).toThrow(/at least two models/);
    expect(() => buildLadderDataset(table, { models: ['gemma-7b-it', 'gemma-7b-it'] })).toThrow(/names gemma-7b-it twice/);
    expect(() => buildLadderDataset(table, { models: ['gemma-7b-it', 'nope'] })).toThrow(/model "nope" is not in/);
  });
});

describe('evaluateLadder', () => {
  const report = evaluateLadder(dataset, { folds: 4, seed: 2, model: 'logistic', features, prices });

  it('uses the same folds as a pair evaluation, and every prompt is tested once', () => {
    const folds = assignFolds(dataset.rows.map((row) => row.text), 4, 2);
    expect(report.folds.map((fold) => fold.prompts)).toEqual([0, 1, 2, 3].map((fold) => folds.filter((value) => value === fold).length));
  });

  it('measures on the cost axis with the baselines: random 0.5, the oracle as a ceiling', () => {
    expect(report.settings.axis).toBe('cost');
    expect(report.baselines.random.apgr).toBeCloseTo(0.5, 12);
    expect(report.baselines.oracle.apgr).toBeGreaterThan(report.router.apgr);
    expect(report.baselines.fixedMix.apgr).toBeGreaterThanOrEqual(0.5 - 1e-12);
    expect(report.router.curve[0]).toEqual({ x: 0, pgr: 0 });
    expect(report.router.curve.at(-1)?.pgr).toBeCloseTo(1, 12);
    const meanOfFolds = report.folds.reduce((sum, fold) => sum + fold.router.apgr, 0) / report.folds.length;
    expect(report.router.apgr).toBeCloseTo(meanOfFolds, 12);
  });

  it('reports each model always with its cost, and where the router sends requests', () => {
    expect(report.models.map((point) => point.model)).toEqual(MODELS);
    expect(report.models[0]).toMatchObject({ x: 0, pgr: 0 });
    expect(report.models[2]).toMatchObject({ x: 1, pgr: 1 });
    expect(report.models.every((point) => point.costPerRequest !== null && point.costPerRequest > 0)).toBe(true);
    for (const point of report.frontier) expect(point.shares.reduce((sum, share) => sum + share, 0)).toBeCloseTo(1, 9);
    expect(report.frontier[0]?.shares).toEqual([1, 0, 0]);
    expect(report.frontier.at(-1)?.shares).toEqual([0, 0, 1]);
    expect(report.notes).toContain('token counts estimated from characters (4 characters per token)');
  });

  it('without prices the axis is the ladder step, and the report says why', () => {
    const unpriced = evaluateLadder(dataset, { folds: 3, seed: 1, model: 'logistic', features });
    expect(unpriced.settings.axis).toBe('step');
    expect(unpriced.notes.join('\n')).toMatch(/costs unknown, so the frontier is over the mean ladder step/);
  });

  it('refuses a ladder whose last model is not better than its first', () => {
    expect(() => evaluateLadder(buildLadderDataset(table, { models: ['gpt4_1106_preview', 'gemma-7b-it'] }), { folds: 3, seed: 1, model: 'logistic', features })).toThrow(/list --models cheapest first/);
  });
});

describe('ladder policy', () => {
  it('is the same file for the same seed, and validates against the committed JSON Schema', () => {
    expect(JSON.stringify(trainLadderPolicy(dataset, trainOptions))).toBe(JSON.stringify(policyJson));
    const committed = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas/route-ladder.schema.json'), 'utf8')) as Record<string, unknown>;
    expect(committed).toEqual(JSON.parse(JSON.stringify(ladderPolicyJsonSchema())));
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(committed);
    expect(validate(JSON.parse(JSON.stringify(policyJson))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('stores one scorer per model but the last, and the calibrated operating point', () => {
    expect(policyJson.models).toEqual(MODELS);
    expect(policyJson.scorers).toHaveLength(2);
    expect(policyJson.calibration.target).toEqual({ kind: 'min-pgr', value: 0.7 });
    expect(policyJson.calibration.expected.pgr).toBeGreaterThanOrEqual(0.7);
    expect(policyJson.calibration.expected.shares.reduce((sum, share) => sum + share, 0)).toBeCloseTo(1, 9);
    expect(policyJson.training).toMatchObject({ peerMethod: 'difficulty', peerModels: 1, promptCount: dataset.rows.length, crossValidated: { axis: 'cost' } });
  });

  it('decides the cheapest model whose predicted quality reaches the threshold', () => {
    const file = path.join(dir, 'ladder.json');
    writeFileSync(file, JSON.stringify(policyJson));
    const policy = loadAnyPolicy(file);
    if (policy.kind !== 'ladder') throw new Error('expected a ladder policy');
    const chosen = new Set<number>();
    for (const row of dataset.rows) {
      const predicted = policy.predict(row.text);
      const decision = policy.decide(row.text);
      const expected = predicted.findIndex((score) => score >= policy.threshold);
      expect(decision.index).toBe(expected < 0 ? 2 : expected);
      expect(decision.model).toBe(MODELS[decision.index]);
      chosen.add(decision.index);
    }
    // the fixture's prompts must reach more than one model, or the test proves little
    expect(chosen.size).toBeGreaterThan(1);
    expect(policy.withThreshold(-1).decide('anything').model).toBe('gemma-7b-it');
    expect(policy.withThreshold(2).decide('anything')).toMatchObject({ model: 'gpt4_1106_preview', index: 2 });
  });

  it('is told apart from a weak/strong policy, and refuses a broken one naming the field', () => {
    expect(parseAnyPolicy(JSON.parse(JSON.stringify(policyJson))).kind).toBe('ladder');
    expect(() => parsePolicy(JSON.parse(JSON.stringify(policyJson)), 'l.json')).toThrow(/k-model \(ladder\) policy/);
    expect(() => parseLadderPolicy({ ...policyJson, scorers: policyJson.scorers.slice(0, 1) }, 'l.json')).toThrow(/l\.json: scorers/);
    expect(() => parseLadderPolicy({ ...policyJson, version: 2 }, 'l.json')).toThrow(/version 2 is not supported/);
    expect(() => parseLadderPolicy({ ...policyJson, denseFeatures: [] })).toThrow(/different dense features/);
    expect(() => parseAnyPolicy({ format: 'something-else' }, 'x.json')).toThrow(ConfigError);
  });

  it('max-cost needs costs, and takes the best quality within them', () => {
    const budget = (policyJson.calibration.expected.costPerRequest ?? 0) * 1.01;
    const cheap = trainLadderPolicy(dataset, { ...trainOptions, target: { kind: 'max-cost', value: budget } });
    expect(cheap.calibration.expected.costPerRequest).toBeLessThanOrEqual(budget);
    expect(() => trainLadderPolicy(dataset, { ...trainOptions, prices: undefined, target: { kind: 'max-cost', value: 1 } })).toThrow(/--max-cost needs costs/);
  });
});
