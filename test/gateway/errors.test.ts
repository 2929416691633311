import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply } from '../helpers/fake-upstream.js';
import { basicConfig, startHarness, textResponse, type Harness } from './harness.js';

const ADMIN = 'admin-token-for-tests';

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: response.status, headers: response.headers, json: (await response.json()) as { error: Record<string, unknown> } };
}

describe('gateway: errors in the OpenAI shape, with the right status', () => {
  let harness: Harness;
  let secret: string;
  beforeAll(async () => {
    harness = await startHarness((urls) => basicConfig(urls, { auth: { required: true } }), {
      env: { PARITY_ADMIN_TOKEN: ADMIN },
    });
    harness.upstreams[0]!.on('POST /v1/chat/completions', reply.json(textResponse()));
    secret = (await harness.createKey()).secret;
  });
  afterAll(() => harness.close());

  const url = () => `${harness.url}/v1/chat/completions`;

  it('answers bad JSON with 400 naming the body', async () => {
    const result = await post(url(), '{"model": "main", "messages": [', { authorization: `Bearer ${secret}` });
    expect(result.status).toBe(400);
    expect(result.json.error).toEqual({ message: expect.stringContaining('JSON'), type: 'invalid_request_error', param: 'body', code: 'invalid_request' });
  });

  it('answers a bad field with 400 naming the field, through the SDK', async () => {
    const error = await harness
      .client(secret)
      .chat.completions.create({ model: 'main', messages: [{ role: 'user', content: 'hi' }], temperature: 7 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('temperature');
    const missing = await post(url(), JSON.stringify({ model: 'main', messages: [] }), { authorization: `Bearer ${secret}` });
    expect(missing.status).toBe(400);
    expect(missing.json.error.param).toBe('messages');
  });

  it('answers an unknown model with 404 model_not_found', async () => {
    const error = await harness
      .client(secret)
      .chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
  });

  it('answers a missing, wrong or revoked key with 401, never echoing the key', async () => {
    const none = await post(url(), JSON.stringify({ model: 'main', messages: [{ role: 'user', content: 'hi' }] }));
    expect(none.status).toBe(401);
    const wrongKey = 'pk-parity-not-a-real-key-0123456789';
    const wrong = await harness.client(wrongKey).chat.completions.create({ model: 'main', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
    expect(wrong).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(JSON.stringify((wrong as InstanceType<typeof OpenAI.AuthenticationError>).error)).not.toContain(wrongKey);

    const created = await harness.createKey({ name: 'to-revoke' });
    await harness.client(created.secret).chat.completions.create({ model: 'main', messages: [{ role: 'user', content: 'hi' }] });
    const revoke = await fetch(`${harness.url}/admin/keys/${created.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
    expect(revoke.status).toBe(200);
    const revoked = await harness.client(created.secret).chat.completions.create({ model: 'main', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
    expect(revoked).toBeInstanceOf(OpenAI.AuthenticationError);

    const logs = JSON.stringify(await harness.logs());
    expect(logs).not.toContain(wrongKey);
    expect(logs).not.toContain(created.secret);
    expect(await (await fetch(`${harness.url}/metrics`)).text()).not.toContain(created.id);
  });

  it('answers rate limits with 429 and Retry-After', async () => {
    const limited = await harness.createKey({ name: 'limited', rpm: 2 });
    const client = harness.client(limited.secret);
    const ask = () => client.chat.completions.create({ model: 'main', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    await ask();
    await ask();
    const error = await ask().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimit = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimit.code).toBe('rate_limit_exceeded');
    expect(Number(rateLimit.headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('answers an exhausted budget with 429 insufficient_quota', async () => {
    // one request costs (16 + 363 * 2) / 1e6 = $0.000742
    const poor = await harness.createKey({ name: 'poor', budgetUsdTotal: 0.001 });
    const client = harness.client(poor.secret);
    const ask = () => client.chat.completions.create({ model: 'main', messages: [{ role: 'user', content: 'hi' }] });
    await ask();
    await ask(); // the second starts under budget (alone in flight) and ends over it
    const error = await ask().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('budget_exceeded');
  });

  it('guards the admin API with the admin token', async () => {
    const refused = await post(`${harness.url}/admin/keys`, JSON.stringify({ name: 'x' }), { authorization: `Bearer ${secret}` });
    expect(refused.status).toBe(401);
    const created = await post(`${harness.url}/admin/keys`, JSON.stringify({ name: 'via-api', rpm: 5 }), { authorization: `Bearer ${ADMIN}` });
    expect(created.status).toBe(201);
    const body = created.json as unknown as { secret: string; key: Record<string, unknown> };
    expect(body.secret).toMatch(/^pk-parity-/);
    expect(body.key).not.toHaveProperty('hashedKey');
    const listed = await fetch(`${harness.url}/admin/keys`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(JSON.stringify(await listed.json())).not.toContain(body.secret);
  });

  it('answers unknown paths with 404 in the same shape', async () => {
    const response = await fetch(`${harness.url}/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'not_found' } });
  });
});
