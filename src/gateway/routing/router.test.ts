import { describe, expect, it } from 'vitest';
import { ConfigError, ValidationError } from '../../errors.js';
import { parseGatewayConfig } from '../config/load.js';
import type { GatewayConfigInput } from '../config/schema.js';
import { ModelNotFoundError } from '../errors/openai-error.js';
import type { RequestFeatures } from '../request/chat-request.js';
import type { RoutePolicy } from './policy.js';
import { buildRouteTable } from './route-table.js';
import { createRouter, type RouteDecision, type RouteInput } from './router.js';

const base: GatewayConfigInput = {
  upstreams: { local: { baseUrl: 'http://127.0.0.1:1/v1' }, cloud: { baseUrl: 'http://127.0.0.1:2/v1' } },
  models: { qwen: 'local/qwen2.5:7b', gpt: ['cloud/gpt-4o', 'cloud/gpt-4o-mini'] },
  groups: { open: ['qwen', 'local/llama'], frontier: ['gpt'], everything: ['open', 'frontier', 'local/qwen2.5:7b'] },
  rules: [
    { when: { hasImages: true }, route: 'frontier' },
    { name: 'long', when: { promptTokensAbove: 1000 }, route: 'frontier' },
  ],
  keyRoutes: { vip: 'frontier' },
  routeHeader: true,
};

const features = (overrides: Partial<RequestFeatures> = {}): RequestFeatures => ({
  promptTokens: 10,
  promptTokensBound: 100,
  maxOutputTokens: undefined,
  hasImages: false,
  hasTools: false,
  jsonOutput: false,
  stream: false,
  clientWantsUsage: false,
  ...overrides,
});
const input = (overrides: Partial<RouteInput>): RouteInput => ({
  model: 'open',
  features: features(),
  messages: [{ role: 'user', content: 'hi' }],
  keyId: undefined,
  keyName: undefined,
  header: undefined,
  ...overrides,
});

function router(config: GatewayConfigInput = base, policy?: RoutePolicy) {
  const parsed = parseGatewayConfig(config);
  return createRouter(parsed, buildRouteTable(parsed), policy);
}
const decide = (r: ReturnType<typeof router>, value: Partial<RouteInput>) => r.decide(input(value)) as RouteDecision;
const refs = (decision: RouteDecision) => decision.chain.map((target) => target.ref);

describe('route table', () => {
  it('expands groups through aliases and other groups, in order, without duplicates', () => {
    const table = buildRouteTable(parseGatewayConfig(base));
    expect(table.resolve('everything')?.chain.map((target) => target.ref)).toEqual([
      'local/qwen2.5:7b',
      'local/llama',
      'cloud/gpt-4o',
      'cloud/gpt-4o-mini',
    ]);
    expect(table.resolve('cloud/o3')).toMatchObject({ kind: 'target', chain: [{ upstream: 'cloud', model: 'o3' }] });
    expect(table.resolve('nowhere/x')).toBeUndefined();
  });

  it('refuses configs that name missing things or loop', () => {
    expect(() => router({ ...base, groups: { a: ['b'], b: ['a'] } })).toThrow(/refers to itself/);
    expect(() => router({ ...base, models: { x: 'missing/model' } })).toThrow(ConfigError);
    expect(() => router({ ...base, rules: [{ when: { hasTools: true }, route: 'nope' }] })).toThrow(/rules\[0\]\.route/);
  });
});

describe('router', () => {
  it('routes aliases, groups and targets by name', () => {
    const r = router();
    expect(decide(r, { model: 'qwen' })).toMatchObject({ route: 'qwen', reason: 'alias' });
    expect(decide(r, { model: 'open' })).toMatchObject({ route: 'open', reason: 'group' });
    expect(decide(r, { model: 'cloud/o3' })).toMatchObject({ route: 'cloud/o3', reason: 'target' });
    expect(() => decide(r, { model: 'gpt-5' })).toThrow(ModelNotFoundError);
  });

  it('applies the first matching rule to group requests only', () => {
    const r = router();
    expect(decide(r, { features: features({ hasImages: true }) })).toMatchObject({ route: 'frontier', reason: 'rule:images' });
    expect(decide(r, { features: features({ promptTokens: 5000 }) })).toMatchObject({ route: 'frontier', reason: 'rule:long' });
    expect(decide(r, { model: 'qwen', features: features({ hasImages: true }) })).toMatchObject({ route: 'qwen', reason: 'alias' });
  });

  it('lets the header, then the key, override everything', () => {
    const r = router();
    expect(refs(decide(r, { header: 'qwen', keyId: 'vip' }))).toEqual(['local/qwen2.5:7b']);
    expect(decide(r, { keyId: 'k_1', keyName: 'vip' })).toMatchObject({ route: 'frontier', reason: 'key' });
    expect(() => decide(r, { header: 'bogus' })).toThrow(ValidationError);
    const closed = router({ ...base, routeHeader: false });
    expect(decide(closed, { header: 'frontier' })).toMatchObject({ route: 'open' });
  });

  it('asks the learned policy for policy-routed names', async () => {
    const seen: unknown[] = [];
    const policy: RoutePolicy = {
      decide(messages) {
        seen.push(messages);
        return { route: JSON.stringify(messages).includes('hard') ? 'strong' : 'weak', score: 0.42, reason: 'test' };
      },
    };
    const r = router({ ...base, router: { policy: 'unused.json', weak: 'open', strong: 'frontier' } }, policy);
    expect(decide(r, { model: 'auto' })).toMatchObject({ route: 'open', reason: 'policy:weak', score: 0.42 });
    expect(decide(r, { model: 'auto', messages: [{ role: 'user', content: 'a hard one' }] })).toMatchObject({ route: 'frontier', reason: 'policy:strong' });
    // rules still come first
    expect(decide(r, { model: 'auto', features: features({ hasImages: true }) })).toMatchObject({ reason: 'rule:images' });
    const asyncPolicy: RoutePolicy = { decide: async () => ({ route: 'strong', score: 0.1, reason: 'embedding' }) };
    const slow = router({ ...base, router: { policy: 'unused.json', weak: 'open', strong: 'frontier' } }, asyncPolicy);
    await expect(slow.decide(input({ model: 'auto' }))).resolves.toMatchObject({ route: 'frontier' });
    expect(seen).toHaveLength(2);
  });

  it('maps a k-model policy\'s answers through router.routes, and checks the mapping at start-up', () => {
    const ladder: RoutePolicy = {
      routes: ['small', 'mid', 'big'],
      decide: (messages) => ({ route: JSON.stringify(messages).includes('hard') ? 'big' : JSON.stringify(messages).includes('medium') ? 'mid' : 'small', score: 0.7, reason: 'test' }),
    };
    const routes = { small: 'qwen', mid: 'open', big: 'frontier' };
    const r = router({ ...base, router: { policy: 'unused.json', routes } }, ladder);
    expect(decide(r, { model: 'auto' })).toMatchObject({ route: 'qwen', reason: 'policy:qwen', score: 0.7 });
    expect(decide(r, { model: 'auto', messages: [{ role: 'user', content: 'a medium one' }] })).toMatchObject({ route: 'open', reason: 'policy:open' });
    expect(decide(r, { model: 'auto', messages: [{ role: 'user', content: 'a hard one' }] })).toMatchObject({ route: 'frontier', reason: 'policy:frontier' });
    expect(() => router({ ...base, router: { policy: 'unused.json', routes: { small: 'qwen', big: 'frontier' } } }, ladder)).toThrow(/no route for mid/);
    expect(() => router({ ...base, router: { policy: 'unused.json', routes: { ...routes, huge: 'gpt' } } }, ladder)).toThrow(/huge: not a model of unused\.json/);
    expect(() => router({ ...base, router: { policy: 'unused.json', weak: 'open', strong: 'frontier' } }, ladder)).toThrow(ConfigError);
    const pair: RoutePolicy = { decide: () => ({ route: 'weak', score: 0.5, reason: 'test' }) };
    expect(() => router({ ...base, router: { policy: 'unused.json', routes } }, pair)).toThrow(/weak\/strong policy: give router\.weak and router\.strong/);
  });

  it('refuses a router config with both weak/strong and routes, or neither, and a route to an unknown name', () => {
    expect(() => parseGatewayConfig({ ...base, router: { policy: 'p.json', weak: 'open', strong: 'frontier', routes: { a: 'open' } } })).toThrow(/weak and strong .* or routes/);
    expect(() => parseGatewayConfig({ ...base, router: { policy: 'p.json' } })).toThrow(/weak and strong .* or routes/);
    expect(() => buildRouteTable(parseGatewayConfig({ ...base, router: { policy: 'p.json', routes: { a: 'nowhere' } } }))).toThrow(/router\.routes\.a: unknown name "nowhere"/);
  });
});
