/**
 * External leaderboards and paper results as collected by Epoch AI (`external/external_benchmark_*.csv`).
 * One headline column per table (listed below); only rows that name an Epoch model version are taken — rows
 * naming an agent scaffold or a research system without a model version cannot be attributed to a model.
 * A row's date is the model version's release date from Epoch's own tables, else the matched model's.
 */
import type { ImportContext, SourceOutput } from './context.js';
import { emptyOutput } from './context.js';
import type { SourceRow } from './source-files.js';

export const EPOCH_EXTERNAL = 'epoch/external/';
const FOLDER = 'epoch/external';
const SOURCE = 'epoch-external';
const SNAPSHOT = '2025-12-03';

interface Column {
  benchmark: string;
  column: string;
  /** share: a share in [0,1] read from "42%" or a percentage number; number: taken as written. */
  kind: 'share-percent' | 'share-auto' | 'number';
  interval?: (row: SourceRow, score: number) => { ciLow: number | null; ciHigh: number | null };
}

interface Table {
  file: string;
  columns: Column[];
}

const share = (benchmark: string, column: string): Column => ({ benchmark, column, kind: 'share-auto' });
const percent = (benchmark: string, column: string): Column => ({ benchmark, column, kind: 'share-percent' });

/** "+7.54 / -11.68" → [score − 11.68, score + 7.54]. */
function plusMinus(text: string, score: number): { ciLow: number | null; ciHigh: number | null } {
  const match = /\+\s*([\d.]+)\s*\/\s*-\s*([\d.]+)/.exec(text);
  if (!match) return { ciLow: null, ciHigh: null };
  return { ciLow: score - Number(match[2]), ciHigh: score + Number(match[1]) };
}

export const EXTERNAL_TABLES: Table[] = [
  { file: 'aider_polyglot', columns: [percent('aider-polyglot', 'Percent correct')] },
  { file: 'anli', columns: [share('anli', 'Score')] },
  { file: 'arc_agi', columns: [share('arc-agi', 'Score')] },
  { file: 'arc_ai2', columns: [share('arc-challenge', 'Challenge score')] },
  { file: 'balrog', columns: [share('balrog', 'Average progress')] },
  { file: 'bbh', columns: [share('bbh', 'Average')] },
  { file: 'boolq', columns: [share('boolq', 'Score')] },
  { file: 'cadeval', columns: [share('cadeval', 'Overall pass (%)')] },
  { file: 'csqa2', columns: [share('csqa2', 'Score')] },
  { file: 'cybench', columns: [share('cybench', 'Unguided % Solved')] },
  { file: 'deepresearch', columns: [share('deepresearch-bench', 'Average score')] },
  { file: 'factorio_learning_environment', columns: [share('factorio', 'Lab Success %')] },
  { file: 'fictionlivebench', columns: [share('fictionlivebench-120k', '120k token score'), share('fictionlivebench-32k', '32k token score')] },
  { file: 'geobench', columns: [share('geobench', 'ACW Country %')] },
  { file: 'gsm8k', columns: [share('gsm8k', 'EM')] },
  { file: 'gso_bench', columns: [share('gso-bench', 'Score OPT@1')] },
  { file: 'hellaswag', columns: [share('hellaswag', 'Overall accuracy')] },
  { file: 'lambada', columns: [share('lambada', 'Score')] },
  {
    file: 'livebench',
    columns: [
      percent('livebench-reasoning', 'Reasoning average'),
      percent('livebench-coding', 'Coding average'),
      percent('livebench-math', 'Mathematics average'),
      percent('livebench-data-analysis', 'Data analysis average'),
      percent('livebench-language', 'Language average'),
      percent('livebench-if', 'IF Average'),
    ],
  },
  {
    file: 'metr',
    columns: [
      {
        benchmark: 'metr-time-horizon',
        column: 'Time horizon',
        kind: 'number',
        interval: (row) => ({ ciLow: row.number('CI_low'), ciHigh: row.number('CI_high') }),
      },
    ],
  },
  { file: 'mmlu', columns: [share('mmlu', 'EM')] },
  { file: 'openbookqa', columns: [share('openbookqa', 'Accuracy')] },
  { file: 'os_world', columns: [percent('os-world', 'Score')] },
  { file: 'osuniverse', columns: [share('osuniverse', 'Weighted Score')] },
  { file: 'piqa', columns: [share('piqa', 'Score')] },
  { file: 'scienceqa', columns: [share('scienceqa', 'Score')] },
  { file: 'simple_bench', columns: [share('simplebench', 'Score (AVG@5)')] },
  { file: 'superglue', columns: [share('superglue', 'Score')] },
  {
    file: 'terminal_bench',
    columns: [
      {
        benchmark: 'terminal-bench',
        column: 'Accuracy mean',
        kind: 'share-auto',
        interval: (row, score) => {
          const se = row.share('Accuracy SE', 'auto');
          return se === null ? { ciLow: null, ciHigh: null } : { ciLow: Math.max(0, score - 1.96 * se), ciHigh: Math.min(1, score + 1.96 * se) };
        },
      },
    ],
  },
  { file: 'the_agent_company', columns: [share('the-agent-company', '% Score')] },
  { file: 'triviaqa', columns: [share('triviaqa', 'EM')] },
  { file: 'videomme', columns: [share('videomme', 'Overall (no subtitles)')] },
  { file: 'vpct', columns: [share('vpct', 'Correct')] },
  {
    file: 'webdevarena',
    columns: [{ benchmark: 'webdevarena', column: 'Arena Score', kind: 'number', interval: (row, score) => plusMinus(row.text('Score 95% CI'), score) }],
  },
  { file: 'weirdml', columns: [share('weirdml', 'Accuracy')] },
  { file: 'winogrande', columns: [share('winogrande', 'Accuracy')] },
];

export function importEpochExternal(context: ImportContext, versionDates: ReadonlyMap<string, string>): SourceOutput {
  const out = emptyOutput();
  for (const table of EXTERNAL_TABLES) {
    const file = `${FOLDER}/external_benchmark_${table.file}.csv`;
    const rows = context.folder.csv(file, ['Model version', ...table.columns.map((column) => column.column)]);
    for (const row of rows) {
      const version = row.text('Model version');
      if (version === '') continue;
      const releaseDate = row.date('Release date') ?? versionDates.get(version) ?? null;
      if (table.file === 'webdevarena') {
        // WebDev Arena rows carry the model's organisation and release date: facts for the catalog
        out.facts.push({
          source: SOURCE,
          name: version,
          lab: context.labs.forOrganization(row.text('Organization')),
          releaseDate,
          create: false,
        });
      }
      for (const column of table.columns) {
        const score =
          column.kind === 'number'
            ? row.number(column.column)
            : row.share(column.column, column.kind === 'share-percent' ? 'percent' : 'auto');
        if (score === null) continue;
        const interval = column.interval?.(row, score) ?? { ciLow: null, ciHigh: null };
        out.results.push({
          source: SOURCE,
          modelName: version,
          benchmark: column.benchmark,
          score,
          ciLow: interval.ciLow,
          ciHigh: interval.ciHigh,
          date: releaseDate,
          fallbackDate: context.asOf ?? SNAPSHOT,
          sourceRow: `external_benchmark_${table.file}.csv row ${row.row}`,
        });
      }
    }
  }
  return out;
}
