/**
 * The dashboard's "Data" panel in Chromium: after a real `parity data update` (in-process, from the local mirror
 * of test/helpers/data-mirror.ts, with one source answering 500) and a crossing recorded by a watch, the
 * convergence page says which update it reads and which source was not updated, lists every source with its
 * last check (ok or failed, with the reason) and the digest of each file fetched, and shows the last crossings;
 * an update installed after the server loaded its data is named, with a word that a restart shows it.
 * Without Chromium the suite is skipped with a message, except under CI=true, where it fails.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateTime } from '../../web/src/format.js';
import { updateData } from '../../src/catalog/update/update-data.js';
import type { UpdateResult } from '../../src/catalog/update/report.js';
import { buildDataMirror, startMirrorServer, writeInstalledManifest, type MirrorServer } from '../helpers/data-mirror.js';
import { startHarness, writeRouteEvals, type DashboardHarness } from '../dashboard/seed.js';
import { CHROMIUM, collectErrors, ensureWebBuild, launchChromium, repoRoot, screenshotOf, seriousViolations, sidewaysOverflow, VIEWPORTS, type BrowserSession } from './browser.js';

const available = existsSync(CHROMIUM);
const ci = process.env.CI === 'true';
if (!available && !ci) console.warn(`test/browser: ${CHROMIUM} not found, skipping the data panel browser test`);

const POLL = { timeout: 15_000, interval: 100 };
const CROSSING = 'lmarena-text: open DeepSeek-R1 (1650) reached the closed frontier (1640, within 1 point)';
let scratch: string;
let harness: DashboardHarness;
let mirror: MirrorServer;
let browser: BrowserSession;
let update: UpdateResult;
const userDirBefore = process.env.PARITY_DATA_DIR;
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.skipIf(!available && !ci)('the dashboard data panel in Chromium', () => {
  beforeAll(async () => {
    if (!available) throw new Error(`CI=true but ${CHROMIUM} is missing: .ci/run installs it with scripts/ci-chromium.sh`);
    ensureWebBuild();
    scratch = mkdtempSync(path.join(tmpdir(), 'parity-data-panel-'));
    const mirrorDir = path.join(scratch, 'mirror');
    buildDataMirror(path.join(repoRoot, 'test/fixtures/catalog/shared'), mirrorDir);
    mirror = await startMirrorServer(mirrorDir);
    mirror.fault('lmarena/lmarena_text.csv', { kind: 'status', status: 500 });
    // the dashboard reads the user data directory named by $PARITY_DATA_DIR, as `parity start` does
    process.env.PARITY_DATA_DIR = path.join(scratch, 'user-data');
    const outcome = await updateData({ userDir: process.env.PARITY_DATA_DIR, mirror: mirror.url, sources: ['arena-hard', 'lmarena'], maxAttempts: 1 });
    update = outcome.result;
    writeRouteEvals(path.join(scratch, 'route-evals'));
    harness = await startHarness({ dbFile: path.join(scratch, 'parity.db'), routeEvalsDir: path.join(scratch, 'route-evals') });
    await harness.store.saveWatchState('nightly', { format: 1 }, [{ kind: 'open-reached-frontier', message: CROSSING, detail: { benchmark: 'lmarena-text' } }]);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await mirror?.close();
    if (userDirBefore === undefined) delete process.env.PARITY_DATA_DIR;
    else process.env.PARITY_DATA_DIR = userDirBefore;
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  it.each(VIEWPORTS)('shows the last update, each source\'s check with its file digests, and the last crossings at $name', async (viewport) => {
    expect(update.installed).not.toBeNull();
    const arenaHard = update.sources.find((source) => source.name === 'arena-hard');
    expect(arenaHard?.outcome).toBe('updated');
    expect(update.sources.find((source) => source.name === 'lmarena')?.outcome).toBe('failed');

    const page = await browser.context.newPage();
    await page.setViewportSize(viewport);
    const errors = collectErrors(page);
    await page.goto(`${harness.url}/#/convergence`);
    const panel = page.getByTestId('data-panel');
    await panel.waitFor(POLL);
    await expect.poll(() => panel.locator('p').first().textContent(), POLL).toContain('Reading the update installed');
    expect(await panel.locator('p').first().textContent()).toContain('not updated: lmarena');
    expect(await page.getByTestId('data-restart').count()).toBe(0); // the server loaded the data parity reads

    await panel.locator('summary', { hasText: 'Sources' }).click();
    const row = (name: string) => panel.locator('tbody tr', { has: page.locator('th', { hasText: new RegExp(`^${name}$`) }) });
    const arenaRow = (await row('arena-hard').locator('td').allTextContents()).join(' | ');
    expect(arenaRow).toContain(`ok ${dateTime(update.finishedAt)}`);
    for (const file of arenaHard?.files ?? []) expect(arenaRow).toContain(`sha256 ${file.sha256.slice(0, 12)}`);
    expect(arenaHard?.files.length).toBeGreaterThan(0);
    const lmarenaRow = (await row('lmarena').locator('td').allTextContents()).join(' | ');
    expect(lmarenaRow).toMatch(/failed .*500/);
    expect((await row('litellm-history').locator('td').allTextContents()).join(' | ')).toContain('bundled only');
    expect((await row('litellm').locator('td').allTextContents()).join(' | ')).toContain('not checked by an update yet');

    await expect.poll(() => page.getByTestId('crossings').locator('li').allTextContents(), POLL).toEqual([expect.stringContaining(`(nightly): ${CROSSING}`)]);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(1);
    await screenshotOf(panel, `data-panel-${viewport.name}`);
    const violations = await seriousViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    // an update installed after the server loaded its data: the panel says the figures are the older ones
    const later = path.join(scratch, 'installed-later');
    const laterDir = writeInstalledManifest(later, 'v2', '2026-12-02T08:00:00.000Z');
    const installedDir = process.env.PARITY_DATA_DIR;
    process.env.PARITY_DATA_DIR = later;
    try {
      await page.reload();
      const restart = page.getByTestId('data-restart');
      await restart.waitFor(POLL);
      expect(await restart.textContent()).toMatch(new RegExp(`come from ${escapeRegExp(update.installed?.dir ?? '?')}, loaded when the server started; parity now reads ${escapeRegExp(laterDir)}\\. Restart`));
    } finally {
      process.env.PARITY_DATA_DIR = installedDir;
    }
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
