/** Where an eval run stands: one list for the runner, the store, the CLI and the dashboard. */
import { z } from 'zod';

export const RUN_STATUSES = [
  /** started and not finished: still going, or interrupted (Ctrl-C, a crash) — `--resume` continues it */
  'running',
  /** every call was made, and errors stayed within the allowed share */
  'completed',
  /** every call was made, but more of them ended in an error than allowed (or none was answered): no verdict */
  'incomplete',
  /** `--max-cost` was reached before every call was made */
  'stopped-budget',
  /** interrupted in this invocation (the stored run stays `running`, to be resumed) */
  'aborted',
  /** stopped by a failure that is not a model's (a bug, the store) */
  'failed',
] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;

/** The statuses a finished invocation records (an aborted one leaves the run `running`). */
export const FINISHED_RUN_STATUSES = ['completed', 'incomplete', 'stopped-budget', 'failed'] as const satisfies readonly RunStatus[];
export type FinishedRunStatus = (typeof FINISHED_RUN_STATUSES)[number];
