/**
 * A 3-model (ladder) policy written by `parity route train --models a,b,c` routes each request to the cheapest
 * model whose predicted quality reaches the policy's threshold: three fake upstreams on 127.0.0.1, one per model,
 * mapped by the config's `router.routes`. A threshold set in the config moves every decision with it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseGatewayConfig } from '../../src/gateway/config/load.js';
import { createGateway } from '../../src/gateway/server.js';
import { buildLadderDataset } from '../../src/route/data/ladder-dataset.js';
import { readJudgements } from '../../src/route/data/read-judgements.js';
import type { LadderPolicy } from '../../src/route/ladder/ladder-policy.js';
import { loadAnyPolicy } from '../../src/route/load-policy.js';
import { openStore } from '../../src/store/open-store.js';
import { ALPACA } from '../route/helpers.js';
import { basicConfig, chatReply, startHarness, type Harness } from './harness.js';

const MODELS = ['gemma-7b-it', 'gpt-3.5-turbo-1106', 'gpt4_1106_preview'];
const GROUPS = ['small', 'medium', 'frontier'];

describe('gateway: routing by a 3-model policy', () => {
  let dir: string;
  let policyFile: string;
  let policy: LadderPolicy;
  const harnesses: Harness[] = [];
  const prompts = buildLadderDataset(readJudgements({ format: 'alpaca-eval', ...ALPACA }), { models: MODELS })
    .rows.map((row) => row.text)
    .slice(0, 40);

  const start = async (threshold?: number): Promise<Harness> => {
    const harness = await startHarness(
      (urls) =>
        basicConfig(urls, {
          groups: { small: ['u0/gpt-test'], medium: ['u1/gpt-test'], frontier: ['u2/gpt-test'] },
          router: { policy: policyFile, routes: Object.fromEntries(MODELS.map((model, index) => [model, GROUPS[index] as string])), models: ['auto'], ...(threshold === undefined ? {} : { threshold }) },
        }),
      { upstreamCount: 3 },
    );
    for (const upstream of harness.upstreams) upstream.on('POST /v1/chat/completions', chatReply());
    harnesses.push(harness);
    return harness;
  };

  /** Sends each prompt as `auto` and returns the index of the upstream that got it, checking the headers. */
  const route = async (harness: Harness, prompt: string): Promise<{ sentTo: number; reason: string | null }> => {
    const before = harness.upstreams.map((upstream) => upstream.count());
    const { response } = await harness.client().chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: prompt }] }).withResponse();
    const after = harness.upstreams.map((upstream) => upstream.count());
    const sentTo = after.findIndex((count, index) => count > (before[index] ?? 0));
    expect(response.headers.get('x-parity-upstream')).toBe(`u${sentTo}`);
    return { sentTo, reason: response.headers.get('x-parity-route-reason') };
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-ladder-gateway-'));
    policyFile = path.join(dir, 'ladder.json');
    const code = await main([
      'node', 'parity', 'route', 'train',
      '--judgments', ALPACA.judgements, '--prompts', ALPACA.prompts, '--format', 'alpaca-eval',
      '--models', MODELS.join(','),
      '--price', 'gemma-7b-it=0.1,0.1', '--price', 'gpt-3.5-turbo-1106=0.5,1.5', '--price', 'gpt4_1106_preview=10,30',
      '--min-pgr', '0.7', '--folds', '4', '--seed', '1', '--out', policyFile,
    ]);
    expect(code).toBe(0);
    const loaded = loadAnyPolicy(policyFile);
    if (loaded.kind !== 'ladder') throw new Error('expected a ladder policy');
    policy = loaded;
  }, 60_000);

  afterAll(async () => {
    for (const harness of harnesses) await harness.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends each prompt to the model the policy picks, and says why in the headers and the log', async () => {
    const harness = await start();
    const expected = prompts.map((prompt) => policy.decide(prompt).index);
    // the prompts must reach at least two of the three models, or the test proves little
    expect(new Set(expected).size).toBeGreaterThan(1);
    for (const [index, prompt] of prompts.entries()) {
      const { sentTo, reason } = await route(harness, prompt);
      expect(sentTo, `prompt ${index}`).toBe(expected[index]);
      expect(reason).toBe(`policy:${GROUPS[sentTo]}`);
    }
    const logs = await harness.logs();
    for (const [index, group] of GROUPS.entries()) {
      expect(logs.filter((entry) => entry.routeReason?.startsWith(`policy:${group} score=`))).toHaveLength(expected.filter((value) => value === index).length);
    }
  }, 60_000);

  it('routes by the threshold: every request to the first model at 0, to the last at 1', async () => {
    for (const [threshold, upstream] of [
      [0, 0],
      [1, 2],
    ] as const) {
      const harness = await start(threshold);
      for (const prompt of prompts.slice(0, 5)) expect((await route(harness, prompt)).sentTo).toBe(upstream);
    }
  }, 60_000);

  it('refuses at start-up a config that does not map every model of the policy', async () => {
    const store = await openStore({ url: 'sqlite::memory:' });
    try {
      const config = (routes: Record<string, string>) =>
        parseGatewayConfig(
          basicConfig(['http://127.0.0.1:9/v1'], { groups: { small: ['u0/a'], frontier: ['u0/b'] }, router: { policy: policyFile, routes, models: ['auto'] } }),
        );
      await expect(createGateway(config({ 'gemma-7b-it': 'small', gpt4_1106_preview: 'frontier' }), { store })).rejects.toThrow(/router\.routes: no route for gpt-3\.5-turbo-1106/);
      const weakStrong = parseGatewayConfig(basicConfig(['http://127.0.0.1:9/v1'], { groups: { small: ['u0/a'], frontier: ['u0/b'] }, router: { policy: policyFile, weak: 'small', strong: 'frontier' } }));
      await expect(createGateway(weakStrong, { store })).rejects.toThrow(/policy over 3 models .* map each to a group, alias or target in router\.routes/);
    } finally {
      await store.close();
    }
  });
});
