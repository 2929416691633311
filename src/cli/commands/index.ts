import type { Command } from 'commander';

/** Each command file exports one `register(program)` that adds its command (options, subcommands, action). */
export type RegisterCommand = (program: Command) => void;

export interface CommandEntry {
  /** The command's name, as typed after `parity`. */
  name: string;
  /** Its line in `parity --help` (the command's own `--help` shows its description). */
  summary: string;
  /** Loads the command's module; only the command being run is loaded, so start-up stays fast. */
  load: () => Promise<{ register: RegisterCommand }>;
}

/**
 * In the order `parity --help` lists them: the main job first, then track → evaluate → route → decide, then
 * plumbing. Add a command here with its summary and a loader of its file.
 */
export const COMMANDS: CommandEntry[] = [
  { name: 'start', summary: 'The main job: per-domain open-vs-closed table and HTML report (--serve: dashboard)', load: () => import('./start.js') },
  { name: 'track', summary: 'How far open-weight models trail proprietary ones, per domain: gap, lag, trend', load: () => import('./track.js') },
  { name: 'catalog', summary: 'Browse the bundled catalog: models, prices and benchmark results, with sources', load: () => import('./catalog.js') },
  { name: 'data', summary: 'Keep the catalog current: fetch the public sources (update), see their dates (status)', load: () => import('./data.js') },
  { name: 'watch', summary: 'What crossed a line since the last report (open model at the frontier, lag, price); exit 10', load: () => import('./watch.js') },
  { name: 'eval', summary: 'Run an eval suite or standard benchmark against models; grade and compare open vs proprietary', load: () => import('./eval.js') },
  { name: 'route', summary: 'Learned routing: measure a router on judgement data or eval runs, train a policy, try it', load: () => import('./route.js') },
  { name: 'serve', summary: 'Run the OpenAI-compatible gateway (routing, fallbacks, keys, budgets, logs)', load: () => import('./serve.js') },
  { name: 'keys', summary: "Manage the gateway's virtual keys: budgets and rate limits", load: () => import('./keys.js') },
  { name: 'cost', summary: 'Compare API and self-hosting cost for a workload: $/Mtok, break-even, sensitivity', load: () => import('./cost.js') },
  { name: 'license', summary: "Check whether a model's licence allows your use, quoting the clause", load: () => import('./license.js') },
  { name: 'advise', summary: 'Write a decision memo: which open model, hosted how, what share to route, cost and licence', load: () => import('./advise.js') },
  { name: 'worker', summary: 'Run queued eval cases from Redis (distributed `parity eval --queue`)', load: () => import('./worker.js') },
  { name: 'store', summary: 'Manage where parity keeps runs, keys and request logs (SQLite or Postgres)', load: () => import('./store.js') },
];
