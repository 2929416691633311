import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FakeUpstream, reply, startFakeUpstream } from './fake-upstream.js';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => upstream.reset());

const post = (path: string, body: unknown = {}, signal?: AbortSignal) =>
  fetch(`${upstream.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal });

describe('fake upstream', () => {
  it('listens on 127.0.0.1 and answers replies in order, repeating the last', async () => {
    expect(upstream.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    upstream.on('POST /a', reply.error(500), reply.json({ ok: true }));
    expect((await post('/a')).status).toBe(500);
    expect(await (await post('/a')).json()).toEqual({ ok: true });
    expect(await (await post('/a?x=1')).json()).toEqual({ ok: true });
    expect(upstream.requests[2]?.search).toBe('?x=1');
  });

  it('records bodies and counts by route or predicate; unknown routes get a 404 that says so', async () => {
    upstream.on('/b', reply.json({}));
    await post('/b', { model: 'm1' });
    await post('/b', { model: 'm2' });
    const missing = await post('/nowhere');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('no route for POST /nowhere');
    expect(upstream.count('POST /b')).toBe(2);
    expect(upstream.count('GET /b')).toBe(0);
    expect(upstream.count((request) => (request.json as { model?: string }).model === 'm2')).toBe(1);
    expect(upstream.count()).toBe(3);
  });

  it('sends SSE frames in the OpenAI and Anthropic formats', async () => {
    upstream.on('/openai', reply.sse(['{"a":1}']));
    expect(await (await post('/openai')).text()).toBe('data: {"a":1}\n\ndata: [DONE]\n\n');
    upstream.on('/anthropic', reply.sse(['{"type":"ping"}'], { format: 'anthropic' }));
    expect(await (await post('/anthropic')).text()).toBe('event: ping\ndata: {"type":"ping"}\n\n');
  });

  it('counts a client that gives up on a hanging request', async () => {
    upstream.on('/hang', reply.hang());
    const controller = new AbortController();
    const pending = post('/hang', {}, controller.signal).catch((error: unknown) => error);
    await vi.waitFor(() => expect(upstream.inFlight).toBe(1));
    controller.abort();
    await pending;
    await vi.waitFor(() => expect(upstream.clientAborts).toBe(1));
    expect(upstream.inFlight).toBe(0);
  });
});
