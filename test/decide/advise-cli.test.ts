/**
 * `parity advise` through the real CLI entry point, in-process: `parity eval` and `parity route eval` write
 * their JSON, `parity advise` reads it (or the run from the store) and writes the memo. Output is captured
 * from process.stdout / process.stderr.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { captureOutput } from '../helpers/capture-output.js';
import { ADVISE_FILES, ADVISE_MODELS, prepareAdviseSuite } from '../fixtures/advise/prepare.js';

const io = captureOutput();

const run = io.run;

const dir = mkdtempSync(path.join(tmpdir(), 'parity-advise-cli-'));
const db = path.join(dir, 'parity.db');
const evalFile = path.join(dir, 'eval.json');
const routeFile = path.join(dir, 'route.json');
let runId = '';
let routeReport: { router: { cpt50: number; cpt80: number; savingsAtCpt50: number } };
const common = ['--requests-per-day', '20000', '--mau', '50000', '--commercial', '--domain', 'coding', '--as-of', '2026-11-29'];

beforeAll(async () => {
  io.start();
  try {
    const suite = prepareAdviseSuite(dir);
    expect(await run('eval', suite, '--db', db, '--json', '--quiet'), io.stderr).toBe(0);
    writeFileSync(evalFile, io.stdout);
    runId = (JSON.parse(io.stdout) as { runId: string }).runId;
    io.clear();
    const code = await run(
      'route', 'eval', '--judgments', ADVISE_FILES.judgements, '--prompts', ADVISE_FILES.questions, '--answers', ADVISE_FILES.answers,
      '--format', 'single-score', '--weak', ADVISE_MODELS.open.file, '--strong', ADVISE_MODELS.frontier.file, '--folds', '4', '--json',
    );
    expect(code, io.stderr).toBe(0);
    writeFileSync(routeFile, io.stdout);
    routeReport = JSON.parse(io.stdout) as typeof routeReport;
  } finally {
    vi.restoreAllMocks();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parity advise', () => {
  it('--eval FILE --route FILE --out DIR writes memo.md and memo.html naming the files it read', async () => {
    const out = path.join(dir, 'memo');
    const code = await run('advise', '--eval', evalFile, '--route', routeFile, ...common, '--hosting', 'api', '--out', out);
    expect(code, io.stderr).toBe(0);
    expect(io.stdout).toMatch(/^Route: Mixtral-8x7B-Instruct-v0\.1 via the \S+ API for/);
    expect(existsSync(path.join(out, 'memo.html'))).toBe(true);
    const markdown = readFileSync(path.join(out, 'memo.md'), 'utf8');
    const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12);
    expect(markdown).toContain(`file ${evalFile} (sha256 ${sha(evalFile)})`);
    expect(markdown).toContain(`route evaluation ${routeFile} (sha256 ${sha(routeFile)})`);
    expect(markdown).toContain(`store ${db}`);
    expect(markdown).toContain('Hosted: API at');
    expect(markdown).not.toContain('[G]');
  });

  it('--run ID --db URL --json prints the memo data; --operating-point picks another point', async () => {
    const code = await run('advise', '--run', runId, '--db', db, '--route', routeFile, ...common, '--operating-point', 'cpt50', '--json');
    expect(code, io.stderr).toBe(0);
    const memo = JSON.parse(io.stdout) as {
      eval: { runId: string; store: string };
      routing: { operatingPoint: { frontierShare: number; costSavings: number } };
      recommendation: { action: string; frontierShare: number };
    };
    expect(memo.eval).toMatchObject({ runId, store: db });
    expect(memo.routing.operatingPoint.frontierShare).toBe(routeReport.router.cpt50);
    expect(memo.routing.operatingPoint.costSavings).toBe(routeReport.router.savingsAtCpt50);
    expect(memo.recommendation.action).toBe('route');
    expect(memo.recommendation.frontierShare).toBe(routeReport.router.cpt50);
  });

  it('--run without --route cross-validates the router on the run itself, as `parity route eval --run` does; --no-route goes without', async () => {
    expect(await run('route', 'eval', '--run', runId, '--db', db, '--weak', ADVISE_MODELS.open.file, '--strong', ADVISE_MODELS.frontier.file, '--json'), io.stderr).toBe(0);
    const own = JSON.parse(io.stdout) as { router: { cpt80: number; savingsAtCpt80: number | null } };
    io.clear();
    expect(await run('advise', '--run', runId, '--db', db, ...common, '--hosting', 'api', '--json'), io.stderr).toBe(0);
    const memo = JSON.parse(io.stdout) as {
      routing: { fromThisRun: boolean; matchesEval: boolean; operatingPoint: { frontierShare: number; costSavings: number | null } };
      sources: Array<{ kind: string; label: string }>;
      recommendation: { action: string };
    };
    expect(memo.routing).toMatchObject({ fromThisRun: true, matchesEval: true });
    expect(memo.routing.operatingPoint.frontierShare).toBe(own.router.cpt80);
    expect(memo.routing.operatingPoint.costSavings).toBe(own.router.savingsAtCpt80);
    expect(memo.sources.find((source) => source.kind === 'route')?.label).toContain(`of eval run ${runId}`);
    io.clear();
    expect(await run('advise', '--run', runId, '--db', db, ...common, '--hosting', 'api', '--no-route', '--json'), io.stderr).toBe(0);
    expect((JSON.parse(io.stdout) as { routing: unknown }).routing).toBeNull();
  });

  it('without a route evaluation an inferior open model keeps the frontier model', async () => {
    const code = await run('advise', '--eval', evalFile, ...common, '--hosting', 'api', '--json');
    expect(code, io.stderr).toBe(0);
    const memo = JSON.parse(io.stdout) as { routing: unknown; quality: { verdict: string }; recommendation: { action: string; frontierShare: number } };
    expect(memo.routing).toBeNull();
    expect(memo.quality.verdict).toBe('inferior');
    expect(memo.recommendation).toMatchObject({ action: 'keep-frontier', frontierShare: 1 });
  });

  it('prints the Markdown to stdout when no output file is named', async () => {
    const code = await run('advise', '--eval', evalFile, '--route', routeFile, ...common, '--hosting', 'api');
    expect(code, io.stderr).toBe(0);
    expect(io.stdout.startsWith('# Decision memo: Mixtral-8x7B-Instruct-v0.1 vs ')).toBe(true);
    expect(io.stdout).toContain('## Sources');
  });

  it.each([
    [['--route', routeFile], 2, /--run ID .* or --eval FILE/],
    [['--run', 'no-such-run', '--db', db], 5, /no eval run "no-such-run"/],
    [['--eval', evalFile, '--operating-point', '1.5'], 2, /--operating-point "1\.5"/],
    [['--eval', evalFile, '--domain', 'poetry'], 2, /--domain/],
    [['--eval', path.join(dir, 'missing.json')], 4, /cannot read the file/],
    [['--eval', routeFile], 4, /not the JSON of `parity eval --json`/],
  ])('fails with one clear line: %j', async (args, exitCode, message) => {
    const code = await run('advise', ...(args as string[]), ...common);
    expect(code).toBe(exitCode);
    expect(io.stderr).toMatch(message as RegExp);
    expect(io.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('asks for the request size when the run recorded no token counts', async () => {
    const report = JSON.parse(readFileSync(evalFile, 'utf8')) as { summary: { models: Array<{ meanInputTokens: number; meanOutputTokens: number }> } };
    for (const model of report.summary.models) {
      model.meanInputTokens = 0;
      model.meanOutputTokens = 0;
    }
    const file = path.join(dir, 'eval-no-tokens.json');
    writeFileSync(file, JSON.stringify(report));
    expect(await run('advise', '--eval', file, ...common, '--hosting', 'api')).toBe(2);
    expect(io.stderr).toMatch(/--input-tokens and --output-tokens/);
    io.clear();
    expect(await run('advise', '--eval', file, ...common, '--hosting', 'api', '--input-tokens', '800', '--output-tokens', '300', '--json'), io.stderr).toBe(0);
    expect(JSON.parse(io.stdout)).toMatchObject({ cost: { workload: { inputTokensPerRequest: 800, outputTokensPerRequest: 300 } } });
  });

  it('--help names the defaults and shows an example', async () => {
    expect(await run('advise', '--help')).toBe(0);
    expect(io.stdout).toContain('--requests-per-day');
    expect(io.stdout).toContain('(default: "cpt80")');
    expect(io.stdout).toContain('(default: "auto")');
    expect(io.stdout).toContain('Examples:');
  });
});
