import type { Command } from 'commander';
import { register as registerStore } from './store.js';

/** Each command file exports one `register(program)`; add it here. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [registerStore];
