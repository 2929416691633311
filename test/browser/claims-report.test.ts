/**
 * `parity track --claims FILE --html` in a real browser: every claim of the shipped example file shows, in its
 * row of the "Claims checked against the data" table, the verdict and reason the JSON gives it; and every price
 * in the report's middle-ground tables names its provider and the date of its listing.
 * Without Chromium the suite is skipped with a message, except under CI=true, where it fails.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ClaimsReport } from '../../src/track/output/index.js';
import { VERDICT_LABELS } from '../../src/track/report/claims-section.js';
import { captureOutput } from '../helpers/capture-output.js';
import { CHROMIUM, launchChromium, type BrowserSession } from './browser.js';

const available = existsSync(CHROMIUM);
const ci = process.env.CI === 'true';
if (!available && !ci) console.warn(`test/browser: ${CHROMIUM} not found, skipping the claims report browser test`);

const io = captureOutput();
let scratch: string;
let browser: BrowserSession;
let report: ClaimsReport;
let html: string;

describe.skipIf(!available && !ci)('the claims report in Chromium', () => {
  beforeAll(async () => {
    if (!available) throw new Error(`CI=true but ${CHROMIUM} is missing: .ci/run installs it with scripts/ci-chromium.sh`);
    scratch = mkdtempSync(path.join(tmpdir(), 'parity-claims-browser-'));
    html = path.join(scratch, 'claims.html');
    io.start();
    try {
      const code = await io.run('track', '--claims', 'examples/claims/open-vs-closed.yaml', '--json', '--html', html);
      expect(code, io.stderr).toBe(0);
      report = JSON.parse(io.stdout) as ClaimsReport;
    } finally {
      vi.restoreAllMocks();
    }
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  it('shows each claim with the verdict and the reason the JSON gives it', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(pathToFileURL(html).href);
      await expect.poll(() => page.locator('#claims').isVisible()).toBe(true);
      expect(await page.locator('#claims').textContent()).toBe('Claims checked against the data');
      expect(report.claims.length).toBeGreaterThanOrEqual(6);
      // the example file has claims of every verdict on the bundled data
      expect(new Set(report.claims.map((claim) => claim.verdict))).toEqual(new Set(['holds', 'does-not-hold', 'not-enough-data']));
      for (const claim of report.claims) {
        const row = page.locator(`tr#claim-${claim.id}`);
        expect(await row.isVisible(), claim.id).toBe(true);
        const cells = await row.locator('td').allInnerTexts();
        expect(cells[0], claim.id).toContain(claim.claim);
        expect(cells[1]?.trim(), claim.id).toBe(VERDICT_LABELS[claim.verdict]);
        expect(cells[2], claim.id).toContain(claim.reason);
        for (const source of claim.sources) expect(cells[2], `${claim.id}: ${source}`).toContain(source);
      }
      const { holds, doesNotHold, notEnoughData } = report.counts;
      expect(await page.locator('section:has(#claims) p.meta').first().innerText()).toContain(`${holds} hold, ${doesNotHold} do not hold, ${notEnoughData} without enough data`);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('names the provider and date of every price in the middle-ground tables', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(pathToFileURL(html).href);
      const tables = page.locator('h4:has-text("Middle ground") + table');
      expect(await tables.count()).toBeGreaterThan(0);
      const prices = (await tables.locator('tbody tr td:nth-child(2)').allInnerTexts()).filter((text) => text.trim() !== '—');
      expect(prices.length).toBeGreaterThan(0);
      for (const price of prices) expect(price).toMatch(/^\$\d+\.\d{2} — \S+, \d{4}-\d{2}-\d{2} \((the maker's own API|median of \d+ providers?|cheapest of \d+ providers?)\)$/);
    } finally {
      await page.close();
    }
  }, 60_000);
});
