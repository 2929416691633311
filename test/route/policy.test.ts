/**
 * Training a policy on the AlpacaEval fixture, writing it, loading it back and deciding with it: the file is
 * deterministic for a seed, valid against the committed JSON Schema, and decides exactly as measured.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { buildPairDataset } from '../../src/route/data/pair-dataset.js';
import { readJudgements } from '../../src/route/data/read-judgements.js';
import { DEFAULT_FEATURE_CONFIG } from '../../src/route/features/feature-config.js';
import { loadPolicy, parsePolicy } from '../../src/route/policy.js';
import { routePolicyJsonSchema, type RoutePolicyJson } from '../../src/route/policy-schema.js';
import { trainPolicy, type TrainPolicyOptions } from '../../src/route/train.js';
import { ALPACA, REPO_ROOT } from './helpers.js';

const dataset = buildPairDataset(readJudgements({ format: 'alpaca-eval', ...ALPACA }), { weak: 'gemma-7b-it', strong: 'gpt4_1106_preview' });
const options: TrainPolicyOptions = {
  model: 'logistic',
  features: DEFAULT_FEATURE_CONFIG,
  folds: 4,
  seed: 5,
  peerMethod: 'difficulty',
  target: { kind: 'frontier-share', value: 0.4 },
  source: { format: 'alpaca-eval', judgements: { name: 'judgments.csv', sha256: '0'.repeat(64) }, prompts: null },
};
const policyJson = trainPolicy(dataset, options);
const dir = mkdtempSync(path.join(tmpdir(), 'parity-route-policy-'));

describe('route policy', () => {
  it('is the same file for the same seed', () => {
    expect(JSON.stringify(trainPolicy(dataset, options))).toBe(JSON.stringify(policyJson));
  });

  it('validates against the committed JSON Schema, which is current', () => {
    const committed = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas/route-policy.schema.json'), 'utf8')) as Record<string, unknown>;
    expect(committed).toEqual(JSON.parse(JSON.stringify(routePolicyJsonSchema())));
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(committed);
    expect(validate(JSON.parse(JSON.stringify(policyJson))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('calibrates the threshold to the target share on out-of-fold scores', () => {
    expect(policyJson.calibration.target).toEqual({ kind: 'frontier-share', value: 0.4 });
    expect(policyJson.calibration.expected.frontierShare).toBeCloseTo(0.4, 1);
    expect(policyJson.threshold).toBeGreaterThan(0);
    expect(policyJson.threshold).toBeLessThan(1);
    expect(policyJson.training.promptCount).toBe(dataset.rows.length);
  });

  it('loads from a file and decides: strong below the threshold, weak otherwise', () => {
    const file = path.join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify(policyJson));
    const policy = loadPolicy(file);
    expect(policy.weak).toBe('gemma-7b-it');
    expect(policy.strong).toBe('gpt4_1106_preview');
    let strong = 0;
    for (const row of dataset.rows) {
      const decision = policy.decide(row.text);
      expect(decision.route).toBe(decision.score < policy.threshold ? 'strong' : 'weak');
      expect(decision.reason).toContain(decision.score.toFixed(3));
      if (decision.route === 'strong') strong++;
    }
    // on its own training prompts the final model is sharper than out of fold, but some go each way
    expect(strong).toBeGreaterThan(0);
    expect(strong).toBeLessThan(dataset.rows.length);
  });

  it('reads chat messages: the user turns, not the system prompt', () => {
    const policy = parsePolicy(policyJson);
    const text = dataset.rows[0]?.text ?? '';
    const fromMessages = policy.decide([
      { role: 'system', content: 'You are a helpful assistant that always answers in great detail.' },
      { role: 'user', content: [{ type: 'text', text }] },
    ]);
    expect(fromMessages.score).toBe(policy.decide(text).score);
  });

  it('withThreshold moves the operating point without retraining', () => {
    const policy = parsePolicy(policyJson);
    expect(policy.withThreshold(0).decide('anything').route).toBe('weak');
    expect(policy.withThreshold(2).decide('anything').route).toBe('strong');
  });

  it('refuses other format versions, broken files and changed feature lists with a ConfigError', () => {
    expect(() => parsePolicy({ ...policyJson, version: 3 }, 'p.json')).toThrow(/version 3 is not supported/);
    expect(() => parsePolicy({ ...policyJson, threshold: 'high' }, 'p.json')).toThrow(/p\.json: threshold/);
    expect(() => parsePolicy({ ...policyJson, denseFeatures: ['log-chars'] })).toThrow(/different dense features/);
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{"format": "parity-route-policy"');
    expect(() => loadPolicy(broken)).toThrow(ConfigError);
    expect(() => loadPolicy(path.join(dir, 'absent.json'))).toThrow(/cannot read/);
  });

  it('reads a version 1 file (usePeers instead of peerMethod) as version 2, deciding the same', () => {
    const { peerMethod: _method, peerModels: _models, ...training } = policyJson.training;
    const version1 = { ...policyJson, version: 1, training: { ...training, usePeers: true } };
    const policy = parsePolicy(JSON.parse(JSON.stringify(version1)));
    expect(policy.json.version).toBe(2);
    expect(policy.json.training.peerMethod).toBe('blend');
    expect(policy.json.training.peerModels).toBeNull();
    const current = parsePolicy(policyJson);
    for (const row of dataset.rows.slice(0, 10)) expect(policy.decide(row.text)).toEqual(current.decide(row.text));
  });

  it('records the peer method and how many peers the fixture offered', () => {
    expect(policyJson.training.peerMethod).toBe('difficulty');
    expect(policyJson.training.peerModels).toBe(dataset.peers.size);
    expect(dataset.peers.size).toBeGreaterThan(0);
    const own = trainPolicy(dataset, { ...options, peerMethod: 'none' });
    expect(own.training.peerMethod).toBe('none');
    expect(own.training.peerModels).toBe(0);
    expect(own.model).not.toEqual(policyJson.model);
  });

  it('another seed splits the folds differently (so its cross-validated figures differ)', () => {
    const other: RoutePolicyJson = trainPolicy(dataset, { ...options, seed: 6 });
    expect(other.training.seed).toBe(6);
    expect(other.training.crossValidated.apgr).not.toBe(policyJson.training.crossValidated.apgr);
  });
});
