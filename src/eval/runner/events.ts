import type { CaseResult } from './types.js';

/** What the runner tells its caller while it works. The library never prints; the CLI renders these. */
export type EvalEvent =
  | { type: 'start'; runId: string; total: number; skipped: number; resumed: boolean }
  | { type: 'result'; result: CaseResult; done: number; total: number; costUsd: number; failures: number }
  | { type: 'retry'; modelRef: string; caseId: string; attempt: number; delayMs: number; reason: string }
  | { type: 'budget-stop'; costUsd: number; maxCostUsd: number }
  | { type: 'finish'; runId: string; done: number; total: number; costUsd: number; status: RunStatus };

export const RUN_STATUSES = ['completed', 'stopped-budget', 'aborted', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
