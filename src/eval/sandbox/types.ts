/** What running untrusted code in a sandbox produced. */

export const EXECUTION_OUTCOMES = ['passed', 'failed', 'timed-out', 'out-of-memory'] as const;
export type ExecutionOutcome = (typeof EXECUTION_OUTCOMES)[number];

export interface ExecutionResult {
  outcome: ExecutionOutcome;
  /** Process exit code (Python) or undefined (JavaScript worker, or killed). */
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface ExecutionLimits {
  /** Wall-clock limit; the process / worker is killed after it. */
  timeoutMs: number;
  /** Address-space limit (Python) or V8 old-generation heap limit (JavaScript), in MiB. */
  memoryMb: number;
  signal?: AbortSignal;
}

/** Keeps at most `max` characters of captured output, marking the cut. */
export function clip(text: string, max = 16_384): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n…[${text.length - max} more characters]`;
}
