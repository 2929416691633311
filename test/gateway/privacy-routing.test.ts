/**
 * The privacy rule with fake upstreams on 127.0.0.1: a request carrying personal data is pinned to self-hosted
 * upstreams, or redacted before a third-party one; the log records the action and counts, never the data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayConfigInput } from '../../src/gateway/config/schema.js';
import { basicConfig, chatReply, startHarness, type Harness } from './harness.js';

const EMAIL = 'jane.doe@example.org';
const CARD = '4111 1111 1111 1111';
const PERSONAL = `Write to ${EMAIL} about card ${CARD}.`;

function config(urls: string[], privacy: NonNullable<GatewayConfigInput['privacy']>): GatewayConfigInput {
  return basicConfig(urls, {
    upstreams: {
      local: { baseUrl: urls[0] as string, timeoutMs: 2_000, selfHosted: true },
      cloud: { baseUrl: urls[1] as string, timeoutMs: 2_000 },
    },
    models: { main: 'cloud/big', private: 'local/small' },
    groups: { mixed: ['cloud/big', 'local/small'] },
    cascades: { checked: { steps: ['cloud/big', 'local/small'], verifier: { kind: 'regex', pattern: 'never matches this' } } },
    privacy,
  });
}

async function ask(harness: Harness, model: string, content: string): Promise<{ status: number; upstream: string | null; text: string }> {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content }] }),
  });
  return { status: response.status, upstream: response.headers.get('x-parity-upstream'), text: await response.text() };
}

const sentTexts = (harness: Harness, index: number): string[] => harness.upstreams[index]!.requests.map((request) => request.bodyText);

describe('gateway: privacy rule, pin', () => {
  let harness: Harness;
  let refusing: Harness;
  beforeAll(async () => {
    harness = await startHarness((urls) => config(urls, { action: 'pin', route: 'private' }), { upstreamCount: 2 });
    refusing = await startHarness((urls) => config(urls, { action: 'pin' }), { upstreamCount: 2 });
    for (const each of [harness, refusing]) for (const upstream of each.upstreams) upstream.on('POST /v1/chat/completions', chatReply());
  });
  afterAll(async () => {
    await harness.close();
    await refusing.close();
  });

  it('keeps a request with personal data on self-hosted upstreams; others route as configured', async () => {
    const before = (await harness.logs()).length;
    expect((await ask(harness, 'mixed', 'What is 2 + 2?')).upstream).toBe('cloud');
    expect((await ask(harness, 'mixed', PERSONAL)).upstream).toBe('local'); // the group's self-hosted member
    expect((await ask(harness, 'main', PERSONAL)).upstream).toBe('local'); // no self-hosted member: privacy.route
    expect(sentTexts(harness, 1).some((text) => text.includes(EMAIL))).toBe(false);
    const logs = (await harness.logs()).slice(before);
    expect(logs.map((entry) => entry.privacy)).toEqual([null, { action: 'pin', kinds: { email: 1, card: 1 }, pinnedTo: 'mixed' }, { action: 'pin', kinds: { email: 1, card: 1 }, pinnedTo: 'private' }]);
    expect(JSON.stringify(logs)).not.toContain(EMAIL);
    // the card's digits, however spaced (a bare '4111' can be part of a latency or an id)
    expect(JSON.stringify(logs)).not.toMatch(/4111[\s-]*1111/);
  });

  it('pins every step of a cascade to its self-hosted targets', async () => {
    const answered = await ask(harness, 'checked', PERSONAL);
    expect([answered.status, answered.upstream]).toEqual([200, 'local']);
    expect(sentTexts(harness, 1).some((text) => text.includes(EMAIL))).toBe(false);
  });

  it('refuses (400, naming the rule) when the route has no self-hosted upstream and no privacy.route is set', async () => {
    const refused = await ask(refusing, 'main', PERSONAL);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('personal data');
    expect(refused.text).not.toContain(EMAIL);
    expect(refusing.upstreams[1]!.count()).toBe(0);
  });
});

describe('gateway: privacy rule, redact', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness((urls) => config(urls, { action: 'redact', kinds: ['email', 'card'] }), { upstreamCount: 2 });
    for (const upstream of harness.upstreams) upstream.on('POST /v1/chat/completions', chatReply());
  });
  afterAll(() => harness.close());

  it('sends third-party upstreams a redacted copy and self-hosted ones the request as sent', async () => {
    for (const upstream of harness.upstreams) upstream.reset();
    for (const upstream of harness.upstreams) upstream.on('POST /v1/chat/completions', chatReply());
    const before = (await harness.logs()).length;
    await ask(harness, 'main', PERSONAL);
    await ask(harness, 'private', PERSONAL);
    const [cloudBody] = sentTexts(harness, 1);
    const [localBody] = sentTexts(harness, 0);
    expect(JSON.parse(cloudBody as string).messages[1].content).toBe('Write to [EMAIL] about card [CARD].');
    expect(JSON.parse(localBody as string).messages[1].content).toBe(PERSONAL);
    const logs = (await harness.logs()).slice(before);
    expect(logs.map((entry) => entry.privacy)).toEqual([{ action: 'redact', kinds: { email: 1, card: 1 } }, { action: 'redact', kinds: { email: 1, card: 1 } }]);
    expect(JSON.stringify(logs)).not.toContain(EMAIL);
  });

  it('leaves a request without personal data alone and logs nothing for it', async () => {
    await ask(harness, 'main', 'Plain question');
    const last = (await harness.logs()).at(-1);
    expect(last?.privacy).toBeNull();
    expect(JSON.parse(sentTexts(harness, 1).at(-1) as string).messages[1].content).toBe('Plain question');
  });
});
