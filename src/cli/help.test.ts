/**
 * Every command and subcommand of the CLI has `--help` with an "Examples:" section, and every example names
 * only options its command has. The test walks commander's command tree, so a command added later is held to
 * the same rule.
 */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './main.js';

function walk(command: Command, path: string[] = []): Array<{ path: string[]; command: Command }> {
  const here = { path, command };
  return [here, ...command.commands.flatMap((child) => walk(child, [...path, child.name()]))];
}

/** The full `--help` output of a command: commander's text plus every addHelpText section. */
function helpOf(command: Command): string {
  let text = '';
  const capture = { writeOut: (chunk: string) => (text += chunk), writeErr: (chunk: string) => (text += chunk) };
  for (let current: Command | null = command; current !== null; current = current.parent) current.configureOutput(capture);
  command.outputHelp();
  return text;
}

/** The example command lines of a help text: the indented lines after "Examples:", continuations joined. */
function exampleLines(help: string): string[] {
  const start = help.indexOf('\nExamples');
  if (start < 0) return [];
  const lines: string[] = [];
  let pending = '';
  for (const line of help.slice(start + 1).split('\n').slice(1)) {
    if (line.trim() === '') continue;
    if (pending === '' && !/^\s/.test(line)) break; // the next section
    const code = line.replace(/\s#\s.*$/, '').trim();
    pending = pending === '' ? code : `${pending} ${code}`;
    if (pending.endsWith('\\')) pending = pending.slice(0, -1).trim();
    else {
      lines.push(pending);
      pending = '';
    }
  }
  return lines;
}

/** The subcommand an example line runs and the long options it passes (`parity keys create --name x` → keys create). */
function resolveExample(program: Command, line: string): { command: Command; flags: string[] } | undefined {
  const tokens = line.split(/\s+/);
  const at = tokens.findIndex((token) => token === 'parity' || token.endsWith('/parity.js'));
  if (at < 0) return undefined;
  let command = program;
  let index = at + 1;
  for (; index < tokens.length; index += 1) {
    const child = command.commands.find((candidate) => candidate.name() === tokens[index] || candidate.aliases().includes(tokens[index] ?? ''));
    if (child === undefined) break;
    command = child;
  }
  const flags = tokens.slice(index).filter((token) => /^--[a-z]/.test(token)).map((token) => token.split('=')[0] ?? token);
  return { command, flags };
}

/** The long options a command takes (`--no-x` also as `--x`), with --help and --version. */
function knownFlags(command: Command): Set<string> {
  return new Set(['--help', '--version', ...command.options.flatMap((option) => [option.long ?? '', option.negate ? (option.long ?? '').replace(/^--no-/, '--') : ''])]);
}

function fullName(command: Command): string {
  return command.parent === null ? command.name() : `${fullName(command.parent)} ${command.name()}`;
}

const program = await buildProgram();
const commands = walk(program);

describe('parity --help', () => {
  it('walks a tree with the commands the README documents', () => {
    const names = commands.map((entry) => entry.path.join(' '));
    for (const name of ['catalog list', 'catalog show', 'catalog search', 'catalog doctor', 'keys create', 'keys list', 'keys revoke', 'store info', 'store copy', 'store migrate', 'eval', 'route eval', 'serve', 'start', 'track']) {
      expect(names).toContain(name);
    }
  });

  it.each(commands.map((entry) => [entry.path.length === 0 ? 'parity' : `parity ${entry.path.join(' ')}`, entry.command] as const))(
    '%s --help has an Examples section whose examples use only its options',
    (name, command) => {
      const help = helpOf(command);
      expect(help, `${name} --help`).toMatch(/\nExamples[^\n]*:\n/);
      const examples = exampleLines(help);
      expect(examples.length, `${name}: examples`).toBeGreaterThan(0);
      for (const example of examples) {
        const resolved = resolveExample(program, example);
        if (resolved === undefined) continue; // e.g. `npm start`
        const known = knownFlags(resolved.command);
        for (const flag of resolved.flags) expect(known, `${name}: "${example}" passes ${flag}, which \`${fullName(resolved.command)}\` does not have`).toContain(flag);
      }
    },
  );

  it('lists every command with the same summary whether it loads one command or all', async () => {
    const lazy = await buildProgram(['node', 'parity', '--help']);
    const listing = (root: Command) => root.commands.map((command) => [command.name(), command.summary()]);
    expect(listing(lazy)).toEqual(listing(program));
    for (const [name, summary] of listing(program)) {
      expect(summary, name).not.toBe('');
      expect(helpOf(lazy).replace(/\s+/g, ' ')).toContain(`${name} ${summary}`);
    }
    const one = await buildProgram(['node', 'parity', 'catalog', 'show', 'x']);
    const loaded = one.commands.filter((command) => command.commands.length > 0 || command.options.length > 0).map((command) => command.name());
    expect(loaded).toEqual(['catalog']);
    const helpOfEval = await buildProgram(['node', 'parity', 'help', 'eval']);
    expect(helpOfEval.commands.find((command) => command.name() === 'eval')?.options.length).toBeGreaterThan(5);
  });

  it.each([80, 100])('every line of every --help fits %i columns when COLUMNS says so, and its examples still read whole', (columns) => {
    const saved = process.env.COLUMNS;
    process.env.COLUMNS = String(columns);
    try {
      for (const { path, command } of commands) {
        const help = helpOf(command);
        const name = path.length === 0 ? 'parity' : `parity ${path.join(' ')}`;
        const long = help.split('\n').filter((line) => [...line].length > columns);
        expect(long, `${name} --help at COLUMNS=${columns}`).toEqual([]);
        // the wrapped examples are the same commands: continuations join, every flag is still the command's
        for (const example of exampleLines(help)) {
          const resolved = resolveExample(program, example);
          if (resolved === undefined) continue;
          const known = knownFlags(resolved.command);
          for (const flag of resolved.flags) expect(known, `${name}: "${example}"`).toContain(flag);
        }
      }
    } finally {
      if (saved === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = saved;
    }
  });

  it('has no hard line break in an option description (commander wraps them to the terminal; a break of ours splits a line in two)', () => {
    const broken = commands.flatMap(({ path, command }) =>
      command.options.filter((option) => option.description.includes('\n')).map((option) => `parity ${path.join(' ')} ${option.long ?? option.flags}`),
    );
    expect(broken).toEqual([]);
  });

  it('reads the example lines of a help text, with continuations and comments', () => {
    const help = 'Usage: x\n\nExamples:\n  parity eval a.yaml --html r.html   # a report\n  parity route eval --judgments j.csv \\\n    --weak a --strong b\n\nMore text.\n';
    expect(exampleLines(help)).toEqual(['parity eval a.yaml --html r.html', 'parity route eval --judgments j.csv --weak a --strong b']);
    expect(exampleLines('Usage: x\n')).toEqual([]);
  });
});
