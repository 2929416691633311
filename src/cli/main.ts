import { type Command, CommanderError } from 'commander';
import { ParityError } from '../errors.js';
import { COMMANDS, type CommandEntry } from './commands/index.js';
import { FittedHelpCommand } from './help-text.js';
import { exitCodeFor } from './output.js';
import { setWideTables, terminalWidth, wrapParagraph } from './table-layout.js';

/**
 * The command `argv` runs (`parity catalog show x` → catalog; `parity help eval` → eval), or undefined when it
 * names none: the root help, a root option, or an unknown command.
 */
function requestedCommand(argv: readonly string[]): CommandEntry | undefined {
  const words = argv.slice(2).filter((word) => !word.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((entry) => entry.name === name);
}

/**
 * The CLI's command tree. With `argv`, only the command it runs is loaded (each command's module imports its
 * libraries); the others are listed by name and summary, which is all `parity --help` shows. Without `argv`,
 * every command is loaded in full (tests and tools that walk the tree).
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new FittedHelpCommand('parity')
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
    .option('--wide', 'print tables at full width (default: fit the terminal, COLUMNS, or 100 columns when not a terminal)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .hook('preAction', (command) => setWideTables(command.opts<{ wide?: boolean }>().wide === true));
  const requested = argv === undefined ? undefined : requestedCommand(argv);
  for (const entry of COMMANDS) {
    if (argv === undefined || entry === requested) {
      const { register } = await entry.load();
      register(program);
      const command = program.commands.at(-1);
      if (command?.name() !== entry.name) throw new Error(`src/cli/commands: the module of \`${entry.name}\` registered ${command === undefined ? 'nothing' : `\`${command.name()}\``}`);
      command.summary(entry.summary);
    } else {
      // listed in the root help; never run (its name sends argv to the branch above)
      program.command(entry.name).summary(entry.summary).helpOption(false).allowUnknownOption().allowExcessArguments();
    }
  }
  return program;
}

/** Runs the CLI and returns the process exit code. Errors become a one-line message, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  // a reader that stops early (`parity catalog list | head`) ends the output, as SIGPIPE would; not an error
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed the help (exit 0) or the usage error: a usage error exits 2, as a wrong flag's
      // value does, never 1 (which `parity eval` keeps for "a suite threshold failed")
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof ParityError) {
      // wrapped to a terminal's width; one line to a pipe or a file (for grep and logs)
      process.stderr.write(`${wrapParagraph(`parity: ${error.message}`, { width: terminalWidth(process.stderr) ?? Number.POSITIVE_INFINITY })}\n`);
      return exitCodeFor(error);
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`parity: unexpected error: ${message}\n`);
    if (process.env.PARITY_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    return 70;
  }
}
