/**
 * Helpers for the dashboard's browser tests: Debian's Chromium driven by playwright-core (never a downloaded
 * browser), the built front-end (built here when missing or older than its sources), axe-core injected into
 * the page, and screenshots under test-artifacts/screenshots/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Where the browser tests leave their screenshots for a person to look at (git-ignored; named in the README). */
export const artifactsDir = path.join(repoRoot, 'test-artifacts', 'screenshots');

/** The two sizes every page and report is looked at: a laptop and a phone. */
export const VIEWPORTS = [
  { name: '1280x800', width: 1280, height: 800 },
  { name: '390x844', width: 390, height: 844 },
] as const;
export type Viewport = (typeof VIEWPORTS)[number];
const require = createRequire(import.meta.url);

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

/**
 * Makes sure web/dist holds a build of the current front-end sources: `npm ci` builds it (prepare), and a
 * developer running vitest right after editing web/ gets a fresh build instead of testing a stale one.
 */
export function ensureWebBuild(): string {
  const dist = path.join(repoRoot, 'web', 'dist');
  const index = path.join(dist, 'index.html');
  const sources = Math.max(
    newestMtime(path.join(repoRoot, 'web', 'src')),
    newestMtime(path.join(repoRoot, 'web', 'index.html')),
    newestMtime(path.join(repoRoot, 'web', 'vite.config.ts')),
    newestMtime(path.join(repoRoot, 'src', 'dashboard', 'api')),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return dist;
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const build = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'error'], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  if (build.status !== 0 || !existsSync(index)) {
    throw new Error(`web/dist is missing or stale and building it failed (run \`npm run build:web\` to see why):\n${build.stderr || build.stdout || String(build.error)}`);
  }
  return dist;
}

export interface BrowserSession {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium with a fresh, empty profile directory, removed on close. */
export async function launchChromium(viewport = { width: 1280, height: 800 }): Promise<BrowserSession> {
  const profile = mkdtempSync(path.join(tmpdir(), 'parity-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport,
    reducedMotion: 'reduce',
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Console errors and uncaught exceptions of a page, from now on. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    // a fetch the page itself cancelled (its parameters changed) is not a failure
    if (!reason.includes('ERR_ABORTED')) errors.push(`request failed: ${request.url()} ${reason}`);
  });
  return errors;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

let axeSource: string | undefined;

/** Runs axe-core on the page as it is; returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`,
  )) as AxeViolation[];
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/**
 * How many of the chart's dots (circles) are drawn outside its plotting area. A dot at a value the scale's
 * domain does not cover still renders, just off the frame, so counting circles alone would not notice.
 */
export async function dotsOutsideFrame(page: Page, chart: string): Promise<number> {
  const selector = JSON.stringify(`${chart} svg[role=img]`);
  return (await page.evaluate(`(() => {
    let outside = 0;
    for (const svg of document.querySelectorAll(${selector})) {
      const frame = svg.getBoundingClientRect();
      for (const dot of svg.querySelectorAll('circle')) {
        const box = dot.getBoundingClientRect();
        const x = box.left + box.width / 2, y = box.top + box.height / 2;
        if (x < frame.left - 1 || x > frame.right + 1 || y < frame.top - 1 || y > frame.bottom + 1) outside += 1;
      }
    }
    return outside;
  })()`)) as number;
}

/** A screenshot of one element (a chart, a table) under test-artifacts/screenshots/. */
export async function screenshotOf(element: Locator, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await element.screenshot({ path: file });
  return file;
}

/** How far the page scrolls sideways (0 when everything fits the viewport's width; wide tables scroll in their own box). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
}

/**
 * Marks of the static (server-drawn) Plot charts under `scope` that are drawn over an axis's tick labels or
 * axis label, or outside their SVG: what a line or band that leaves its plotting area does. Each entry names
 * the chart (its figure caption) and the mark.
 */
export async function marksOverAxisLabels(page: Page, scope = 'body'): Promise<string[]> {
  const selector = JSON.stringify(`${scope} svg`);
  return (await page.evaluate(`(() => {
    const found = [];
    const overlaps = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
    for (const svg of document.querySelectorAll(${selector})) {
      const frame = svg.getBoundingClientRect();
      if (frame.width === 0) continue;
      const chart = (svg.closest('figure')?.querySelector('figcaption')?.textContent ?? svg.getAttribute('aria-label') ?? 'chart').slice(0, 60);
      const labels = [...svg.querySelectorAll('g[aria-label$="tick label"] text, g[aria-label$="axis label"] text')].map((text) => text.getBoundingClientRect());
      const marks = svg.querySelectorAll('g[aria-label="line"] path, g[aria-label="area"] path, g[aria-label="linear-regression"] path, g[aria-label="dot"] circle, g[aria-label="rect"] rect');
      for (const mark of marks) {
        const box = mark.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        const kind = mark.parentElement?.getAttribute('aria-label') ?? mark.tagName;
        if (box.left < frame.left - 1 || box.right > frame.right + 1 || box.top < frame.top - 1 || box.bottom > frame.bottom + 1) found.push(chart + ': ' + kind + ' outside the chart');
        else if (labels.some((label) => overlaps(box, label))) found.push(chart + ': ' + kind + ' over an axis label');
      }
    }
    return found;
  })()`)) as string[];
}
