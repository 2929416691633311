/**
 * The single-file HTML reports in a real browser, as a user opens them: the convergence report (`parity start`),
 * an eval report (`parity eval --html`), a route evaluation (`parity route eval --html`) and the decision memo
 * (`parity advise`), each made by the CLI in-process from the bundled data and recorded fixtures. At a laptop's
 * and a phone's width: the page never scrolls sideways (wide tables scroll in their own box), no chart draws a
 * mark over its axis labels or outside its area, and screenshots go to test-artifacts/screenshots/.
 * Without Chromium the suite is skipped with a message, except under CI=true, where it fails.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADVISE_FILES, ADVISE_MODELS, prepareAdviseSuite } from '../fixtures/advise/prepare.js';
import { captureOutput } from '../helpers/capture-output.js';
import { CHROMIUM, launchChromium, marksOverAxisLabels, screenshot, screenshotOf, sidewaysOverflow, VIEWPORTS, type BrowserSession } from './browser.js';

const available = existsSync(CHROMIUM);
const ci = process.env.CI === 'true';
if (!available && !ci) console.warn(`test/browser: ${CHROMIUM} not found, skipping the HTML report browser tests`);

const io = captureOutput();
let scratch: string;
let browser: BrowserSession;
const reports: Record<'track' | 'eval' | 'route' | 'memo', string> = { track: '', eval: '', route: '', memo: '' };

async function cli(...args: string[]): Promise<string> {
  io.clear();
  const code = await io.run(...args);
  expect(code, `parity ${args.join(' ')}: ${io.stderr}`).toBe(0);
  return io.stdout;
}

describe.skipIf(!available && !ci)('HTML reports in Chromium', () => {
  beforeAll(async () => {
    if (!available) throw new Error(`CI=true but ${CHROMIUM} is missing: .ci/run installs it with scripts/ci-chromium.sh`);
    scratch = mkdtempSync(path.join(tmpdir(), 'parity-reports-browser-'));
    io.start();
    try {
      reports.track = path.join(scratch, 'track.html');
      await cli('start', '--html', reports.track);
      const db = path.join(scratch, 'parity.db');
      reports.eval = path.join(scratch, 'eval.html');
      const evaluated = JSON.parse(await cli('eval', prepareAdviseSuite(scratch), '--db', db, '--json', '--quiet', '--html', reports.eval)) as { runId: string };
      reports.route = path.join(scratch, 'route.html');
      const routeJson = await cli(
        'route', 'eval', '--judgments', ADVISE_FILES.judgements, '--prompts', ADVISE_FILES.questions, '--answers', ADVISE_FILES.answers,
        '--format', 'single-score', '--weak', ADVISE_MODELS.open.file, '--strong', ADVISE_MODELS.frontier.file, '--folds', '4', '--json', '--html', reports.route,
      );
      const routeFile = path.join(scratch, 'route.json');
      writeFileSync(routeFile, routeJson);
      await cli('advise', '--run', evaluated.runId, '--db', db, '--route', routeFile, '--requests-per-day', '20000', '--mau', '50000', '--commercial', '--domain', 'coding', '--as-of', '2026-11-29', '--out', path.join(scratch, 'memo'));
      reports.memo = path.join(scratch, 'memo', 'memo.html');
    } finally {
      vi.restoreAllMocks();
    }
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  it.each(['track', 'eval', 'route', 'memo'] as const)('the %s report fits a laptop and a phone, and its charts stay inside their frames', async (name) => {
    expect(readFileSync(reports[name], 'utf8')).toMatch(/^<!doctype html>/i);
    for (const viewport of VIEWPORTS) {
      const page = await browser.context.newPage();
      try {
        await page.setViewportSize(viewport);
        await page.goto(pathToFileURL(reports[name]).href);
        expect(await sidewaysOverflow(page), `${name} at ${viewport.name}`).toBeLessThanOrEqual(1);
        expect(await marksOverAxisLabels(page), `${name} at ${viewport.name}`).toEqual([]);
        // the convergence report is tens of thousands of pixels long: its first screens, then its first lag chart
        await screenshot(page, `report-${name}-${viewport.name}`, name !== 'track');
        if (name === 'track') {
          const lag = page.locator('figure', { hasText: 'Lag over time' }).first();
          await screenshotOf(lag, `report-track-lag-chart-${viewport.name}`);
        }
      } finally {
        await page.close();
      }
    }
  }, 60_000);
});
