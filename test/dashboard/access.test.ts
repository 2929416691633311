/**
 * The dashboard is as open as the gateway: `parity serve`'s choice (dashboardAccess) and, over a real socket,
 * the API behind the admin token while the page shell stays public.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardAccess } from '../../src/cli/commands/serve.js';
import { parseGatewayConfig } from '../../src/gateway/config/load.js';
import { RUN_ID, seedEvalRun, startHarness, writeRouteEvals, type DashboardHarness } from './seed.js';

const TOKEN = 'admin-token-for-tests-7f3a';

describe('dashboardAccess (parity serve)', () => {
  const config = (required: boolean) =>
    parseGatewayConfig({ auth: { required, adminTokenEnv: 'TEST_ADMIN' }, upstreams: { local: { baseUrl: 'http://127.0.0.1:9/v1' } } });

  it('leaves the dashboard open when the gateway takes any key', () => {
    expect(dashboardAccess(config(false), true, { TEST_ADMIN: TOKEN })).toEqual({ mount: true });
  });

  it('puts it behind the admin token when the gateway requires keys', () => {
    expect(dashboardAccess(config(true), true, { TEST_ADMIN: TOKEN })).toEqual({ mount: true, token: TOKEN });
  });

  it('does not mount it when keys are required and no admin token is set, and says why', () => {
    for (const env of [{}, { TEST_ADMIN: '' }]) {
      const access = dashboardAccess(config(true), true, env);
      expect(access.mount).toBe(false);
      expect(access.note).toContain('$TEST_ADMIN');
    }
  });

  it('mounts nothing with --no-dashboard', () => {
    expect(dashboardAccess(config(false), false, {})).toEqual({ mount: false });
  });
});

describe('dashboard API behind an access token', () => {
  let scratch: string;
  let harness: DashboardHarness;

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'parity-dashboard-access-'));
    const staticDir = path.join(scratch, 'dist');
    mkdirSync(staticDir, { recursive: true });
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>shell</title>');
    writeRouteEvals(path.join(scratch, 'route-evals'));
    harness = await startHarness({ dbFile: path.join(scratch, 'parity.db'), routeEvalsDir: path.join(scratch, 'route-evals'), staticDir, accessToken: TOKEN });
    await seedEvalRun(harness.store);
  });

  afterAll(async () => {
    await harness?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('answers 401 with a bearer challenge and no data without the token', async () => {
    for (const route of ['/api/meta', `/api/runs/${RUN_ID}`, '/api/gateway/requests']) {
      const response = await fetch(`${harness.url}${route}`);
      expect(response.status, route).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="parity dashboard"');
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message).toContain('admin token');
      expect(JSON.stringify(body)).not.toContain(RUN_ID);
    }
  });

  it('refuses a wrong token', async () => {
    const response = await fetch(`${harness.url}/api/meta`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('not accepted');
  });

  it('serves the data with the token', async () => {
    const response = await fetch(`${harness.url}/api/runs/${RUN_ID}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(((await response.json()) as { run: { id: string } }).run.id).toBe(RUN_ID);
  });

  it('serves the page shell to anyone (it holds no data)', async () => {
    const response = await fetch(`${harness.url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>shell</title>');
  });
});
