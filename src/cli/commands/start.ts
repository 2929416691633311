/** `parity start` (what `npm start` runs): the convergence report on the bundled data, in the terminal and as HTML. */
import type { Command } from 'commander';
import { loadEciDataset } from '../../catalog/datasets/eci.js';
import { loadEpoch2024Dataset } from '../../catalog/datasets/epoch-2024.js';
import { loadCatalog } from '../../catalog/load.js';
import { buildFullReport } from '../../track/full-report.js';
import { domainTable, eciLine, epochAreaTable, epochPooledLine } from '../../track/report/terminal.js';
import { printJson, renderTable } from '../output.js';
import type { RegisterCommand } from './index.js';
import { writeHtml } from './track.js';

export const DEFAULT_REPORT = 'reports/parity-report.html';

export const register: RegisterCommand = (program: Command) => {
  program
    .command('start')
    .description('Run the main job: `parity track` on the bundled catalog plus the Epoch 2024 and ECI reproductions; print the per-domain table and write the HTML report.')
    .option('--html <file>', 'where to write the report', DEFAULT_REPORT)
    .option('--json', 'print the three reports as one JSON object instead of tables')
    .option('--data-dir <dir>', 'read the catalog and datasets from DIR instead of the bundled data/')
    .addHelpText('after', '\nExamples:\n  npm start\n  parity start --html /tmp/parity.html')
    .action((flags: { html: string; json?: boolean; dataDir?: string }) => {
      const full = buildFullReport({
        catalog: loadCatalog(flags.dataDir),
        epoch2024: loadEpoch2024Dataset(flags.dataDir),
        eci: loadEciDataset(flags.dataDir),
      });
      const written = writeHtml(flags.html, full.html);
      if (flags.json === true) {
        printJson({ track: full.report, epoch2024: full.epoch2024, eci: full.eci });
        process.stderr.write(`report written to ${written}\n`);
        return;
      }
      const table = domainTable(full.report);
      process.stdout.write(`Open vs closed models per domain, as of ${full.report.asOf} (lags in months; + = open behind)\n`);
      process.stdout.write(`${renderTable(table.head, table.rows)}\n`);
      process.stdout.write(`\nReproduction, Epoch AI "How far behind are open models?" (Nov 2024):\n`);
      process.stdout.write(`  ${epochPooledLine(full.epoch2024) ?? 'no threshold lags'}\n`);
      const area = epochAreaTable(full.epoch2024);
      process.stdout.write(`  Area lags (months): ${area.rows.map((row) => `${row[0]} ${row[1]}`).join(', ')}\n`);
      process.stdout.write(`  ${eciLine(full.eci)}\n`);
      process.stdout.write(`\nReport written to ${written} (every figure with its source; open it in a browser).\n`);
    });
};
