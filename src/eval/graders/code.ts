import { z } from 'zod';
import { runJavaScript } from '../sandbox/javascript.js';
import { sharedSandboxLimiter } from '../sandbox/limiter.js';
import { runPython } from '../sandbox/python.js';
import type { ExecutionResult } from '../sandbox/types.js';
import { definesFunction, extractCode } from './code-extract.js';
import type { Grader } from './types.js';

/**
 * Runs the model's code against tests (HumanEval / MBPP style). The program is
 * `preamble + (prefix, when the code does not define entryPoint) + code + harness`; it passes when it exits
 * cleanly. Python runs in a guarded subprocess, JavaScript in a worker thread (see src/eval/sandbox).
 */
export const codeConfigSchema = z.object({
  type: z.literal('code'),
  language: z.enum(['python', 'javascript']).default('python'),
  harness: z.string().default('').describe('Test code run after the candidate (asserts; e.g. `check(f)`).'),
  preamble: z.string().default('').describe('Code always placed before the candidate (imports).'),
  prefix: z.string().default('').describe('Code placed before the candidate when it does not define `entryPoint` (e.g. the function signature for a body-only answer).'),
  entryPoint: z.string().min(1).optional(),
  extract: z.boolean().default(true).describe('Take the code from a Markdown fence when the output has one.'),
  timeoutMs: z.number().int().positive().max(600_000).default(10_000),
  memoryMb: z.number().int().min(32).max(16_384).default(1024),
  python: z.string().min(1).default('python3').describe('Python interpreter command.'),
  sitePackages: z.boolean().default(false).describe('Let Python import third-party packages (site-packages); default: standard library only.'),
});
export type CodeConfig = z.output<typeof codeConfigSchema>;

/** The program that will run for an output, without running it. */
export function assembleProgram(text: string, config: CodeConfig): string {
  const code = config.extract ? extractCode(text, config.language, config.entryPoint) : text;
  const needsPrefix = config.entryPoint !== undefined && config.prefix !== '' && !definesFunction(code, config.entryPoint, config.language);
  // A body-only answer continues the prefix directly (HumanEval prompts end with the docstring and a newline).
  const body = needsPrefix ? config.prefix + code : code;
  return [config.preamble, body, config.harness].filter((part) => part !== '').join('\n\n');
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines.at(-1) ?? '').trim().slice(0, 300);
}

export const gradeCode: Grader<CodeConfig> = async (input, config, context) => {
  const program = assembleProgram(input.text, config);
  const limiter = context.limiter ?? sharedSandboxLimiter;
  const limits = { timeoutMs: config.timeoutMs, memoryMb: config.memoryMb, signal: context.signal };
  const result: ExecutionResult = await limiter.run(() =>
    config.language === 'python' ? runPython(program, { ...limits, python: config.python, sitePackages: config.sitePackages }) : runJavaScript(program, limits),
  );
  const details = { outcome: result.outcome, durationMs: Math.round(result.durationMs), stderr: result.stderr.slice(-2000) };
  const pass = result.outcome === 'passed';
  const reason = pass
    ? 'tests passed'
    : result.outcome === 'timed-out'
      ? `timed out after ${config.timeoutMs} ms`
      : result.outcome === 'out-of-memory'
        ? `exceeded ${config.memoryMb} MiB`
        : `tests failed: ${lastLine(result.stderr) || `exit code ${String(result.exitCode)}`}`;
  return { pass, score: pass ? 1 : 0, reason, details };
};
