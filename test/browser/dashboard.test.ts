/**
 * The dashboard in a real browser: Debian's Chromium (/usr/bin/chromium) driven by playwright-core against the
 * gateway with the dashboard mounted on 127.0.0.1 port 0, over a temporary SQLite store seeded through the
 * store API. Every page is looked at a laptop's and a phone's size; full-page screenshots go to
 * test-artifacts/screenshots/. Without Chromium the suite is skipped with a message, except under CI=true,
 * where it fails.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostResponse, MatrixResponse, RouteEvalsResponse, RunDetailResponse, TrackDomainResponse, TrackSummaryResponse } from '../../src/dashboard/index.js';
import { OPEN_MODEL, CLOSED_MODEL, RUN_ID, requestLogEntries, seedEvalRun, seedKeys, startHarness, TEAM_A_KEY, writeRouteEvals, type DashboardHarness } from '../dashboard/seed.js';
import { CHROMIUM, collectErrors, dotsOutsideFrame, ensureWebBuild, launchChromium, screenshot, seriousViolations, sidewaysOverflow, VIEWPORTS, type BrowserSession } from './browser.js';

const available = existsSync(CHROMIUM);
const ci = process.env.CI === 'true';
if (!available && !ci) {
  console.warn(`test/browser: ${CHROMIUM} not found, skipping the dashboard browser tests (install it with scripts/ci-chromium.sh or apt-get install -y chromium)`);
}

let scratch: string;
let harness: DashboardHarness;
let browser: BrowserSession;
const POLL = { timeout: 15_000, interval: 100 };

async function api<T>(pathAndQuery: string): Promise<T> {
  const response = await fetch(`${harness.url}${pathAndQuery}`);
  expect(response.status, pathAndQuery).toBe(200);
  return (await response.json()) as T;
}

async function open(hash: string, viewport?: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  if (viewport !== undefined) await page.setViewportSize(viewport);
  const errors = collectErrors(page);
  await page.goto(`${harness.url}/${hash}`);
  return { page, errors };
}

const PAGES = [
  { name: 'convergence', hash: '#/convergence', ready: ['[data-testid=frontier-chart] svg', '[data-testid=lag-chart] svg', '[data-testid=price-chart] svg'] },
  { name: 'catalog', hash: '#/catalog', ready: ['[data-testid=catalog-table] tbody tr'] },
  { name: 'model', hash: `#/catalog/${encodeURIComponent('openai/gpt-4o')}`, ready: ['[data-testid=model-sources] li'] },
  { name: 'evaluations', hash: '#/evals', ready: ['[data-testid=runs-table] tbody tr'] },
  { name: 'run', hash: `#/evals/${RUN_ID}`, ready: ['[data-testid=pass-rate-chart] svg', '[data-testid=matrix] tbody tr'] },
  { name: 'routing', hash: '#/routing', ready: ['[data-testid=routing-curve] svg', '[data-testid=split-chart] svg'] },
  { name: 'gateway', hash: '#/gateway', ready: ['[data-testid=latency-chart] svg', '[data-testid=per-upstream] tbody tr'] },
  { name: 'cost', hash: '#/cost', ready: ['[data-testid=cost-chart] svg', '[data-testid=cost-api] tbody tr'] },
  { name: 'licence', hash: '#/license', ready: ['[data-testid=license-result] section'] },
] as const;

describe.skipIf(!available && !ci)('dashboard in Chromium', () => {
  beforeAll(async () => {
    if (!available) throw new Error(`CI=true but ${CHROMIUM} is missing: .ci/run installs it with scripts/ci-chromium.sh`);
    ensureWebBuild();
    scratch = mkdtempSync(path.join(tmpdir(), 'parity-dashboard-browser-'));
    writeRouteEvals(path.join(scratch, 'route-evals'));
    harness = await startHarness({ dbFile: path.join(scratch, 'parity.db'), routeEvalsDir: path.join(scratch, 'route-evals') });
    await seedEvalRun(harness.store);
    await harness.store.appendRequestLogs(requestLogEntries(new Date()));
    await seedKeys(harness.store);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  it.each(VIEWPORTS)('shows every page at $name with no console errors, no serious accessibility violations and no sideways scrolling', async (viewport) => {
    const { page, errors } = await open('#/convergence', viewport);
    for (const entry of PAGES) {
      await page.goto(`${harness.url}/${entry.hash}`);
      for (const selector of entry.ready) await page.locator(selector).first().waitFor({ timeout: 15_000 });
      expect(await page.locator('h1').count()).toBe(1);
      // every section is reachable from the navigation without scrolling it sideways
      for (const link of await page.locator('header nav a').all()) {
        const box = await link.boundingBox();
        expect(box !== null && box.x >= 0 && box.x + box.width <= viewport.width + 1, `${entry.name}: nav link "${await link.textContent()}" off screen`).toBe(true);
      }
      expect(await sidewaysOverflow(page), entry.name).toBeLessThanOrEqual(1);
      await screenshot(page, `${entry.name}-${viewport.name}`);
      const violations = await seriousViolations(page);
      expect(violations, `${entry.name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
    }
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('names keys and labels the request times as a clock on the gateway page', async () => {
    const { page, errors } = await open('#/gateway');
    await page.locator('[data-testid=per-key] tbody tr').first().waitFor(POLL);
    const keys = await page.locator('[data-testid=per-key] tbody th').allTextContents();
    expect(keys.some((text) => text.startsWith(TEAM_A_KEY.name) && text.includes(TEAM_A_KEY.id))).toBe(true);
    expect(keys).toContain('key-team-b'); // no key in the store: its id
    expect(await page.locator('[data-testid=recent-requests] tbody td', { hasText: TEAM_A_KEY.name }).count()).toBeGreaterThan(0);
    await page.locator('[data-testid=latency-chart] svg').first().waitFor(POLL);
    const texts = (await page.locator('[data-testid=latency-chart] svg text').allTextContents()).map((text) => text.trim());
    expect(texts.filter((text) => /^\d{2}:\d{2}$/.test(text)).length).toBeGreaterThan(1);
    expect(texts.filter((text) => /^\.\d{3}$|^:\d{2}|AM$|PM$/.test(text))).toEqual([]);
    expect(texts.some((text) => text.startsWith('time (UTC)'))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws every data point in the charts', async () => {
    const { page, errors } = await open('#/convergence');
    const summary = await api<TrackSummaryResponse>('/api/track?methods=threshold,area,daily&openDefinition=weights&transform=none');
    const domain = summary.domains.find((entry) => entry.domain === 'reasoning-knowledge');
    const detail = await api<TrackDomainResponse>('/api/track/domain?domain=reasoning-knowledge&methods=threshold,area,daily');
    const headline = detail.domain.benchmarks.find((track) => track.benchmark === domain?.headlineBenchmark);
    expect(headline).toBeDefined();
    await page.locator('[data-testid=price-chart] svg').first().waitFor();
    const frontierPoints = (headline?.frontiers.open.length ?? 0) + (headline?.frontiers.closed.length ?? 0);
    expect(frontierPoints).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid=frontier-chart] svg circle').count(), POLL).toBe(frontierPoints);
    await expect.poll(() => page.locator('[data-testid=price-chart] svg circle').count(), POLL).toBe(detail.domain.priceFrontier?.points.length ?? -1);
    for (const chart of ['frontier-chart', 'price-chart', 'lag-chart']) expect(await dotsOutsideFrame(page, `[data-testid=${chart}]`), chart).toBe(0);
    expect(await page.locator('[data-testid=lag-chart] svg circle, [data-testid=lag-chart] svg path').count()).toBeGreaterThan(0);

    await page.goto(`${harness.url}/#/routing`);
    const evals = await api<RouteEvalsResponse>('/api/route/evals');
    const routerPoints = evals.evals[0]?.report.router.curve.filter((point) => point.quality !== null).length ?? -1;
    await page.locator('[data-testid=split-chart] svg').first().waitFor();
    await expect.poll(() => page.locator('[data-testid=routing-curve] svg circle').count(), POLL).toBe(routerPoints);
    await expect.poll(() => page.locator('[data-testid=split-chart] svg g rect').count(), POLL).toBe(2);
    expect(await dotsOutsideFrame(page, '[data-testid=routing-curve]')).toBe(0);

    await page.goto(`${harness.url}/#/evals/${RUN_ID}`);
    await expect.poll(() => page.locator('[data-testid=pass-rate-chart] svg circle').count(), POLL).toBe(2);
    expect(await dotsOutsideFrame(page, '[data-testid=pass-rate-chart]')).toBe(0);

    await page.goto(`${harness.url}/#/gateway`);
    await expect.poll(() => page.locator('[data-testid=latency-chart] svg circle').count(), POLL).toBe(requestLogEntries(new Date()).length);
    expect(await dotsOutsideFrame(page, '[data-testid=latency-chart]')).toBe(0);

    await page.goto(`${harness.url}/#/cost`);
    const cost = await api<CostResponse>('/api/cost?model=meta/llama-3.1-8b-instruct&api=openai/gpt-4o-mini&requestsPerDay=200000&inputTokens=800&outputTokens=300&peakToAverage=3&cacheHitRate=0&selfHost=true&gpu=h200&pricing=on-demand&utilization=0.6&scaleToZero=false&opsPerMonth=1500&throughputUnit=output-tokens/s&estimate=false');
    await expect.poll(() => page.locator('[data-testid=cost-chart] svg circle').count(), POLL).toBe(cost.curve.points.filter((point) => point.monthlyCost > 0).length);
    expect(await dotsOutsideFrame(page, '[data-testid=cost-chart]')).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('filters and sorts the catalog', async () => {
    const { page, errors } = await open('#/catalog');
    const count = page.getByTestId('catalog-count');
    await expect.poll(() => count.textContent(), POLL).toContain('of ');
    await page.getByLabel('Search').fill('llama');
    const expected = await api<{ total: number; models: Array<{ name: string }> }>('/api/catalog/models?q=llama&sort=releaseDate&order=desc&limit=50');
    await expect.poll(() => count.textContent(), POLL).toContain(`of ${expected.total}`);
    await expect.poll(() => page.locator('[data-testid=catalog-table] tbody th a').allTextContents(), POLL).toEqual(expected.models.map((model) => model.name));

    await page.getByLabel('Weights').selectOption('open');
    const openOnly = await api<{ total: number }>('/api/catalog/models?q=llama&open=true&limit=50');
    await expect.poll(() => count.textContent(), POLL).toContain(`of ${openOnly.total}`);
    const badges = await page.locator('[data-testid=catalog-table] tbody .badge').allTextContents();
    expect(badges.length).toBeGreaterThan(0);
    expect(new Set(badges)).toEqual(new Set(['open']));

    // sort by price from the keyboard: first press sorts descending, the second ascending
    const priceHeader = page.locator('th:has(button[data-sort=price])');
    await page.locator('button[data-sort=price]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => priceHeader.getAttribute('aria-sort'), POLL).toBe('descending');
    await page.keyboard.press('Enter');
    await expect.poll(() => priceHeader.getAttribute('aria-sort'), POLL).toBe('ascending');
    await expect.poll(() => page.locator('[data-testid=catalog-table]').getAttribute('aria-busy'), POLL).toBeNull();
    const column = (await page.locator('[data-testid=catalog-table] thead th').allTextContents()).findIndex((text) => text.startsWith('$/Mtok'));
    expect(column).toBeGreaterThan(0);
    const cells = await page.locator(`[data-testid=catalog-table] tbody tr > :nth-child(${column + 1})`).allTextContents();
    const priced = cells.filter((text) => text !== '—');
    // each price names its provider and date: "$0.69openai, 2026-07-24" (the two on separate lines)
    for (const text of priced) expect(text).toMatch(/^\$[\d.]+\S.*, \d{4}-\d{2}-\d{2}$/);
    const prices = priced.map((text) => Number(/^\$([\d.]+)/.exec(text)?.[1]));
    expect(prices.length).toBeGreaterThan(1);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    await screenshot(page, 'catalog-filtered-1280x800', false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('updates the cost as the form changes, and flags a bad value on its field', async () => {
    const { page, errors } = await open('#/cost');
    const headline = page.getByTestId('cost-headline');
    await expect.poll(() => headline.textContent(), POLL).toContain('Cheapest API');
    const before = await headline.textContent();
    const firstApiCost = page.locator('[data-testid=cost-api] tbody tr').first().locator('td').first();
    const costBefore = Number((await firstApiCost.textContent())?.replace(/[$,]/g, ''));
    await page.locator('#requestsPerDay').fill('20000');
    await expect.poll(() => headline.textContent(), POLL).not.toBe(before);
    // API cost is linear in volume: a tenth of the requests, a tenth of the cost
    await expect.poll(async () => Number((await firstApiCost.textContent())?.replace(/[$,]/g, '')), { timeout: 10_000 }).toBeCloseTo(costBefore / 10, 0);

    await page.locator('#requestsPerDay').fill('-5');
    const field = page.locator('#requestsPerDay');
    await expect.poll(() => field.getAttribute('aria-invalid'), POLL).toBe('true');
    await expect.poll(() => page.locator('#requestsPerDay-error').textContent(), POLL).toBe('must not be negative');
    await page.locator('#requestsPerDay').fill('200000');
    await expect.poll(() => field.getAttribute('aria-invalid'), POLL).toBeNull();
    await expect.poll(() => headline.textContent(), POLL).toContain('Cheapest API');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens a case from the eval matrix with the outputs side by side', async () => {
    const { page, errors } = await open(`#/evals/${RUN_ID}`);
    const matrix = await api<MatrixResponse>(`/api/runs/${RUN_ID}/matrix`);
    const rows = page.locator('[data-testid=matrix] tbody tr');
    await expect.poll(() => rows.count(), POLL).toBe(matrix.totalCases);
    await page.getByLabel('Only cases with a failure').check();
    await expect.poll(() => rows.count(), POLL).toBe(matrix.failingCases);
    expect((await page.getByTestId('verdict-statement').textContent())?.length ?? 0).toBeGreaterThan(10);
    // the comparison's cases that only the reference passes are what a router learned from this run is for
    const detail = await api<RunDetailResponse>(`/api/runs/${RUN_ID}`);
    const coverage = detail.summary?.summary.comparisons[0]?.coverage;
    expect(coverage?.onlyReferencePasses ?? 0).toBeGreaterThan(0);
    expect(coverage?.candidatePasses ?? 0).toBeGreaterThan(0);
    // the command names the models by the suite's labels, as `parity route … --run` takes them
    expect(await page.getByTestId('route-hint').textContent()).toContain(`parity route eval --run ${RUN_ID} --weak ${OPEN_MODEL.label} --strong ${CLOSED_MODEL.label}`);
    // the reference's one error is its own outcome, shown by cause
    expect(await page.getByTestId('error-causes').textContent()).toContain(`${CLOSED_MODEL.label}: HTTP 503 ×1`);

    await page.getByRole('link', { name: `angry-customer, ${OPEN_MODEL.label}: fail` }).click();
    const dialog = page.getByTestId('case-dialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.getByRole('heading', { name: 'Case angry-customer' }).waitFor({ state: 'visible' });
    const outputs = dialog.locator('[data-testid=case-outputs] > section');
    await expect.poll(() => outputs.count(), POLL).toBe(2);
    expect(await outputs.nth(0).textContent()).toContain(OPEN_MODEL.label);
    expect(await outputs.nth(1).textContent()).toContain(CLOSED_MODEL.label);
    await expect.poll(() => dialog.textContent(), POLL).toContain('customer message about angry-customer');
    expect(await dialog.getByTestId('case-messages').textContent()).toContain('You are a support agent. Customer: customer message about angry-customer');
    await screenshot(page, 'run-case-dialog-1280x800', false);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count(), POLL).toBe(0);
    expect(page.url()).not.toContain('case=');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('asks for the admin token when the API requires it, refuses a wrong one, and loads the page with the right one', async () => {
    const token = 'browser-admin-token-5d1c';
    const guarded = await startHarness({ dbFile: path.join(scratch, 'guarded.db'), routeEvalsDir: path.join(scratch, 'route-evals'), accessToken: token });
    const page = await browser.context.newPage();
    const errors = collectErrors(page);
    try {
      await seedEvalRun(guarded.store);
      await page.goto(`${guarded.url}/#/evals`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor(POLL);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'sign-in-1280x800', false);
      await page.getByLabel('Admin token').fill(`${token}-wrong`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('That token was not accepted.').waitFor(POLL);
      await page.getByLabel('Admin token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('[data-testid=runs-table] tbody tr').first().waitFor(POLL);
      await page.reload(); // the token lasts for the tab
      await page.locator('[data-testid=runs-table] tbody tr').first().waitFor(POLL);
      // the only errors are the browser's own notes of the 401s that led to the form
      expect(errors.filter((error) => !error.includes('401'))).toEqual([]);
    } finally {
      await page.close();
      await guarded.close();
    }
  });

  it('works from the keyboard on a phone-width screen', async () => {
    const { page, errors } = await open('#/catalog', { width: 390, height: 844 });
    await page.locator('[data-testid=catalog-table] tbody tr').first().waitFor();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.locator(':focus').textContent(), POLL).toBe('Skip to content');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator(':focus').textContent(), POLL).toBe('Catalog');
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
