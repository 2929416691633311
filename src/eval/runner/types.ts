export interface CaseResult {
  runId: string;
  caseId: string;
  modelRef: string;
  repeat: number;
  output: string;
  toolCalls: unknown[];
  pass: boolean;
  score: number;
  reason: string;
  graderDetails: unknown;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  latencyMs: number;
  cached: boolean;
  error: string | null;
}
