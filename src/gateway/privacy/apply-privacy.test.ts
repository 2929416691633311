import { describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../config/load.js';
import { buildCascades } from '../cascade/build-cascades.js';
import { buildRouteTable } from '../routing/route-table.js';
import { applyPrivacy } from './apply-privacy.js';
import { createPersonalDataRule } from './personal-data-rule.js';

const config = (action: 'pin' | 'redact') =>
  parseGatewayConfig({
    upstreams: { local: { baseUrl: 'http://127.0.0.1:1/v1', selfHosted: true }, cloud: { baseUrl: 'http://127.0.0.1:2/v1' } },
    groups: { mixed: ['cloud/big', 'local/small'] },
    cascades: { three: { steps: ['local/a', 'cloud/b', 'local/c'], verifier: { kind: 'json' } } },
    privacy: { action },
  });

const setup = async (action: 'pin' | 'redact') => {
  const parsed = config(action);
  const table = buildRouteTable(parsed);
  return { table, rule: createPersonalDataRule(parsed, parsed.privacy!, table), cascades: await buildCascades(parsed, table) };
};

const request = { model: 'mixed', messages: [{ role: 'user', content: [{ type: 'text', text: 'mail me at a.b@example.com' }] }, { role: 'assistant', content: null, tool_calls: [{ function: { name: 'f', arguments: '{"iban":"DE89 3704 0044 0532 0130 00"}' } }] }] };

describe('applyPrivacy', () => {
  it('does nothing to a request without personal data', async () => {
    const { rule, table } = await setup('pin');
    expect(applyPrivacy(rule, { model: 'mixed', messages: [{ role: 'user', content: 'hello' }] }, 'mixed', table.resolve('mixed')!.chain, undefined)).toBeUndefined();
  });

  it('counts finds in text parts and tool-call arguments, and pins a chain to its self-hosted targets', async () => {
    const { rule, table } = await setup('pin');
    const decision = applyPrivacy(rule, request, 'mixed', table.resolve('mixed')!.chain, undefined);
    expect(decision?.record).toEqual({ action: 'pin', kinds: { email: 1, iban: 1 }, pinnedTo: 'mixed' });
    expect(decision?.chain?.map((target) => target.ref)).toEqual(['local/small']);
  });

  it('keeps a cascade\'s self-hosted steps', async () => {
    const { rule, table, cascades } = await setup('pin');
    const decision = applyPrivacy(rule, request, 'three', table.resolve('three')!.chain, cascades.get('three'));
    expect(decision?.cascade?.steps.map((step) => step.name)).toEqual(['local/a', 'local/c']);
  });

  it('redacts for third-party targets only: the request, and any other body (a judge\'s) on its own', async () => {
    const { rule, table } = await setup('redact');
    const decision = applyPrivacy(rule, request, 'mixed', table.resolve('mixed')!.chain, undefined);
    const [cloud, local] = table.resolve('mixed')!.chain;
    const sent = decision!.bodyFor!(cloud!, { ...request, model: 'big' });
    expect(JSON.stringify(sent)).not.toContain('a.b@example.com');
    expect(JSON.stringify(sent)).toContain('mail me at [EMAIL]');
    expect(JSON.stringify(sent)).toContain('[IBAN]');
    expect(sent.model).toBe('big');
    expect(decision!.bodyFor!(local!, request)).toBe(request);
    const judge = { model: 'judge', messages: [{ role: 'user', content: 'Request: call +44 20 7946 0958. Answer: ok' }] };
    expect(decision!.bodyFor!(cloud!, judge).messages[0]?.content).toBe('Request: call [PHONE]. Answer: ok');
    expect(request.messages[0]?.content).toEqual([{ type: 'text', text: 'mail me at a.b@example.com' }]); // never edited in place
  });

  it('refuses a pin config without a self-hosted upstream, and a privacy.route on a third party', () => {
    const parsed = parseGatewayConfig({ upstreams: { cloud: { baseUrl: 'http://127.0.0.1:2/v1' } }, privacy: { action: 'pin' } });
    expect(() => createPersonalDataRule(parsed, parsed.privacy!, buildRouteTable(parsed))).toThrow(/selfHosted/);
    const routed = parseGatewayConfig({ upstreams: { local: { baseUrl: 'http://127.0.0.1:1/v1', selfHosted: true }, cloud: { baseUrl: 'http://127.0.0.1:2/v1' } }, privacy: { action: 'pin', route: 'cloud/x' } });
    expect(() => createPersonalDataRule(routed, routed.privacy!, buildRouteTable(routed))).toThrow(/privacy\.route/);
  });
});
