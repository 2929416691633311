/**
 * The shell code blocks of a Markdown file, with the marker that may precede each: an HTML comment on the line
 * right before the opening fence (blank lines between are allowed),
 *
 *   <!-- readme-test: skip — needs a PostgreSQL server at db -->
 *
 * which the README test honours: the block is shown to a reader as is and not run; the reason is required and is
 * printed by the test. Any other `readme-test:` comment is an error, so a typo never silently skips a block.
 */

export const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);

export interface ShellBlock {
  /** 1-based line of the opening fence. */
  line: number;
  language: string;
  code: string;
  /** Why the block is not run, when a marker says so. */
  skip: string | undefined;
}

export interface MarkerProblem {
  line: number;
  message: string;
}

const MARKER = /^<!--\s*readme-test:\s*(.*?)\s*-->$/;
const SKIP = /^skip\s*(?:[—–:-]\s*)?(.*)$/;

/** Every fenced block of a shell language, in order, and every marker that is malformed or precedes no shell block. */
export function readShellBlocks(markdown: string): { blocks: ShellBlock[]; problems: MarkerProblem[] } {
  const lines = markdown.split('\n');
  const blocks: ShellBlock[] = [];
  const problems: MarkerProblem[] = [];
  let pending: { line: number; skip: string } | undefined;
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index] ?? '';
    const trimmed = text.trim();
    const marker = MARKER.exec(trimmed);
    if (marker) {
      if (pending) problems.push({ line: pending.line, message: 'a readme-test marker not followed by a shell code block' });
      const skip = SKIP.exec(marker[1] ?? '');
      if (!skip) problems.push({ line: index + 1, message: `unknown readme-test marker "${marker[1] ?? ''}" (expected "skip — reason")` });
      else if ((skip[1] ?? '').trim() === '') problems.push({ line: index + 1, message: 'a skip marker needs a reason ("skip — why")' });
      pending = skip ? { line: index + 1, skip: (skip[1] ?? '').trim() } : undefined;
      continue;
    }
    const fence = /^(`{3,}|~{3,})\s*([\w-]*)/.exec(trimmed);
    if (fence) {
      const close = fence[1] ?? '```';
      const language = (fence[2] ?? '').toLowerCase();
      const body: string[] = [];
      const start = index + 1;
      index++;
      while (index < lines.length && !(lines[index] ?? '').trim().startsWith(close)) body.push(lines[index++] ?? '');
      if (SHELL_LANGUAGES.has(language)) {
        blocks.push({ line: start, language, code: body.join('\n'), skip: pending?.skip });
      } else if (pending) {
        problems.push({ line: pending.line, message: `a readme-test marker before a ${language || 'plain'} block, not a shell block` });
      }
      pending = undefined;
      continue;
    }
    if (pending && trimmed !== '') {
      problems.push({ line: pending.line, message: 'a readme-test marker not followed by a shell code block' });
      pending = undefined;
    }
  }
  if (pending) problems.push({ line: pending.line, message: 'a readme-test marker not followed by a shell code block' });
  return { blocks, problems };
}

/** The placeholder a README block may use for "the id the last `parity eval` printed". */
export const RUN_ID_PLACEHOLDER = /\bRUN_ID\b/g;

/** The eval run ids a command printed (`run <id>: N calls`, `— run <id> (completed …`), last one last. */
export function printedRunIds(output: string): string[] {
  return [...output.matchAll(/\brun ([a-z0-9][a-z0-9.-]*-\d{8}-\d{6}-[0-9a-f]{4})\b/g)].map((match) => match[1] ?? '');
}

/**
 * The address the README gives the running gateway (`parity serve --port 8787`): the test serves the README's
 * zero-config gateway on a free port instead (8787 may be taken) and puts its address here.
 */
export const GATEWAY_ADDRESS = /http:\/\/127\.0\.0\.1:8787\b/g;
