import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readChunks, readJson, reply } from '../helpers/fake-upstream.js';
import { basicConfig, fixture, startHarness, type Harness } from './harness.js';

const MESSAGES = 'POST /v1/messages';

describe('gateway: Anthropic upstreams through the providers adapter, in the OpenAI shape', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(
      (urls) => {
        const config = basicConfig(urls, { models: { claude: 'claude/claude-sonnet-4-5', main: 'u0/gpt-test' }, groups: { mixed: ['claude/claude-sonnet-4-5', 'u0/gpt-test'] } });
        config.upstreams.claude = { kind: 'anthropic', baseUrl: urls[0]!, apiKeyEnv: 'TEST_ANTHROPIC_KEY', prices: { 'claude-sonnet-4-5': { inputPerMtok: 3, outputPerMtok: 15 } } };
        return config;
      },
      { env: { TEST_ANTHROPIC_KEY: 'sk-ant-test' } },
    );
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.upstreams[0]!.reset());
  const upstream = () => harness.upstreams[0]!;

  it('translates a completion both ways', async () => {
    upstream().on(MESSAGES, reply.json(readJson(fixture('anthropic-text.json'))));
    const { data, response } = await harness
      .client()
      .chat.completions.create({ model: 'claude', max_tokens: 100, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello, how are you?' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toContain("I'm doing well");
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 29 });
    expect(response.headers.get('x-parity-upstream')).toBe('claude');
    const sent = upstream().requests[0]!;
    expect(sent.headers['x-api-key']).toBe('sk-ant-test');
    expect(sent.json).toMatchObject({ model: 'claude-sonnet-4-5', max_tokens: 100, system: expect.anything(), messages: [{ role: 'user' }] });
    const log = (await harness.logs()).at(-1);
    expect(log).toMatchObject({ upstream: 'claude', inputTokens: 12, outputTokens: 29 });
    expect(log?.costUsd).toBeCloseTo((12 * 3 + 29 * 15) / 1e6, 12);
  });

  it('translates a stream into OpenAI chunks, with usage only when asked', async () => {
    upstream().on(MESSAGES, reply.sse(readChunks(fixture('anthropic-text.chunks.txt')), { format: 'anthropic' }));
    const ask = async (includeUsage: boolean) => {
      const stream = await harness.client().chat.completions.create({
        model: 'claude',
        stream: true,
        ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
        messages: [{ role: 'user', content: 'Hello, how are you?' }],
      });
      let text = '';
      let usage: number | undefined;
      let finish: string | null | undefined;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
        if (chunk.usage) usage = chunk.usage.completion_tokens;
      }
      return { text, usage, finish };
    };
    const plain = await ask(false);
    expect(plain.text).toContain('Hello');
    expect(plain.finish).toBe('stop');
    expect(plain.usage).toBeUndefined();
    expect((await ask(true)).usage).toBe(30);
  });

  it('falls back from a failing Anthropic upstream to an OpenAI-compatible one', async () => {
    upstream().on(MESSAGES, reply.error(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
    upstream().on('POST /v1/chat/completions', reply.json(readJson(fixture('openai-text.json'))));
    const { response } = await harness.client().chat.completions.create({ model: 'mixed', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(response.headers.get('x-parity-upstream')).toBe('u0');
    expect(upstream().count(MESSAGES)).toBe(2);
  });
});
