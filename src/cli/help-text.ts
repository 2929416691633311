/**
 * `--help` that fits the terminal (COLUMNS, else the terminal's columns, else 80). Commander wraps what it lays
 * out (usage, options) at that width; the rest is written by the commands as text, so it is fitted here:
 * a description's hard line breaks inside a paragraph become spaces (so commander wraps it evenly), and the
 * sections after the options are re-laid out — prose reflowed by paragraph, an example command line too long
 * broken at spaces with shell continuations (`\`), its `# comment` moved under it, a "term   description" line
 * wrapped under its description column. A line that fits is left as it was written.
 */
import { Command, type AddHelpTextContext, type AddHelpTextPosition } from 'commander';
import { terminalWidth, wrapParagraph } from './table-layout.js';

/** The width help is written for: COLUMNS, else the terminal's columns, else commander's 80. */
export const DEFAULT_HELP_WIDTH = 80;

export function helpWidth(stream: NodeJS.WriteStream = process.stdout): number {
  return terminalWidth(stream) ?? DEFAULT_HELP_WIDTH;
}

const widthOf = (text: string): number => [...text].length;

/** One paragraph per blank-line-separated block: a single line break inside a paragraph is a space. */
export function reflowDescription(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.split('\n').map((line) => line.trim()).join(' '))
    .join('\n\n');
}

/** Words split at spaces outside single and double quotes (a quoted argument stays one word). */
function shellWords(code: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const char of code) {
    if (quote !== undefined) {
      current += char;
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
      current += char;
    } else if (char === ' ') {
      if (current !== '') words.push(current);
      current = '';
    } else current += char;
  }
  if (current !== '') words.push(current);
  return words;
}

/** The index where a gap of two or more spaces outside quotes starts a second column, or -1. */
function columnGap(code: string): number {
  let quote: string | undefined;
  for (let index = 0; index < code.length - 1; index++) {
    const char = code[index]!;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === ' ' && code[index + 1] === ' ' && code.slice(index).trim() !== '') return index;
  }
  return -1;
}

/** The units a command line breaks between: words, an option kept with its value (`--limit 20`). */
function commandUnits(code: string): string[][] {
  const words = shellWords(code);
  const units: string[][] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    const next = words[index + 1];
    if (/^--?[a-z][\w-]*$/i.test(word) && next !== undefined && !next.startsWith('-') && next !== '|') {
      units.push([word, next]);
      index++;
    } else units.push([word]);
  }
  return units;
}

/** A shell command line broken at spaces to `width`, continued with ` \`, its continuation lines indented further. */
function wrapCommand(indent: string, code: string, width: number, continuation: boolean): string[] {
  const continued = code.endsWith(' \\');
  const more = continuation ? indent : `${indent}    `;
  const lines: string[] = [];
  let line = indent;
  const place = (text: string) => {
    const start = line.trim() === '';
    if (!start && widthOf(line) + 1 + widthOf(text) + 2 > width) {
      lines.push(`${line} \\`);
      line = `${more}${text}`;
    } else line = start ? `${line}${text}` : `${line} ${text}`;
  };
  for (const unit of commandUnits(continued ? code.slice(0, -2) : code)) {
    const text = unit.join(' ');
    // an option and its value share a line when they fit on one; else they break like any two words
    if (unit.length > 1 && widthOf(more) + widthOf(text) + 2 > width) for (const word of unit) place(word);
    else place(text);
  }
  lines.push(continued ? `${line} \\` : line);
  return lines;
}

/** A comment under the command it explains, at `indent`, wrapped as comment lines. */
function wrapComment(indent: string, comment: string, width: number): string[] {
  return wrapParagraph(comment, { indent: `${indent}# `, hang: '', width }).split('\n');
}

/**
 * One indented line that does not fit: a command (with a comment), a term with its description, or prose.
 * `continuation`: the line before ended with ` \`, so this one continues a command.
 */
function fitIndented(line: string, width: number, continuation: boolean): string[] {
  const indent = /^\s*/.exec(line)![0];
  const content = line.slice(indent.length);
  const commentAt = content.search(/\s#\s/);
  const code = commentAt < 0 ? content : content.slice(0, commentAt).trimEnd();
  const comment = commentAt < 0 ? undefined : content.slice(commentAt).trim().replace(/^#\s*/, '');
  const gap = continuation ? -1 : columnGap(code);
  if (gap >= 0) {
    // "term      description": the description wraps under its own column, or under the term when that is too narrow
    const term = code.slice(0, gap);
    const column = indent.length + gap + code.slice(gap).search(/\S/);
    const description = code.slice(gap).trim();
    if (width - column >= 30) {
      const [first = '', ...rest] = wrapParagraph(description, { hang: '', width: width - column }).split('\n');
      return [`${indent}${code.slice(0, column - indent.length)}${first}`, ...rest.map((part) => `${' '.repeat(column)}${part}`)];
    }
    return [`${indent}${term}`, ...wrapParagraph(description, { indent: `${indent}    `, hang: '', width }).split('\n')];
  }
  const commandLine = /^(?:[A-Z_][A-Z0-9_]*=\S+\s+)*(?:parity|npx|npm|echo|node|curl)\b/.test(code);
  if (!commandLine && !continuation) return wrapParagraph(content, { indent, hang: '', width }).split('\n');
  const lines = wrapCommand(indent, code, width, continuation);
  if (comment === undefined) return lines;
  const last = lines.at(-1)!;
  if (!last.endsWith('\\') && widthOf(last) + 5 + widthOf(comment) <= width) return [...lines.slice(0, -1), `${last}   # ${comment}`];
  return [...lines, ...wrapComment(`${indent}    `, comment, width)];
}

/** A list item, a labelled line ("Exit codes: …", "Then: …") or a line after a colon starts a new paragraph. */
const startsParagraph = (line: string, previous: string | undefined): boolean =>
  previous === undefined || /^(?:[-*•]\s|\d+[.)]\s|[A-Z][\w -]{0,30}:\s)/.test(line) || /:$/.test(previous.trimEnd());

/** A help section (the text after the options) fitted to `width`; lines that fit stay as written. */
export function fitHelpText(text: string, width: number = helpWidth()): string {
  if (!Number.isFinite(width)) return text;
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length === 0) return;
    const fits = paragraph.every((line) => widthOf(line) <= width);
    out.push(...(fits ? paragraph : wrapParagraph(paragraph.join(' '), { hang: '', width }).split('\n')));
    paragraph = [];
  };
  let continuation = false;
  for (const line of text.split('\n')) {
    const continues = continuation;
    continuation = line.endsWith(' \\');
    if (line.trim() === '' || /^\s/.test(line)) {
      flush();
      if (line.trim() === '' || widthOf(line) <= width) out.push(line);
      else out.push(...fitIndented(line, width, continues));
      continue;
    }
    if (startsParagraph(line, paragraph.at(-1))) flush();
    paragraph.push(line);
  }
  flush();
  return out.join('\n');
}

/**
 * A commander Command whose help fits the terminal: its subcommands are of the same kind, every text section
 * (`addHelpText`) is fitted at the width when the help is written, descriptions are reflowed by paragraph, and
 * commander lays out usage and options at the same width (it reads no COLUMNS by itself).
 */
export class FittedHelpCommand extends Command {
  constructor(name?: string) {
    super(name);
    this.configureOutput({ getOutHelpWidth: () => helpWidth(process.stdout), getErrHelpWidth: () => helpWidth(process.stderr) });
    this.configureHelp({ commandDescription: (command) => reflowDescription(command.description()) });
  }

  override createCommand(name?: string): Command {
    return new FittedHelpCommand(name);
  }

  override addHelpText(position: AddHelpTextPosition, text: string | ((context: AddHelpTextContext) => string)): this {
    if (typeof text !== 'string') return super.addHelpText(position, text);
    return super.addHelpText(position, (context) => fitHelpText(text, helpWidth(context.error ? process.stderr : process.stdout)));
  }
}
