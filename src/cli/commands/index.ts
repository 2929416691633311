import type { Command } from 'commander';
import { register as registerStore } from './store.js';
import { register as registerServe } from './serve.js';
import { register as registerKeys } from './keys.js';
import { register as registerTrack } from './track.js';
import { register as registerStart } from './start.js';
import { register as registerCost } from './cost.js';
import { register as registerLicense } from './license.js';
import { register as registerEval } from './eval.js';
import { register as registerCatalog } from './catalog.js';
import { register as registerRoute } from './route.js';
import { register as registerAdvise } from './advise.js';
import { register as registerWorker } from './worker.js';

/** Each command file exports one `register(program)`; add it here. */
export type RegisterCommand = (program: Command) => void;

/** In the order `parity --help` lists them: the main job first, then track → evaluate → route → decide, then plumbing. */
export const COMMANDS: RegisterCommand[] = [
  registerStart,
  registerTrack,
  registerCatalog,
  registerEval,
  registerRoute,
  registerServe,
  registerKeys,
  registerCost,
  registerLicense,
  registerAdvise,
  registerWorker,
  registerStore,
];
