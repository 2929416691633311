import type { CaseResult } from '../records/case-result.js';
import type { RunStatus } from '../records/run-status.js';

/**
 * What the runner tells its caller while it works. The library never prints; the CLI renders these. Money is
 * the run's spend: what its calls cost, over every invocation of the run (`priorUsd` is what earlier ones spent).
 */
export type EvalEvent =
  | { type: 'start'; runId: string; total: number; skipped: number; resumed: boolean; priorUsd: number; maxCostUsd: number | null }
  | { type: 'result'; result: CaseResult; done: number; total: number; spentUsd: number; failures: number; errors: number }
  | { type: 'retry'; modelRef: string; caseId: string; attempt: number; delayMs: number; reason: string }
  | { type: 'budget-stop'; spentUsd: number; maxCostUsd: number }
  | { type: 'finish'; runId: string; done: number; total: number; spentUsd: number; errors: number; status: RunStatus };
