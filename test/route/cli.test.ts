/**
 * `parity route …` through the real CLI entry point, in-process, on the fixture subsets. Output is captured
 * from process.stdout / process.stderr.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureOutput } from '../helpers/capture-output.js';
import { ALPACA, REPO_ROOT, SINGLE_SCORE } from './helpers.js';

const io = captureOutput();

const run = (...args: string[]): Promise<number> => io.run('route', ...args);

const dir = mkdtempSync(path.join(tmpdir(), 'parity-route-cli-'));
const singleScore = ['--judgments', SINGLE_SCORE.judgements, '--prompts', SINGLE_SCORE.prompts, '--format', 'single-score', '--weak', 'Mixtral-8x7B-Instruct-v0.1', '--strong', 'gpt-4-1106-preview'];
const alpaca = ['--judgments', ALPACA.judgements, '--prompts', ALPACA.prompts, '--format', 'alpaca-eval', '--weak', 'claude-2', '--strong', 'gpt4_1106_preview'];

interface Summary {
  apgr: number;
  cpt50: number;
  cpt80: number;
  apgrInterval: [number, number];
  curve: Array<{ frontierShare: number; pgr: number }>;
}

describe('parity route eval', () => {
  it('--json is shaped {router, baselines, folds} with RouteLLM metrics', async () => {
    const code = await run('eval', ...singleScore, '--folds', '4', '--json');
    expect(code, io.stderr).toBe(0);
    const report = JSON.parse(io.stdout) as {
      router: Summary & { model: string };
      baselines: { random: Summary; length: Summary; oracle: Summary; alwaysWeak: { pgr: number }; alwaysStrong: { pgr: number } };
      folds: Array<{ prompts: number; router: { apgr: number } }>;
      pair: { weak: string; prompts: number };
    };
    expect(report.pair.weak).toBe('mistralai/Mixtral-8x7B-Instruct-v0.1');
    expect(report.folds).toHaveLength(4);
    expect(report.folds.reduce((sum, fold) => sum + fold.prompts, 0)).toBe(report.pair.prompts);
    expect(report.router.model).toBe('logistic');
    for (const summary of [report.router, report.baselines.random, report.baselines.length, report.baselines.oracle]) {
      expect(summary.cpt50).toBeGreaterThanOrEqual(0);
      expect(summary.cpt80).toBeGreaterThanOrEqual(summary.cpt50);
      expect(summary.cpt80).toBeLessThanOrEqual(1);
      expect(summary.curve[0]?.pgr).toBeCloseTo(0, 12);
      expect(summary.curve.at(-1)?.pgr).toBeCloseTo(1, 12);
    }
    expect(report.baselines.random.apgr).toBeCloseTo(0.5, 12);
    expect(report.baselines.random.cpt50).toBeCloseTo(0.5, 12);
    expect(report.baselines.oracle.apgr).toBeGreaterThan(report.router.apgr);
    expect(report.baselines.alwaysWeak.pgr).toBe(0);
    expect(report.baselines.alwaysStrong.pgr).toBe(1);
    const meanOfFolds = report.folds.reduce((sum, fold) => sum + fold.router.apgr, 0) / report.folds.length;
    expect(report.router.apgr).toBeCloseTo(meanOfFolds, 12);
  });

  it('prints tables, costs from --weak-price/--strong-price, and a self-contained HTML page', async () => {
    const html = path.join(dir, 'route.html');
    const code = await run('eval', ...alpaca, '--weak-price', '0.5,1.5', '--strong-price', '10,30', '--html', html, '--wide');
    expect(code, io.stderr).toBe(0);
    expect(io.stdout).toMatch(/router \(logistic\)/);
    expect(io.stdout).toMatch(/random \(expected\)/);
    expect(io.stdout).toMatch(/always strong/);
    expect(io.stdout).toMatch(/\d+\.\d% /); // savings columns are filled
    expect(io.stdout).toMatch(/token counts estimated from characters/);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('<svg');
    expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('fails on a malformed judgement file with file, row and reason (exit code 4)', async () => {
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'question_id,model,score\n' + readFileSync(SINGLE_SCORE.judgements, 'utf8').split('\n')[1]?.split(',').slice(0, 2).join(',') + ',eleven\n');
    const code = await run('eval', '--judgments', bad, '--prompts', SINGLE_SCORE.prompts, '--format', 'single-score', '--weak', 'a', '--strong', 'b');
    expect(code).toBe(4);
    expect(io.stderr).toMatch(/bad\.csv, row 2: score must be a number from 1 to 10, got "eleven"/);
  });

  it('explains an unknown model and a bad flag', async () => {
    expect(await run('eval', ...singleScore.slice(0, 6), '--weak', 'no-such-model', '--strong', 'gpt-4-1106-preview')).toBe(5);
    expect(io.stderr).toMatch(/model "no-such-model" is not in/);
    io.clear();
    expect(await run('eval', ...singleScore, '--folds', 'many')).toBe(2);
    expect(io.stderr).toMatch(/--folds/);
  });

  it('--peer-method picks the training signal (difficulty by default); --no-peers is none', async () => {
    const settings = async (...flags: string[]): Promise<{ peerMethod: string; peerModels: number; apgr: number }> => {
      io.clear();
      const code = await run('eval', ...singleScore, '--folds', '3', '--json', ...flags);
      expect(code, io.stderr).toBe(0);
      const report = JSON.parse(io.stdout) as { settings: { peerMethod: string; peerModels: number }; router: { apgr: number } };
      return { ...report.settings, apgr: report.router.apgr };
    };
    const difficulty = await settings();
    expect(difficulty.peerMethod).toBe('difficulty');
    expect(difficulty.peerModels).toBeGreaterThan(0);
    const blend = await settings('--peer-method', 'blend');
    expect(blend.peerMethod).toBe('blend');
    expect(blend.apgr).not.toBe(difficulty.apgr);
    expect(await settings('--no-peers')).toMatchObject({ peerMethod: 'none', peerModels: 0 });
    expect(await run('eval', ...singleScore, '--no-peers', '--peer-method', 'difficulty')).toBe(2);
    expect(io.stderr).toMatch(/--no-peers contradicts --peer-method difficulty/);
    io.clear();
    expect(await run('eval', ...singleScore, '--model', 'knn', '--peer-method', 'difficulty')).toBe(2);
    expect(io.stderr).toMatch(/needs --model logistic/);
  });
});

describe('parity route train / decide / models / schema', () => {
  it('train writes the same policy for the same seed; decide uses it', async () => {
    const first = path.join(dir, 'a.json');
    const second = path.join(dir, 'b.json');
    expect(await run('train', ...singleScore, '--seed', '3', '--target-frontier-share', '0.3', '--out', first), io.stderr).toBe(0);
    const share = Number(/expected frontier share (\d+\.\d)%/.exec(io.stdout)?.[1]);
    expect(Math.abs(share - 30)).toBeLessThan(2); // 98 prompts: the closest achievable share
    expect(await run('train', ...singleScore, '--seed', '3', '--target-frontier-share', '0.3', '--out', second), io.stderr).toBe(0);
    expect(readFileSync(second, 'utf8')).toBe(readFileSync(first, 'utf8'));
    io.clear();
    expect(await run('decide', '--policy', first, '--json', 'Write a Python function that parses ISO dates')).toBe(0);
    const decision = JSON.parse(io.stdout) as { route: string; score: number; model: string };
    expect(['weak', 'strong']).toContain(decision.route);
    expect(decision.model).toBe(decision.route === 'weak' ? 'mistralai/Mixtral-8x7B-Instruct-v0.1' : 'gpt-4-1106-preview');
  });

  it('--max-chars goes into the policy, and a bad value is refused naming the flag', async () => {
    const out = path.join(dir, 'short.json');
    expect(await run('train', ...singleScore, '--max-chars', '300', '--out', out), io.stderr).toBe(0);
    const policy = JSON.parse(readFileSync(out, 'utf8')) as { features: { maxChars: number; hashBits: number } };
    expect(policy.features.maxChars).toBe(300);
    expect(await run('train', ...singleScore, '--max-chars', '5', '--out', path.join(dir, 'bad.json'))).toBe(2);
    expect(io.stderr).toMatch(/max-?chars/i);
  });

  it('train refuses two targets at once', async () => {
    expect(await run('train', ...singleScore, '--min-pgr', '0.8', '--target-frontier-share', '0.3', '--out', path.join(dir, 'c.json'))).toBe(2);
  });

  it('models lists models per judge', async () => {
    expect(await run('models', '--judgments', ALPACA.judgements, '--prompts', ALPACA.prompts, '--format', 'alpaca-eval', '--json')).toBe(0);
    const models = JSON.parse(io.stdout) as Array<{ model: string; judge: string; prompts: number }>;
    expect(models.map((model) => model.model).sort()).toEqual(['claude-2', 'gemma-7b-it', 'gpt-3.5-turbo-1106', 'gpt4_1106_preview']);
  });

  it('schema prints the committed JSON Schema', async () => {
    expect(await run('schema')).toBe(0);
    expect(JSON.parse(io.stdout)).toEqual(JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas/route-policy.schema.json'), 'utf8')));
  });
});

describe('parity route eval|train|decide --models (a ladder of k models)', () => {
  const ladder = [
    '--judgments', ALPACA.judgements, '--prompts', ALPACA.prompts, '--format', 'alpaca-eval', '--models', 'gemma-7b-it,gpt-3.5-turbo-1106,gpt4_1106_preview',
    '--price', 'gemma-7b-it=0.1,0.1', '--price', 'gpt-3.5-turbo-1106=0.5,1.5', '--price', 'gpt4_1106_preview=10,30', '--folds', '3',
  ];

  it('eval prints the k-model frontier with its baselines, as tables, --json and HTML', async () => {
    const html = path.join(dir, 'ladder.html');
    expect(await run('eval', ...ladder, '--html', html), io.stderr).toBe(0);
    expect(io.stdout).toMatch(/gemma-7b-it → gpt-3\.5-turbo-1106 → gpt4_1106_preview \(cheapest first\)/);
    expect(io.stdout).toMatch(/best fixed mix/);
    expect(io.stdout).toMatch(/→ gpt-3\.5-turbo-1106/);
    expect(io.stdout).toMatch(/share of the extra cost of always using gpt4_1106_preview/);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('<svg');
    expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    io.clear();
    expect(await run('eval', ...ladder, '--json'), io.stderr).toBe(0);
    const report = JSON.parse(io.stdout) as { kind: string; ladder: { models: string[] }; settings: { axis: string }; folds: unknown[] };
    expect(report).toMatchObject({ kind: 'ladder', settings: { axis: 'cost' } });
    expect(report.ladder.models).toEqual(['gemma-7b-it', 'gpt-3.5-turbo-1106', 'gpt4_1106_preview']);
    expect(report.folds).toHaveLength(3);
  });

  it('train writes a ladder policy that decide reads; schema --ladder is the committed one', async () => {
    const out = path.join(dir, 'ladder.json');
    expect(await run('train', ...ladder, '--min-pgr', '0.6', '--out', out), io.stderr).toBe(0);
    expect(io.stdout).toMatch(/ladder router over gemma-7b-it → gpt-3\.5-turbo-1106 → gpt4_1106_preview/);
    expect(io.stdout).toMatch(/expected share of requests: gemma-7b-it \d+\.\d%/);
    io.clear();
    expect(await run('decide', '--policy', out, '--json', 'Write a limerick about routers')).toBe(0);
    const decision = JSON.parse(io.stdout) as { model: string; index: number; reason: string };
    expect(['gemma-7b-it', 'gpt-3.5-turbo-1106', 'gpt4_1106_preview'][decision.index]).toBe(decision.model);
    io.clear();
    expect(await run('schema', '--ladder')).toBe(0);
    expect(JSON.parse(io.stdout)).toEqual(JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas/route-ladder.schema.json'), 'utf8')));
  });

  it('refuses mixed or missing model flags, a frontier-share target and a price for another model', async () => {
    expect(await run('eval', ...ladder, '--weak', 'gemma-7b-it')).toBe(2);
    expect(io.stderr).toMatch(/--models and --weak\/--strong/);
    io.clear();
    expect(await run('eval', '--judgments', ALPACA.judgements, '--prompts', ALPACA.prompts, '--format', 'alpaca-eval')).toBe(2);
    expect(io.stderr).toMatch(/give the models: --weak MODEL --strong MODEL \(a pair\), or --models A,B,C/);
    io.clear();
    expect(await run('train', ...ladder, '--target-frontier-share', '0.3', '--out', path.join(dir, 'x.json'))).toBe(2);
    expect(io.stderr).toMatch(/a ladder \(--models\) takes --min-pgr or --max-cost/);
    io.clear();
    expect(await run('eval', ...ladder, '--price', 'claude-2=1,1')).toBe(2);
    expect(io.stderr).toMatch(/--price names claude-2, which is not among the models/);
  });
});
