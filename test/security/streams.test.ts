/**
 * Issue #15, probe 5: a stream the upstream cuts no longer looks complete. However it is cut — the connection
 * reset, the stream ended without `[DONE]`, or cut in the middle of an event — the client gets whole events and
 * then an error event, which the `openai` SDK raises as an APIError; and the request log says the answer was cut.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readChunks, reply } from '../helpers/fake-upstream.js';
import { basicConfig, fixture, startHarness, textChunks, type Harness } from '../gateway/harness.js';

const CHAT = 'POST /v1/chat/completions';
const MESSAGES = 'POST /v1/messages';
const messages = [{ role: 'user' as const, content: 'Invent a holiday' }];

describe('security: a cut stream ends with an error the SDK raises', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(
      (urls) => {
        const config = basicConfig(urls, { models: { main: 'u0/gpt-test', claude: 'claude/claude-sonnet-4-5' } });
        config.upstreams.claude = { kind: 'anthropic', baseUrl: urls[0]!, apiKeyEnv: 'TEST_ANTHROPIC_KEY' };
        // Every cut here is an upstream fault on u0/gpt-test (as it should be); six in a row would open the
        // circuit at the default threshold and the later cases would read "circuit open" instead of a cut.
        // Circuits have their own tests (circuits per target); this file is about how a cut reaches the client.
        config.circuitBreaker = { failureThreshold: 1_000, cooldownMs: 30_000 };
        return config;
      },
      { env: { TEST_ANTHROPIC_KEY: 'sk-ant-test' } },
    );
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.upstreams[0]!.reset());

  /** Reads the stream with the SDK: the chunks that came, and what it threw. */
  const read = async (model: string, includeUsage: boolean): Promise<{ chunks: number; error: unknown }> => {
    const stream = await harness.client().chat.completions.create({
      model,
      messages,
      stream: true,
      ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
    });
    let chunks = 0;
    try {
      for await (const _chunk of stream) chunks++;
      return { chunks, error: undefined };
    } catch (error) {
      return { chunks, error };
    }
  };

  for (const how of ['reset', 'end', 'partial'] as const) {
    for (const includeUsage of [false, true]) {
      it(`raises an APIError for a stream cut (${how}) after 7 events${includeUsage ? ', usage asked for' : ''}, and logs it as cut`, async () => {
        harness.upstreams[0]!.on(CHAT, reply.sse(textChunks(), { cut: { after: 7, how } }));
        const { chunks, error } = await read('main', includeUsage);
        expect(chunks).toBe(7);
        expect(error).toBeInstanceOf(OpenAI.APIError);
        expect((error as Error).message).toContain('cut');
        await expect.poll(async () => (await harness.logs()).at(-1)?.error ?? '').toContain('the answer was cut after 7 event(s)');
      });
    }
  }

  it('does the same for an upstream spoken to through an adapter (Anthropic)', async () => {
    const lines = readChunks(fixture('anthropic-text.chunks.txt'));
    harness.upstreams[0]!.on(MESSAGES, reply.sse(lines, { format: 'anthropic', cut: { after: lines.length - 2, how: 'reset' } }));
    const { chunks, error } = await read('claude', false);
    expect(chunks).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    await expect.poll(async () => (await harness.logs()).at(-1)?.error ?? '').toContain('the answer was cut');
  });

  it('still ends a whole stream normally', async () => {
    harness.upstreams[0]!.on(CHAT, reply.sse(textChunks()));
    const { chunks, error } = await read('main', false);
    expect(error).toBeUndefined();
    expect(chunks).toBeGreaterThan(100);
  });
});
