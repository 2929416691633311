/**
 * Issue #15, probe 2: a web page cannot use the gateway. With keys off (`npm start`, `--upstream`), a cross-site
 * `text/plain` POST from any page was forwarded upstream, and a foreign `Host:` read `/api/*` (DNS rebinding).
 * Now: `Host` must name this server on every route, an `Origin` other than the gateway's own or one in
 * `cors.allowOrigins` is refused (with CORS and preflights for allowed ones), and `/v1/*` takes JSON only.
 * Checked over raw HTTP, and in Chromium: a page on another origin, and a page whose name was re-pointed at the
 * gateway.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDashboard } from '../../src/dashboard/create-dashboard.js';
import { CHROMIUM, CHROMIUM_FLAGS } from '../browser/browser.js';
import { basicConfig, chatReply, startHarness, type Harness } from '../gateway/harness.js';
import { send, type Probe } from './load.js';

const CHAT = 'POST /v1/chat/completions';
const BODY = JSON.stringify({ model: 'main', messages: [{ role: 'user', content: 'spend my money' }] });
const json = { 'content-type': 'application/json' };

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}
const errorOf = (body: string): ErrorBody['error'] => (JSON.parse(body) as ErrorBody).error;

describe('security: browsers cannot use the gateway by default', () => {
  let harness: Harness;
  let scratch: string;
  let sent = 0;
  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'parity-browser-guard-'));
    mkdirSync(path.join(scratch, 'dist'));
    writeFileSync(path.join(scratch, 'dist', 'index.html'), '<!doctype html><title>parity</title>');
    harness = await startHarness((urls) => basicConfig(urls)); // keys off, as with `npm start` or `--upstream`
    const dashboard = createDashboard({ store: harness.store, staticDir: path.join(scratch, 'dist'), routeEvalsDir: scratch });
    for (const route of dashboard.routes) harness.gateway.route(route);
    for (const mount of dashboard.mounts) harness.gateway.mount(mount.prefix, mount.handler);
  });
  afterAll(async () => {
    await harness.close();
    rmSync(scratch, { recursive: true, force: true });
  });
  beforeEach(() => {
    harness.upstreams[0]!.reset();
    harness.upstreams[0]!.on(CHAT, chatReply());
  });
  afterEach(async () => {
    // every model request, refused or not, is in the log exactly once
    await expect.poll(async () => (await harness.logs()).length).toBe(sent);
  });

  const chat = (headers: Record<string, string>, body = BODY): Promise<Awaited<ReturnType<typeof send>>> => {
    sent++;
    return send(harness.url, { method: 'POST', path: '/v1/chat/completions', headers, body });
  };

  it('refuses a cross-site text/plain POST (no preflight needed for it) before it reaches the upstream', async () => {
    const answer = await chat({ 'content-type': 'text/plain', origin: 'https://evil.example' });
    expect(answer.status).toBe(403);
    expect(errorOf(answer.body)).toMatchObject({ type: 'permission_error', code: 'origin_not_allowed', param: 'origin' });
    expect(errorOf(answer.body).message).toContain('cors.allowOrigins');
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    expect(harness.upstreams[0]!.count(CHAT)).toBe(0);
  });

  it('takes only application/json on /v1/*, whoever sends it', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const answer = await chat({ 'content-type': type });
      expect(answer.status, type).toBe(415);
      expect(errorOf(answer.body)).toMatchObject({ code: 'unsupported_media_type', param: 'content-type' });
    }
    const missing = await chat({});
    expect(missing.status).toBe(415);
    expect((await chat({ 'content-type': 'Application/JSON; charset=utf-8' })).status).toBe(200);
    expect(harness.upstreams[0]!.count(CHAT)).toBe(1);
  });

  it('refuses a foreign Host on every route (DNS rebinding), before any data', async () => {
    const foreign = { host: 'attacker.example:8787' };
    const probes: Probe[] = [
      { method: 'GET', path: '/api/meta', headers: foreign },
      { method: 'GET', path: '/api/gateway/requests', headers: foreign },
      { method: 'GET', path: '/v1/models', headers: foreign },
      { method: 'GET', path: '/healthz', headers: foreign },
      { method: 'GET', path: '/metrics', headers: foreign },
      { method: 'GET', path: '/', headers: foreign },
      { method: 'GET', path: '/admin/keys', headers: foreign },
    ];
    for (const probe of probes) {
      const answer = await send(harness.url, probe);
      expect(answer.status, probe.path).toBe(403);
      expect(errorOf(answer.body).code, probe.path).toBe('host_not_allowed');
    }
    const answer = await chat({ ...json, ...foreign });
    expect(answer.status).toBe(403);
    expect(harness.upstreams[0]!.count(CHAT)).toBe(0);
  });

  it('serves the names that cannot be re-pointed: IP literals, localhost, the machine itself', async () => {
    const port = new URL(harness.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `10.0.0.7:${port}`, 'app.localhost', 'LOCALHOST.']) {
      const answer = await send(harness.url, { method: 'GET', path: '/api/meta', headers: { host } });
      expect(answer.status, host).toBe(200);
    }
    expect((await send(harness.url, { method: 'GET', path: '/api/meta', headers: { host: '127.0.0.1.nip.io' } })).status).toBe(403);
  });

  it('lets the dashboard call its own API (same origin) and refuses other pages, `null` included', async () => {
    const own = new URL(harness.url).origin;
    expect((await send(harness.url, { method: 'GET', path: '/api/meta', headers: { origin: own } })).status).toBe(200);
    for (const origin of ['https://evil.example', 'null', `${own}.evil.example`, 'http://localhost:1']) {
      const answer = await send(harness.url, { method: 'GET', path: '/api/meta', headers: { origin } });
      expect(answer.status, origin).toBe(403);
      expect(answer.body).not.toContain('"version"');
    }
  });

  it("refuses another site's browser request that carries no Origin (Fetch Metadata), but not a link followed to the dashboard", async () => {
    for (const site of ['cross-site', 'same-site']) {
      const post = await chat({ ...json, 'sec-fetch-site': site, 'sec-fetch-mode': 'no-cors' });
      expect(post.status, site).toBe(403);
      expect(errorOf(post.body)).toMatchObject({ type: 'permission_error', code: 'origin_not_allowed', param: 'sec-fetch-site' });
      const read = await send(harness.url, { method: 'GET', path: '/api/meta', headers: { 'sec-fetch-site': site, 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'script' } });
      expect(read.status, site).toBe(403);
      expect(read.body).not.toContain('"version"');
    }
    const navigation = await send(harness.url, { method: 'GET', path: '/', headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' } });
    expect(navigation.status).toBe(200);
    // the dashboard's own calls, and requests no browser made, pass
    for (const site of ['same-origin', 'none']) expect((await send(harness.url, { method: 'GET', path: '/api/meta', headers: { 'sec-fetch-site': site } })).status, site).toBe(200);
    expect(harness.upstreams[0]!.count()).toBe(0);
  });

  it('answers a preflight only for allowed origins', async () => {
    const preflight = (origin: string) =>
      send(harness.url, {
        method: 'OPTIONS',
        path: '/v1/chat/completions',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
    const refused = await preflight('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('opens up by config: allowed origins get CORS (preflight included), allowed hosts are served', async () => {
    const open = await startHarness((urls) =>
      basicConfig(urls, {
        server: { allowedHosts: ['gateway.example', '.corp.example'] },
        cors: { allowOrigins: ['https://app.example'] },
      }),
    );
    try {
      open.upstreams[0]!.on(CHAT, chatReply());
      const preflight = await send(open.url, {
        method: 'OPTIONS',
        path: '/v1/chat/completions',
        headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, x-stainless-os' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers).toMatchObject({
        'access-control-allow-origin': 'https://app.example',
        'access-control-allow-methods': expect.stringContaining('POST'),
        'access-control-allow-headers': 'authorization, content-type, x-stainless-os',
        'access-control-max-age': '600',
      });
      const answer = await send(open.url, { method: 'POST', path: '/v1/chat/completions', headers: { ...json, origin: 'https://app.example' }, body: BODY });
      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe('https://app.example');
      expect(answer.headers['access-control-expose-headers']).toContain('x-parity-request-id');
      expect(answer.headers.vary).toContain('origin');
      expect((await send(open.url, { method: 'POST', path: '/v1/chat/completions', headers: { ...json, origin: 'https://other.example' }, body: BODY })).status).toBe(403);
      for (const host of ['gateway.example', 'GATEWAY.example:443', 'eu.corp.example', 'corp.example']) {
        expect((await send(open.url, { method: 'GET', path: '/healthz', headers: { host } })).status, host).toBe(200);
      }
      expect((await send(open.url, { method: 'GET', path: '/healthz', headers: { host: 'evilcorp.example' } })).status).toBe(403);
    } finally {
      await open.close();
    }
    const any = await startHarness((urls) => basicConfig(urls, { server: { allowedHosts: ['*'] }, cors: { allowOrigins: ['*'] } }));
    try {
      const answer = await send(any.url, { method: 'GET', path: '/healthz', headers: { host: 'anything.example', origin: 'https://anywhere.example' } });
      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe('https://anywhere.example');
    } finally {
      await any.close();
    }
  });

  describe.skipIf(!existsSync(CHROMIUM) && process.env.CI !== 'true')('in Chromium', () => {
    let page: Server;
    let pageUrl: string;
    beforeAll(async () => {
      // a page on another origin (another port) that tries to use the gateway
      page = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<!doctype html><title>evil</title>');
      });
      await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
      const address = page.address();
      pageUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/`;
    });
    afterAll(() => new Promise<void>((resolve) => page.close(() => resolve())));

    it('a page on another origin cannot send a request upstream, nor a re-pointed name read the API', async () => {
      if (!existsSync(CHROMIUM)) throw new Error(`CI=true but ${CHROMIUM} is missing`);
      const profile = mkdtempSync(path.join(tmpdir(), 'parity-chromium-'));
      const gatewayPort = new URL(harness.url).port;
      // DNS rebinding, simulated: the attacker's name resolves to the machine the gateway runs on
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: [...CHROMIUM_FLAGS, '--host-resolver-rules=MAP rebound.test 127.0.0.1'],
      });
      try {
        const tab = await context.newPage();
        await tab.goto(pageUrl);
        sent++;
        const status = await tab.evaluate(
          `fetch(${JSON.stringify(`${harness.url}/v1/chat/completions`)}, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(BODY)} }).then((r) => r.type, (e) => String(e))`,
        );
        expect(status).toBe('opaque'); // sent, but the answer is not the page's to read
        await expect.poll(async () => (await harness.logs()).at(-1)?.status).toBe(403);
        expect(harness.upstreams[0]!.count(CHAT)).toBe(0);

        const rebound = await tab.goto(`http://rebound.test:${gatewayPort}/`);
        expect(rebound?.status()).toBe(403);
        const api = (await tab.evaluate(`fetch('/api/meta').then(async (r) => ({ status: r.status, text: await r.text() }))`)) as { status: number; text: string };
        expect(api.status).toBe(403);
        expect(api.text).toContain('host_not_allowed');
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    });
  });
});
