import { describe, expect, it } from 'vitest';
import { reply } from '../helpers/fake-upstream.js';
import { basicConfig, startHarness, textResponse } from './harness.js';

describe('gateway: graceful shutdown', () => {
  it('drains in-flight requests and flushes the request log on close', async () => {
    const harness = await startHarness((urls) => basicConfig(urls, { logging: { batchSize: 1000, flushIntervalMs: 60_000 } }));
    try {
      const upstream = harness.upstreams[0]!;
      upstream.on('POST /v1/chat/completions', reply.json(textResponse(), { delayMs: 300 }));
      const client = harness.client();
      const pending = Array.from({ length: 5 }, () =>
        client.chat.completions.create({ model: 'main', messages: [{ role: 'user', content: 'hi' }] }),
      );
      await expect.poll(() => upstream.inFlight).toBe(5);
      const closed = harness.gateway.close();
      const answers = await Promise.all(pending);
      expect(answers.every((answer) => answer.choices.length === 1)).toBe(true);
      await closed;
      // the log was written by close (its timer would not have fired for a minute)
      const logs = await harness.store.queryRequestLogs({}, 100);
      expect(logs.map((entry) => entry.status)).toEqual([200, 200, 200, 200, 200]);
      await expect(fetch(`${harness.url}/healthz`)).rejects.toThrow();
    } finally {
      await harness.close();
    }
  });
});
