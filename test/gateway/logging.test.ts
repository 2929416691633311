import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply } from '../helpers/fake-upstream.js';
import { basicConfig, startHarness, textChunks, textResponse, type Harness } from './harness.js';

describe('gateway: request bodies in the log only when enabled', () => {
  const harnesses: Harness[] = [];
  let withBodies: Harness;
  let without: Harness;
  beforeAll(async () => {
    withBodies = await startHarness((urls) => basicConfig(urls, { logging: { bodies: true, batchSize: 10, flushIntervalMs: 50 } }));
    without = await startHarness((urls) => basicConfig(urls));
    harnesses.push(withBodies, without);
    for (const harness of harnesses) harness.upstreams[0]!.on('POST /v1/chat/completions', reply.json(textResponse()), reply.sse(textChunks()));
  });
  afterAll(() => Promise.all(harnesses.map((harness) => harness.close())));

  it('stores prompt and response text when logging.bodies is on', async () => {
    await withBodies.client().chat.completions.create({ model: 'main', messages: [{ role: 'user', content: 'secret prompt' }] });
    const stream = await withBodies.client().chat.completions.create({ model: 'main', stream: true, messages: [{ role: 'user', content: 'streamed prompt' }] });
    for await (const _chunk of stream) void _chunk;
    const [first, second] = await withBodies.logs();
    expect(first?.requestBody).toContain('secret prompt');
    expect(first?.responseBody).toContain('Galaxy Day');
    expect(second?.requestBody).toContain('streamed prompt');
    expect(second?.responseBody).toContain('data: ');
    expect(second?.responseBody).not.toContain('"prompt_tokens"'); // the injected usage event was cut
  });

  it('stores neither by default', async () => {
    await without.client().chat.completions.create({ model: 'main', messages: [{ role: 'user', content: 'secret prompt' }] });
    const [entry] = await without.logs();
    expect(entry).toMatchObject({ requestBody: null, responseBody: null, status: 200 });
  });
});
