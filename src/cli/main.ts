import { Command, CommanderError } from 'commander';
import { ParityError } from '../errors.js';
import { COMMANDS } from './commands/index.js';
import { exitCodeFor } from './output.js';

export function buildProgram(): Command {
  const program = new Command('parity')
    .description(
      'Where open-weight LLMs are good enough and where you still need a proprietary one.\n' +
        'Track the open-vs-closed gap per capability domain, evaluate your own suite, route traffic, decide.',
    )
    .version('0.1.0')
    .addHelpText(
      'after',
      '\nExamples (no keys needed; bundled data):\n' +
        '  parity start                 the per-domain open-vs-closed table and an HTML report\n' +
        '  parity start --serve         …then the dashboard at http://127.0.0.1:8787/\n' +
        '  parity eval init             write an example suite to edit, then `parity eval suite.yaml`\n' +
        '  parity <command> --help      options and examples of one command',
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}

/** Runs the CLI and returns the process exit code. Errors become a one-line message, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed help / the usage error
      return error.exitCode;
    }
    if (error instanceof ParityError) {
      process.stderr.write(`parity: ${error.message}\n`);
      return exitCodeFor(error);
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`parity: unexpected error: ${message}\n`);
    if (process.env.PARITY_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    return 70;
  }
}
