/**
 * Consistency over repeats through the CLI against a real server on 127.0.0.1 whose answers change between calls:
 * pass^k (all k repeats pass), pass@k (one does) and the cases that flip, in the JSON and the text summary. Each
 * repeat is a call of its own, never the cache's copy of the first.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalReport } from '../../src/eval/execute-plan.js';
import type { FakeUpstream } from '../helpers/fake-upstream.js';
import { runCli } from '../helpers/run-cli.js';
import { doublingCases, doublingUpstream } from './chat-upstream.js';

let dir: string;
let upstream: FakeUpstream;
const asked = new Map<number, number>();

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'parity-eval-repeats-'));
  // 1: always right; 2: right, wrong, right…; 3: always wrong; 4: right the first time only
  const rule: Record<number, (call: number) => boolean> = { 1: () => true, 2: (call) => call % 2 === 1, 3: () => false, 4: (call) => call === 1 };
  upstream = await doublingUpstream({
    right: (n) => {
      const call = (asked.get(n) ?? 0) + 1;
      asked.set(n, call);
      return rule[n]!(call);
    },
  });
});
afterAll(async () => {
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('repeats', () => {
  it('reports pass^k, pass@k and the cases that flip, each repeat being its own call', async () => {
    const file = path.join(dir, 'repeats.yaml');
    writeFileSync(
      file,
      `name: repeats\nprompt: "What is {{n}} + {{n}}?"\ngraders: [{ type: equals }]\nrepeats: 3\nproviders:\n  - { ref: openai-compatible/moody, label: moody, baseURL: ${upstream.url}/v1 }\ncases:\n${doublingCases(4)}\n`,
    );
    const result = await runCli(['eval', file, '--db', path.join(dir, 'repeats.db'), '--json', '--quiet'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(upstream.count()).toBe(12);
    const model = (JSON.parse(result.stdout) as EvalReport).summary.models[0]!;
    expect(model).toMatchObject({ attempts: 12, passes: 6, passRate: 0.5, cached: 0 });
    expect(model.consistency).toEqual({ repeats: 3, cases: 4, passAll: 0.25, passAny: 0.75, flipping: 2, flippingCases: ['c2', 'c4'] });

    // the same suite again in a new store: the text says the same
    asked.clear();
    const text = await runCli(['eval', file, '--db', path.join(dir, 'text.db')], { cwd: dir });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('moody: pass^3 25.0%, pass@3 75.0%, mean 50.0% over 4 cases; 2 cases flip between repeats: c2, c4');
  }, 60_000);
});
