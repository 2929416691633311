import type { Command } from 'commander';
import { register as registerStore } from './store.js';
import { register as registerServe } from './serve.js';
import { register as registerKeys } from './keys.js';

/** Each command file exports one `register(program)`; add it here. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [registerStore, registerServe, registerKeys];
