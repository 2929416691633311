/** `parity start` (what `npm start` runs): the convergence report on the bundled data, in the terminal and as HTML. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ValidationError } from '../../errors.js';
import { collect } from '../flags.js';
import { isLoopbackHost } from '../loopback-host.js';
import { printJson, printLine, renderTable } from '../output.js';
import { tableWidth, wrapParagraph } from '../table-layout.js';
import type { RegisterCommand } from './index.js';
import { DOMAIN_TABLE_LAYOUT, domainNotes, readClaimsFile, writeHtml } from './track.js';

export const DEFAULT_REPORT = 'reports/parity-report.html';
/** The example claims file shipped with the package; the main job checks it unless --claims names another. */
export const EXAMPLE_CLAIMS = 'examples/claims/open-vs-closed.yaml';
/**
 * The dashboard's DEFAULT_DASHBOARD_PORT, for the help text: the datasets, the reports and the dashboard (which
 * brings the whole gateway) load when the command runs, not with every command.
 */
const DEFAULT_DASHBOARD_PORT = 8787;

export const register: RegisterCommand = (program: Command) => {
  program
    .command('start')
    .description('Run the main job: `parity track` on the bundled catalog plus the Epoch 2024 and ECI reproductions; print the per-domain table and write the HTML report.')
    .option('--html <file>', 'where to write the report', DEFAULT_REPORT)
    .option('--json', 'print the three reports as one JSON object instead of tables')
    .option('--data-dir <dir>', 'read the catalog and datasets from DIR instead of the bundled data/')
    .option('--claims <file>', `headline claims to check in the report (default: the shipped ${EXAMPLE_CLAIMS}; see \`parity track --claims\`)`)
    .option('--serve', 'then serve the web dashboard (and the gateway) until Ctrl-C; `npm start` does this')
    .option('--port <port>', `with --serve: port to listen on (default ${DEFAULT_DASHBOARD_PORT}; 0 picks a free one)`)
    .option('--host <host>', 'with --serve: address to listen on (default 127.0.0.1)')
    .option('--db <url>', 'with --serve: store to show runs and the request log from (default: $PARITY_DATABASE_URL, else .parity/parity.db)')
    .option('--route-evals <dir>', 'with --serve: folder of `parity route eval --json` reports and route policies (default .parity/route-evals)')
    .option(
      '--allow-host <name>',
      'with --serve: accept this Host header name too (repeatable; default: IP addresses, localhost, this machine\'s name)',
      collect,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  npm start\n  parity start --html /tmp/parity.html\n  parity start --serve --port 8080\n' +
        '\nWith --serve and the port taken, it stops and says so: pick another with --port (0 picks a free one).',
    )
    .action(async (flags: StartFlags) => {
      // the table first: the catalog's report prints before the reproductions and the HTML page (its chart
      // library and DOM) are even loaded
      const [{ activeCatalogDir, packageRoot }, { memoizedTrack }, { domainTable }, { parseClaims }] = await Promise.all([
        import('../../catalog/data-location.js'),
        import('../../track/report-memo.js'),
        import('../../track/report/terminal.js'),
        import('../../track/claims/claim-schema.js'),
      ]);
      // the shipped example claims, unless --claims names a file (which must then exist): a bad one stops here
      const shipped = path.join(packageRoot(), EXAMPLE_CLAIMS);
      const claimsPath = flags.claims ?? (existsSync(shipped) ? shipped : undefined);
      const claimsName = flags.claims ?? EXAMPLE_CLAIMS;
      const claims = claimsPath === undefined ? undefined : { file: parseClaims(readClaimsFile(claimsPath), claimsName), name: claimsName };
      // the table from the build's memo of the report when the data is unchanged; the catalog loads after it
      const dataDir = flags.dataDir ?? activeCatalogDir(); // one folder for the table and the report (an update may land meanwhile)
      const report = await memoizedTrack(dataDir);
      if (flags.json !== true) {
        const table = domainTable(report);
        printLine(`Open vs closed models per domain, as of ${report.asOf} (lags in months; + = open behind)`);
        process.stdout.write(`${renderTable(table.head, table.rows, DOMAIN_TABLE_LAYOUT)}\n`);
        for (const note of await domainNotes(report)) printLine(note, '  ');
      }
      const [{ loadCatalog }, { loadEciDataset }, { loadEpoch2024Dataset }, { buildFullReport }, { eciLine, epochAreaTable, epochPooledLine }] = await Promise.all([
        import('../../catalog/load.js'),
        import('../../catalog/datasets/eci.js'),
        import('../../catalog/datasets/epoch-2024.js'),
        import('../../track/full-report.js'),
        import('../../track/report/terminal.js'),
      ]);
      const full = buildFullReport({
        catalog: loadCatalog(dataDir),
        report,
        epoch2024: loadEpoch2024Dataset(flags.dataDir),
        eci: loadEciDataset(flags.dataDir),
        ...(claims === undefined ? {} : { claims }),
      });
      const written = writeHtml(flags.html, full.html);
      if (flags.json === true) {
        printJson({ track: full.report, epoch2024: full.epoch2024, eci: full.eci, claims: full.claims });
        process.stderr.write(`report written to ${written}\n`);
        if (flags.serve === true) await serveDashboard(flags);
        return;
      }
      printLine(`\nReproduction, Epoch AI "How far behind are open models?" (Nov 2024):`);
      printLine(epochPooledLine(full.epoch2024) ?? 'no threshold lags', '  ');
      const area = epochAreaTable(full.epoch2024);
      printLine(`Area lags (months): ${area.rows.map((row) => `${row[0]} ${row[1]}`).join(', ')}`, '  ');
      printLine(eciLine(full.eci), '  ');
      if (full.claims !== null) {
        const { holds, doesNotHold, notEnoughData } = full.claims.counts;
        printLine(`\nClaims in ${full.claims.file}: ${holds} hold, ${doesNotHold} do not hold, ${notEnoughData} without enough data (verdicts and figures in the report; \`parity track --claims FILE\` for a table).`);
      }
      printLine(`\nReport written to ${written} (every figure with its source; open it in a browser).`);
      if (flags.serve === true) await serveDashboard(flags);
    });
};

interface StartFlags {
  html: string;
  json?: boolean;
  dataDir?: string;
  claims?: string;
  serve?: boolean;
  port?: string;
  host?: string;
  db?: string;
  routeEvals?: string;
  allowHost?: string[];
}

/** `--serve`: the dashboard and the gateway on the bundled data until SIGINT/SIGTERM. */
async function serveDashboard(flags: StartFlags): Promise<void> {
  const port = flags.port === undefined ? undefined : Number(flags.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    throw new ValidationError(`--port ${flags.port}: expected a port number 0–65535`, '--port');
  }
  const [{ LOCAL_UPSTREAM, startDashboardServer }, { explainListenError }] = await Promise.all([
    import('../../dashboard/serve-dashboard.js'),
    import('../../gateway/http/listen-error.js'),
  ]);
  const server = await startDashboardServer({
    ...(port === undefined ? {} : { port }),
    ...(flags.host === undefined ? {} : { host: flags.host }),
    ...(flags.db === undefined ? {} : { storeUrl: flags.db, storeOrigin: '--db' }),
    ...(flags.allowHost === undefined ? {} : { allowedHosts: flags.allowHost }),
    ...(flags.routeEvals === undefined ? {} : { routeEvalsDir: flags.routeEvals }),
    ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
    onEvent: (event) => {
      if (event.type === 'write-error' || event.type === 'handler-error') {
        process.stderr.write(`parity start: ${event.type}: ${event.error instanceof Error ? event.error.message : String(event.error)}\n`);
      }
    },
    onError: (error) => process.stderr.write(`parity start: dashboard error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
  }).catch((error: unknown) => {
    throw explainListenError(error, { port: '--port', host: '--host' });
  });
  const out = flags.json === true ? process.stderr : process.stdout;
  const say = (text: string, indent = '') => out.write(`${wrapParagraph(text, { indent, width: tableWidth(out) })}\n`);
  out.write('\n');
  say(`Dashboard: ${server.url}/  (Ctrl-C to stop)`);
  say(`store ${server.storeLocation}; route evaluations from ${server.routeEvalsDir}`, '  ');
  say(`OpenAI-compatible gateway at ${server.url}/v1 (models as ${LOCAL_UPSTREAM.name}/<model>, sent to ${LOCAL_UPSTREAM.baseUrl} if a server runs there)`, '  ');
  if (flags.host !== undefined && !isLoopbackHost(flags.host)) {
    process.stderr.write(`parity start: warning: listening on ${flags.host} with no authentication: anyone who can reach this port can read the dashboard (eval outputs, request log) and use the gateway; for a shared deployment use \`parity serve --config\` with virtual keys\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      void server.close().then(resolve, resolve);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
