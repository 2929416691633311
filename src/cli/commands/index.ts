import type { Command } from 'commander';

/** Each command file exports one `register(program)`; add it here. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [];
