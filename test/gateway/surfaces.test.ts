/**
 * /v1/messages, /v1/messages/count_tokens and /v1/responses go through the same stages as chat: keys, budgets,
 * fallbacks, the response cache and the request log apply; errors come in the surface's shape; stored responses
 * follow the key that created them.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readJson, reply } from '../helpers/fake-upstream.js';
import { basicConfig, fixture, startHarness, textResponse, toolResponse, type Harness } from './harness.js';

const CHAT = 'POST /v1/chat/completions';
const MESSAGES = 'POST /v1/messages';

describe('gateway: the Anthropic Messages and Responses surfaces', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(
      (urls) => {
        const config = basicConfig(urls, {
          auth: { required: true },
          models: { main: 'u0/gpt-test', backup: ['u0/gpt-test', 'u1/gpt-test'], claude: 'claude/claude-sonnet-4-5' },
          cache: { ttlSeconds: 60 },
        });
        config.upstreams.claude = { kind: 'anthropic', baseUrl: urls[2]!, apiKeyEnv: 'TEST_ANTHROPIC_KEY', prices: { 'claude-sonnet-4-5': { inputPerMtok: 3, outputPerMtok: 15 } } };
        return config;
      },
      { upstreamCount: 3, env: { TEST_ANTHROPIC_KEY: 'sk-ant-test' } },
    );
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    for (const upstream of harness.upstreams) upstream.reset();
  });
  const anthropic = (apiKey: string) => new Anthropic({ baseURL: harness.url, apiKey, maxRetries: 0 });
  const openai = (apiKey: string) => new OpenAI({ baseURL: `${harness.url}/v1`, apiKey, maxRetries: 0 });

  it('messages: a key is required, the answer is translated, and the log books its usage and cost', async () => {
    const { secret, id } = await harness.createKey({ name: 'messages' });
    harness.upstreams[0]!.on(CHAT, reply.json(textResponse()));
    const refused = await anthropic('sk-ant-nokey').messages.create({ model: 'main', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((refused as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect(harness.upstreams[0]!.count()).toBe(0);

    const message = await anthropic(secret).messages.create({ model: 'main', max_tokens: 50, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello' }] });
    expect(message.type).toBe('message');
    expect(message.stop_reason).toBe('end_turn');
    expect(message.content[0]).toMatchObject({ type: 'text' });
    const sent = harness.upstreams[0]!.requests[0]!.json as { model: string; messages: Array<{ role: string }>; max_tokens: number };
    expect(sent).toMatchObject({ model: 'gpt-test', max_tokens: 50 });
    expect(sent.messages.map((entry) => entry.role)).toEqual(['system', 'user']);
    const log = (await harness.logs()).at(-1);
    expect(log).toMatchObject({ keyId: id, upstream: 'u0', status: 200, inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens });
    expect(log?.costUsd).toBeGreaterThan(0);
  });

  it('messages: an unknown model is a 404 in Anthropic’s shape, and a failing upstream falls back', async () => {
    const { secret } = await harness.createKey({ name: 'fallback' });
    const missing = await anthropic(secret).messages.create({ model: 'nope', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(Anthropic.NotFoundError);
    expect((missing as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });

    harness.upstreams[0]!.on(CHAT, reply.json({ error: { message: 'down' } }, { status: 503 }));
    harness.upstreams[1]!.on(CHAT, reply.json(toolResponse()));
    const { data, response } = await anthropic(secret)
      .messages.create({ model: 'backup', max_tokens: 100, messages: [{ role: 'user', content: 'Weather in SF?' }], tools: [{ name: 'weather', input_schema: { type: 'object', properties: { location: { type: 'string' } } } }] })
      .withResponse();
    expect(response.headers.get('x-parity-upstream')).toBe('u1');
    expect(data.stop_reason).toBe('tool_use');
    expect(data.content.find((block) => block.type === 'tool_use')).toMatchObject({ name: 'weather', input: { location: 'San Francisco' } });
  });

  it('messages: a temperature-0 answer is served from the cache the second time', async () => {
    const { secret } = await harness.createKey({ name: 'cache' });
    harness.upstreams[0]!.on(CHAT, reply.json(textResponse()));
    // (this SDK version's types have no temperature: the request is sent as any client would write it)
    const ask = async () => {
      const response = await fetch(`${harness.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': secret, 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model: 'main', max_tokens: 20, temperature: 0, messages: [{ role: 'user', content: 'Cache me' }] }),
      });
      return { response, data: (await response.json()) as { content: unknown } };
    };
    const first = await ask();
    const second = await ask();
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get('x-parity-cache')).toBe('miss');
    expect(second.response.headers.get('x-parity-cache')).toBe('hit');
    expect(second.data.content).toEqual(first.data.content);
    expect(harness.upstreams[0]!.count(CHAT)).toBe(1);
  });

  it('messages: an Anthropic upstream answers through its adapter, in Messages', async () => {
    const { secret } = await harness.createKey({ name: 'claude' });
    harness.upstreams[2]!.on(MESSAGES, reply.json(readJson(fixture('anthropic-text.json'))));
    const message = await anthropic(secret).messages.create({ model: 'claude', max_tokens: 100, messages: [{ role: 'user', content: 'Hello, how are you?' }] });
    expect(message.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining("I'm doing well") });
    expect(message.usage).toMatchObject({ input_tokens: 12, output_tokens: 29 });
    expect(harness.upstreams[2]!.requests[0]!.headers['x-api-key']).toBe('sk-ant-test');
  });

  it('count_tokens: counted by a vLLM upstream’s /tokenize, a 404 where the upstream cannot count', async () => {
    const { secret } = await harness.createKey({ name: 'count' });
    harness.upstreams[0]!.on('POST /tokenize', reply.json({ count: 17, max_model_len: 8192, tokens: [] }));
    const counted = await anthropic(secret).messages.countTokens({ model: 'main', messages: [{ role: 'user', content: 'How many tokens?' }] });
    expect(counted.input_tokens).toBe(17);
    expect(harness.upstreams[0]!.requests[0]!.json).toMatchObject({ model: 'gpt-test', messages: [{ role: 'user', content: 'How many tokens?' }] });
    harness.upstreams[0]!.reset();
    const refused = await anthropic(secret).messages.countTokens({ model: 'main', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Anthropic.NotFoundError);
    expect((refused as Error).message).toMatch(/cannot count tokens/);
  });

  it('responses: stateless by default; store: true continues with previous_response_id, for the same key only', async () => {
    const { secret } = await harness.createKey({ name: 'responses' });
    const other = await harness.createKey({ name: 'other' });
    harness.upstreams[0]!.on(CHAT, reply.json(textResponse()));
    const client = openai(secret);
    const stateless = await client.responses.create({ model: 'main', input: 'First question' });
    expect(stateless.status).toBe('completed');
    const unknown = await client.responses.create({ model: 'main', input: 'Again', previous_response_id: stateless.id }).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);

    const first = await client.responses.create({ model: 'main', instructions: 'Be brief.', input: 'First question', store: true });
    const second = await client.responses.create({ model: 'main', input: 'Second question', previous_response_id: first.id, store: true });
    const sent = harness.upstreams[0]!.requests.at(-1)!.json as { messages: Array<{ role: string; content: unknown }> };
    expect(sent.messages.map((entry) => entry.role)).toEqual(['user', 'assistant', 'user']);
    expect(sent.messages[0]!.content).toBe('First question');
    expect(sent.messages[1]!.content).toBe(first.output_text);
    expect(second.previous_response_id).toBe(first.id);

    const fetched = await client.responses.retrieve(first.id);
    expect(fetched.id).toBe(first.id);
    expect(fetched.output_text).toBe(first.output_text);
    await expect(openai(other.secret).responses.retrieve(first.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(openai(other.secret).responses.create({ model: 'main', input: 'Steal', previous_response_id: first.id })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await client.responses.delete(second.id);
    await expect(client.responses.retrieve(second.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('responses: a budget that is spent refuses the request before any upstream call', async () => {
    const { secret, id } = await harness.createKey({ name: 'broke', budgetUsdTotal: 0.000001 });
    harness.upstreams[0]!.on(CHAT, reply.json(textResponse()));
    await openai(secret).responses.create({ model: 'main', input: 'x'.repeat(4000) }).catch(() => undefined);
    const refused = await openai(secret).responses.create({ model: 'main', input: 'More' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    const logs = (await harness.logs()).filter((entry) => entry.keyId === id);
    expect(logs.at(-1)?.status).toBe(429);
  });
});
