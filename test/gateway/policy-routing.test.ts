/**
 * `parity route train` writes a policy; the gateway loads it and routes by it: prompts the policy scores low
 * (the weak model is judged good enough) go to the weak upstream, the rest to the strong one.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadPolicy } from '../../src/route/index.js';
import { SINGLE_SCORE } from '../route/helpers.js';
import { basicConfig, chatReply, startHarness, type Harness } from './harness.js';

describe('gateway: routing by a trained policy file', () => {
  let dir: string;
  let policyFile: string;
  let harness: Harness;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-policy-'));
    policyFile = path.join(dir, 'policy.json');
    const code = await main([
      'node', 'parity', 'route', 'train',
      '--judgments', SINGLE_SCORE.judgements, '--prompts', SINGLE_SCORE.prompts, '--format', 'single-score',
      '--weak', 'Mixtral-8x7B-Instruct-v0.1', '--strong', 'gpt-4-1106-preview',
      '--target-frontier-share', '0.5', '--folds', '4', '--seed', '1', '--out', policyFile,
    ]);
    expect(code).toBe(0);
    harness = await startHarness(
      (urls) =>
        basicConfig(urls, {
          groups: { open: ['u0/gpt-test'], frontier: ['u1/gpt-test'] },
          router: { policy: policyFile, weak: 'open', strong: 'frontier', models: ['auto'] },
        }),
      { upstreamCount: 2 },
    );
    for (const upstream of harness.upstreams) upstream.on('POST /v1/chat/completions', chatReply());
  });

  afterAll(async () => {
    await harness?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends each prompt where the policy says, and says why in the headers', async () => {
    const policy = loadPolicy(policyFile);
    const prompts = readFileSync(SINGLE_SCORE.prompts, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => (JSON.parse(line) as { turns: string[] }).turns[0]!)
      .slice(0, 30);
    const expected = prompts.map((prompt) => policy.decide(prompt).route);
    // the fixture prompts must exercise both sides, or the test proves nothing
    expect(new Set(expected)).toEqual(new Set(['weak', 'strong']));

    for (const [index, prompt] of prompts.entries()) {
      const before = harness.upstreams.map((upstream) => upstream.count());
      const { response } = await harness
        .client()
        .chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: prompt }] })
        .withResponse();
      const after = harness.upstreams.map((upstream) => upstream.count());
      const sentTo = after[0]! > before[0]! ? 'weak' : after[1]! > before[1]! ? 'strong' : 'none';
      expect(sentTo, `prompt ${index}`).toBe(expected[index]);
      expect(response.headers.get('x-parity-upstream')).toBe(expected[index] === 'weak' ? 'u0' : 'u1');
      expect(response.headers.get('x-parity-route-reason')).toBe(`policy:${expected[index]}`);
    }
    const logs = await harness.logs();
    expect(logs.filter((entry) => entry.routeReason?.startsWith('policy:weak score='))).toHaveLength(expected.filter((route) => route === 'weak').length);
  }, 60_000);
});
