/**
 * The dashboard's JSON API over a real socket: the gateway with the dashboard mounted on 127.0.0.1 port 0, a
 * temporary SQLite store seeded through the store API, and a route-evals folder written by the route library.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledCatalogDir } from '../../src/catalog/data-location.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { DOMAIN_IDS } from '../../src/catalog/schema.js';
import type {
  CaseResponse,
  CatalogModelsResponse,
  CostResponse,
  DataFreshnessResponse,
  GatewayRequestsResponse,
  GatewaySummaryResponse,
  LicenseResponse,
  MatrixResponse,
  ModelDetailResponse,
  RouteEvalsResponse,
  RouteSplitResponse,
  RunDetailResponse,
  RunsResponse,
  TrackDomainResponse,
  TrackSummaryResponse,
} from '../../src/dashboard/index.js';
import { writeInstalledManifest } from '../helpers/data-mirror.js';
import { CASES, CLOSED_ERROR_CASE, CLOSED_MODEL, OPEN_FAILS, OPEN_MODEL, RUN_ID, requestLogEntries, seedEvalRun, seedKeys, TEAM_A_KEY, startHarness, writeRouteEvals, type DashboardHarness } from './seed.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
let scratch: string;
let harness: DashboardHarness;
const entries = requestLogEntries(NOW);

async function get<T>(pathAndQuery: string, init: RequestInit = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${harness.url}${pathAndQuery}`, init);
  const text = await response.text();
  return { status: response.status, body: (text.startsWith('{') ? JSON.parse(text) : text) as T, headers: response.headers };
}

function rawStatus(pathAndQuery: string): Promise<number> {
  const { port } = new URL(harness.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: Number(port), path: pathAndQuery, method: 'GET' }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'parity-dashboard-api-'));
  writeFileSync(path.join(scratch, 'secret.txt'), 'outside the static folder');
  const staticDir = path.join(scratch, 'dist');
  mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>test page</title><script type="module" src="/assets/app-123.js"></script>');
  writeFileSync(path.join(staticDir, 'assets', 'app-123.js'), `console.log(${JSON.stringify('x'.repeat(4000))});`);
  writeRouteEvals(path.join(scratch, 'route-evals'));
  harness = await startHarness({ dbFile: path.join(scratch, 'parity.db'), routeEvalsDir: path.join(scratch, 'route-evals'), staticDir, now: () => NOW });
  await seedEvalRun(harness.store);
  await harness.store.appendRequestLogs(entries);
  await seedKeys(harness.store);
});

afterAll(async () => {
  await harness?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('bad query parameters', () => {
  const cost = 'requestsPerDay=1000&inputTokens=500&outputTokens=200&model=meta/llama-3.1-8b-instruct&gpu=h200';
  it.each([
    ['/api/track?tolerance=abc', 'tolerance'],
    ['/api/track?tolerance=99', 'tolerance'],
    ['/api/track?methods=threshold,fastest', 'methods'],
    ['/api/track?since=2025-13', 'since'],
    ['/api/track?colour=red', 'colour'],
    ['/api/track/domain', 'domain'],
    ['/api/track/domain?domain=cooking', 'domain'],
    ['/api/catalog/models?sort=height', 'sort'],
    ['/api/catalog/models?limit=0', 'limit'],
    ['/api/catalog/models?open=maybe', 'open'],
    ['/api/catalog/model', 'id'],
    ['/api/runs?limit=ten', 'limit'],
    [`/api/runs/${RUN_ID}/matrix?failures=perhaps`, 'failures'],
    [`/api/runs/${RUN_ID}/case`, 'case'],
    ['/api/gateway/summary?window=2h', 'window'],
    ['/api/gateway/requests?limit=5000', 'limit'],
    ['/api/route/split?window=forever', 'window'],
    [`/api/cost?${cost.replace('requestsPerDay=1000', 'requestsPerDay=lots')}`, 'requestsPerDay'],
    [`/api/cost?${cost}&cacheHitRate=1.5`, 'cacheHitRate'],
    ['/api/cost?requestsPerDay=1000&inputTokens=500&outputTokens=200', 'model'],
    [`/api/cost?${cost.replace('gpu=h200', 'gpu=toaster')}`, 'gpu'],
    ['/api/license?mau=10', 'model'],
    ['/api/license?model=meta/llama-3.1-70b-instruct&mau=-1', 'mau'],
    ['/api/license?model=meta/llama-3.1-70b-instruct&mau=10&region=Germany', 'region'],
  ])('%s → 400 naming "%s"', async (url, param) => {
    const { status, body } = await get<{ error: { message: string; type: string; param: string } }>(url);
    expect(status, JSON.stringify(body)).toBe(400);
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.param).toBe(param);
    expect(body.error.message).toContain(param);
  });

  it('says a missing parameter is required, and refuses writes', async () => {
    const missing = await get<{ error: { message: string } }>('/api/track/domain');
    expect(missing.body.error.message).toMatch(/"domain": is required/);
    const post = await get<{ error: { param: string } }>('/api/meta', { method: 'POST', body: '{}' });
    expect(post.status).toBe(400);
    expect(post.body.error.param).toBe('method');
  });

  it('answers 404 for unknown things, in the OpenAI error shape', async () => {
    for (const url of ['/api/runs/no-such-run', '/api/catalog/model?id=no-such-model-anywhere', '/api/nothing-here']) {
      const { status, body } = await get<{ error: { message: string; code: string } }>(url);
      expect(status, url).toBe(404);
      expect(body.error.code).toBe('not_found');
    }
  });
});

describe('catalog', () => {
  const catalog = loadCatalog();

  it('filters open models and pages through all of them without overlap', async () => {
    const open = catalog.models.filter((model) => model.openWeights).length;
    const first = await get<CatalogModelsResponse>('/api/catalog/models?open=true&limit=100&sort=name&order=asc');
    const second = await get<CatalogModelsResponse>('/api/catalog/models?open=true&limit=100&offset=100&sort=name&order=asc');
    expect(first.body.total).toBe(open);
    expect(first.body.models.every((model) => model.openWeights)).toBe(true);
    const ids = new Set(first.body.models.map((model) => model.id));
    expect(second.body.models.some((model) => ids.has(model.id))).toBe(false);
    const names = [...first.body.models, ...second.body.models].map((model) => model.name.toLowerCase());
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('sorts by price with unpriced models last, and searches every word', async () => {
    const { body } = await get<CatalogModelsResponse>('/api/catalog/models?sort=price&order=asc&limit=500');
    const prices = body.models.map((model) => model.price?.blendedPerMtok ?? null);
    const priced = prices.filter((price): price is number => price !== null);
    expect(priced.length).toBeGreaterThan(10);
    expect(priced).toEqual([...priced].sort((a, b) => a - b));
    expect(prices.indexOf(null) === -1 || prices.slice(prices.indexOf(null)).every((price) => price === null)).toBe(true);
    const search = await get<CatalogModelsResponse>('/api/catalog/models?q=llama%20instruct&limit=500');
    expect(search.body.total).toBeGreaterThan(0);
    for (const model of search.body.models) {
      const text = `${model.id} ${model.name} ${model.lab} ${model.family ?? ''} ${model.license ?? ''}`.toLowerCase();
      expect(text.includes('llama') && text.includes('instruct'), model.id).toBe(true);
    }
  });

  it('prices every model by the price policy asked for, naming provider and date', async () => {
    const query = '/api/catalog/models?q=gpt-5-mini&lab=openai&limit=50';
    const firstParty = (await get<CatalogModelsResponse>(query)).body.models.find((model) => model.id === 'openai/gpt-5-mini');
    expect(firstParty?.price).toMatchObject({ provider: 'openai', basis: 'first-party', inputPerMtok: 0.25, outputPerMtok: 2 });
    expect(firstParty?.price?.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const cheapest = (await get<CatalogModelsResponse>(`${query}&pricePolicy=cheapest`)).body.models.find((model) => model.id === 'openai/gpt-5-mini');
    expect(cheapest?.price?.basis).toBe('cheapest');
    expect(cheapest?.price?.blendedPerMtok).toBeLessThan(firstParty?.price?.blendedPerMtok ?? 0);
    expect((await get<{ error: { param: string } }>('/api/catalog/models?pricePolicy=lowest')).status).toBe(400);
    const detail = await get<ModelDetailResponse>('/api/catalog/model?id=openai/gpt-5-mini');
    expect(detail.body.price).toMatchObject({ policy: 'first-party', basis: 'first-party', price: { provider: 'openai' } });
  });

  it('shows one model, found by a spelling the catalog resolves, with every source it cites', async () => {
    const { status, body } = await get<ModelDetailResponse>('/api/catalog/model?id=GPT-4o');
    expect(status).toBe(200);
    expect(body.model.id).toBe('openai/gpt-4o');
    expect(body.results.length).toBe(catalog.resultsForModel('openai/gpt-4o').length);
    const sourceIds = new Set(body.sources.map((source) => source.id));
    for (const result of body.results) expect(sourceIds.has(result.source)).toBe(true);
    for (const price of body.prices) expect(sourceIds.has(price.source)).toBe(true);
  });
});

describe('convergence', () => {
  it('summarises every domain and echoes the options it computed with', async () => {
    const { status, body } = await get<TrackSummaryResponse>('/api/track?methods=daily,threshold&tolerance=2');
    expect(status).toBe(200);
    expect(body.domains.map((domain) => domain.domain).sort()).toEqual([...DOMAIN_IDS].sort());
    expect(body.options.tolerance).toBe(2);
    expect(body.options.methods).toEqual(['daily', 'threshold']);
    for (const domain of body.domains) {
      expect(domain.headlineMethod).toBe('daily');
      expect(domain).not.toHaveProperty('benchmarks');
    }
  });

  it('gives one domain in full, with frontiers and only the sources it uses', async () => {
    const { body } = await get<TrackDomainResponse>('/api/track/domain?domain=math&methods=daily,threshold&tolerance=2');
    expect(body.domain.domain).toBe('math');
    const withFrontiers = body.domain.benchmarks.filter((track) => track.frontiers.open.length > 0 && track.frontiers.closed.length > 0);
    expect(withFrontiers.length).toBeGreaterThan(0);
    const listed = new Set(body.sources.map((source) => source.id));
    for (const id of body.domain.sources) expect(listed.has(id)).toBe(true);
  });

  it('prices the price/score frontier by the price policy asked for', async () => {
    const byPolicy = async (policy: string) => (await get<TrackDomainResponse>(`/api/track/domain?domain=reasoning-knowledge&pricePolicy=${policy}`)).body;
    const firstParty = await byPolicy('first-party');
    expect(firstParty.options.pricePolicy).toBe('first-party');
    expect(firstParty.domain.priceFrontier?.policy).toBe('first-party');
    for (const point of firstParty.domain.priceFrontier?.points ?? []) {
      expect(point.provider.length).toBeGreaterThan(0);
      expect(point.priceAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const cheapest = await byPolicy('cheapest');
    expect(cheapest.domain.priceFrontier?.points.every((point) => point.priceBasis === 'cheapest')).toBe(true);
  });
});

describe('evaluations', () => {
  it('lists the run with its verdict and validates its stored summary', async () => {
    const runs = await get<RunsResponse>('/api/runs');
    const run = runs.body.runs.find((entry) => entry.id === RUN_ID);
    expect(run?.status).toBe('completed');
    expect(run?.models.map((model) => model.label)).toEqual([OPEN_MODEL.label, CLOSED_MODEL.label]);
    const detail = await get<RunDetailResponse>(`/api/runs/${RUN_ID}`);
    expect(detail.body.summaryProblem).toBeNull();
    const comparison = detail.body.summary?.summary.comparisons[0];
    expect(comparison?.candidate).toBe(OPEN_MODEL.ref);
    expect(run?.verdict).toBe(comparison?.nonInferiority.verdict);
    const open = detail.body.summary?.summary.models.find((model) => model.ref === OPEN_MODEL.ref);
    expect(open?.passes).toBe(CASES.length - OPEN_FAILS.size);
  });

  it('builds the case × model matrix and filters it to failures', async () => {
    const all = await get<MatrixResponse>(`/api/runs/${RUN_ID}/matrix`);
    expect(all.body.totalCases).toBe(CASES.length);
    expect(all.body.models.map((model) => model.ref)).toEqual([OPEN_MODEL.ref, CLOSED_MODEL.ref]);
    const failing = new Set([...OPEN_FAILS, CLOSED_ERROR_CASE]);
    expect(all.body.failingCases).toBe(failing.size);
    const failures = await get<MatrixResponse>(`/api/runs/${RUN_ID}/matrix?failures=true`);
    expect(new Set(failures.body.cases.map((entry) => entry.caseId))).toEqual(failing);
    const errored = failures.body.cases.find((entry) => entry.caseId === CLOSED_ERROR_CASE);
    expect(errored?.cells[1]?.errors).toBe(1);
    expect(errored?.cells[1]?.preview).toMatch(/^error: /);
  });

  it('opens one case with its input and every model output', async () => {
    const { body } = await get<CaseResponse>(`/api/runs/${RUN_ID}/case?case=angry-customer`);
    expect(body.results.map((entry) => entry.modelRef).sort()).toEqual([OPEN_MODEL.ref, CLOSED_MODEL.ref].sort());
    expect(body.input).toMatchObject({ vars: { message: 'customer message about angry-customer' }, expected: 'reference answer for angry-customer' });
    expect(body.messages).toEqual([{ role: 'user', content: 'You are a support agent. Customer: customer message about angry-customer' }]);
    const missing = await get<{ error: { code: string } }>(`/api/runs/${RUN_ID}/case?case=not-a-case`);
    expect(missing.status).toBe(404);
  });
});

describe('gateway log and routing', () => {
  it('summarises the window, per key and per upstream', async () => {
    const since = NOW.getTime() - 15 * 60_000;
    const inWindow = entries.filter((entry) => new Date(String(entry.ts)).getTime() >= since);
    const { body } = await get<GatewaySummaryResponse>('/api/gateway/summary?window=15m');
    expect(body.summary.total.requests).toBe(inWindow.length);
    expect(body.summary.total.errors).toBe(inWindow.filter((entry) => entry.status >= 400).length);
    expect(body.summary.byKey.map((row) => row.keyId).sort()).toEqual([...new Set(inWindow.map((entry) => entry.keyId))].sort());
    const all = await get<GatewaySummaryResponse>('/api/gateway/summary?window=all');
    expect(all.body.summary.total.requests).toBe(entries.length);
    // keys by name where the store has the key; an id it does not know gets no name
    expect(all.body.keyNames).toEqual({ [TEAM_A_KEY.id]: TEAM_A_KEY.name });
  });

  it('lists requests without their bodies, and only errors when asked', async () => {
    const recent = await get<GatewayRequestsResponse>('/api/gateway/requests?window=all');
    expect(recent.body.requests).toHaveLength(entries.length);
    expect(recent.body.keyNames).toEqual({ [TEAM_A_KEY.id]: TEAM_A_KEY.name });
    expect(JSON.stringify(recent.body)).not.toContain('secret');
    const errors = await get<GatewayRequestsResponse>('/api/gateway/requests?window=all&errorsOnly=true');
    expect(errors.body.requests.map((entry) => entry.status)).toEqual(entries.filter((entry) => entry.status >= 400).map((entry) => entry.status));
  });

  it('splits traffic by routing decision', async () => {
    const { body } = await get<RouteSplitResponse>('/api/route/split?window=all');
    expect(body.sampled).toBe(entries.length);
    const strong = body.byRoute.find((row) => row.route === 'strong');
    expect(strong?.requests).toBe(entries.filter((entry) => entry.routeDecision === 'strong').length);
    expect(body.byRoute.reduce((sum, row) => sum + row.share, 0)).toBeCloseTo(1, 10);
  });

  it('reads route evaluations and attaches the policy of the same pair', async () => {
    const { body } = await get<RouteEvalsResponse>('/api/route/evals');
    expect(body.evals).toHaveLength(1);
    const entry = body.evals[0]!;
    expect(entry.report.router.curve.length).toBeGreaterThan(2);
    expect(entry.operatingPoints).toHaveLength(1);
    expect(entry.operatingPoints[0]?.file).toBe('mixtral-vs-gpt4.policy.json');
    expect(body.problems.map((problem) => problem.file)).toEqual(['notes.json']);
  });
});

describe('cost and licence', () => {
  it('prices a workload, cheapest API first, with the curve for the chart', async () => {
    const { status, body } = await get<CostResponse>('/api/cost?model=meta/llama-3.1-8b-instruct&gpu=h200&requestsPerDay=200000&inputTokens=800&outputTokens=300&api=openai/gpt-4o-mini&top=5');
    expect(status, JSON.stringify(body).slice(0, 300)).toBe(200);
    expect(body.report.api.length).toBeLessThanOrEqual(5);
    expect(body.apiPriceCount).toBeGreaterThanOrEqual(body.report.api.length);
    const monthly = body.report.api.map((entry) => entry.monthlyCost);
    expect(monthly).toEqual([...monthly].sort((a, b) => a - b));
    expect(body.report.selfHost?.plan.modelId).toBe('meta/llama-3.1-8b-instruct');
    expect(body.curve.points.length).toBeGreaterThan(0);
    const doubled = await get<CostResponse>('/api/cost?model=meta/llama-3.1-8b-instruct&gpu=h200&requestsPerDay=400000&inputTokens=800&outputTokens=300&api=openai/gpt-4o-mini&top=5');
    expect(doubled.body.report.api[0]?.monthlyCost).toBeCloseTo(2 * (body.report.api[0]?.monthlyCost ?? 0), 6);
    // by default each API model is priced at its maker's own API (one listing), not at every reseller
    expect(body.report.api.map((entry) => `${entry.modelId}@${entry.provider}`)).toEqual(['openai/gpt-4o-mini@openai']);
    const cheapest = await get<CostResponse>('/api/cost?model=meta/llama-3.1-8b-instruct&gpu=h200&requestsPerDay=200000&inputTokens=800&outputTokens=300&api=openai/gpt-4o-mini&top=5&pricePolicy=cheapest');
    expect(cheapest.body.report.api[0]!.monthlyCost).toBeLessThanOrEqual(body.report.api[0]!.monthlyCost);
  });

  it('checks a licence against the intended use', async () => {
    const { body } = await get<LicenseResponse>('/api/license?model=meta/llama-3.1-70b-instruct&mau=800000000&commercial=true');
    expect(body.verdicts).toHaveLength(1);
    expect(body.verdicts[0]?.verdict).toBe('not-allowed');
    const small = await get<LicenseResponse>('/api/license?model=meta/llama-3.1-70b-instruct&mau=5000&commercial=true');
    expect(small.body.verdicts[0]?.verdict).not.toBe('not-allowed');
  });
});

describe('data freshness', () => {
  it('says which data is read, each source\'s date and status, and the latest watch crossings', async () => {
    await harness.store.saveWatchState('nightly', { format: 1 }, [{ kind: 'lag-moved', message: 'coding: threshold lag 5.0 → 3.0 months', detail: { domain: 'coding' } }]);
    const { status, body } = await get<DataFreshnessResponse>('/api/data');
    expect(status).toBe(200);
    expect(body.status).toMatchObject({ kind: 'data-status', reading: 'bundled', lastUpdate: null });
    expect(body.status.sources.find((source) => source.name === 'litellm')).toMatchObject({ bundledOnly: null, asOf: '2026-07-24', lastCheck: null });
    expect(body.status.sources.find((source) => source.name === 'litellm-history')?.bundledOnly).toMatch(/git history/);
    expect(body.crossings).toEqual([expect.objectContaining({ watchName: 'nightly', kind: 'lag-moved', message: 'coding: threshold lag 5.0 → 3.0 months' })]);
    expect(body.servedDir).toBe(body.status.dir);
  });

  it('says when an update was installed after the server loaded its data', async () => {
    await get('/api/data'); // the server has loaded its catalog (the bundled data)
    const userDir = path.join(scratch, 'user-data');
    const versionDir = writeInstalledManifest(userDir, 'v1', '2026-12-01T08:00:00.000Z');
    const before = process.env.PARITY_DATA_DIR;
    process.env.PARITY_DATA_DIR = userDir;
    try {
      const { body } = await get<DataFreshnessResponse>('/api/data');
      expect(body.status).toMatchObject({ reading: 'user', version: 'v1', dir: versionDir });
      expect(body.servedDir).toBe(bundledCatalogDir());
    } finally {
      if (before === undefined) delete process.env.PARITY_DATA_DIR;
      else process.env.PARITY_DATA_DIR = before;
    }
  });
});

describe('static files', () => {
  it('serves the built page and hashed assets, gzip when asked, and nothing outside the folder', async () => {
    const page = await get<string>('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const asset = await fetch(`${harness.url}/assets/app-123.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(await asset.text()).toContain('console.log');
    // raw paths (fetch would normalise the dots away before sending)
    for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/assets/missing.js']) {
      expect(await rawStatus(url), url).toBe(404);
    }
  });

  it('leaves the gateway’s own routes alone', async () => {
    const health = await fetch(`${harness.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
