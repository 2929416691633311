/**
 * A cascade replay (`parity route eval --cascade … --json`) as memo evidence: which strategy the replay found
 * cheapest at its target pass rate, and what the cascade does to the traffic. The memo routes by the cascade
 * only when the replay says a cascade (alone or router-gated) beats the learned router there.
 */
import { z } from 'zod';
import { DataError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';

const num = z.number().nullable();
const pointSchema = z.object({ strategy: z.string(), reached: z.boolean(), straightToLast: num, passRate: num, costPerRequest: num, savings: num });

export const cascadeReportSchema = z.object({
  kind: z.literal('cascade'),
  cascade: z.object({ models: z.array(z.string()).min(2), judge: z.string(), prompts: z.number(), source: z.string() }),
  verifier: z.object({ kind: z.string(), threshold: num, falseAccept: z.number(), falseReject: z.number(), costPerCheck: z.number(), description: z.string() }),
  result: z.object({ passRate: num, costPerRequest: num, answeredBy: z.array(z.number()), callsPerRequest: z.number(), checksPerRequest: z.number() }),
  router: z.object({ available: z.boolean() }).loose(),
  target: z.object({ passRate: z.number(), points: z.array(pointSchema), cheapest: z.string().nullable() }),
});
export type CascadeReportEvidence = z.infer<typeof cascadeReportSchema>;

export interface CascadeEvidence {
  file: { path: string; sha256: string };
  report: CascadeReportEvidence;
}

export function cascadeEvidenceFromJson(value: unknown, file: { path: string; sha256: string }): CascadeEvidence {
  const report = parseOrThrow(cascadeReportSchema, value, (issue) => new DataError(file.path, undefined, `not the JSON of \`parity route eval --cascade … --json\`: ${issue.text}`));
  return { file, report };
}

/** What the memo takes from a replay: the comparison, and the traffic the plain cascade sends each side. */
export interface MemoCascade {
  sources: string[];
  models: string[];
  verifier: string;
  falseAccept: number;
  falseReject: number;
  targetPassRate: number;
  /** The replay's cheapest strategy at the target (cascade, router, gated-cascade, always-last), or null. */
  cheapest: string | null;
  /** A cascade (plain or router-gated) is cheapest, and a router was in the comparison: the memo routes by it. */
  beatsRouter: boolean;
  /** The strategies at the target, as the replay measured them. */
  points: CascadeReportEvidence['target']['points'];
  /** Share of requests that call the open (first) model, and share whose call reaches the frontier (last) one. */
  openCallShare: number;
  frontierCallShare: number;
  /** Verifier checks per request × cost per check (USD). */
  checkUsdPerRequest: number;
}

/**
 * The memo's view of a replay. The traffic is the plain cascade's, or the router-gated one's when that is the
 * cheapest: the share s sent straight to the frontier calls only it; the rest goes through the cascade.
 */
export function memoCascade(evidence: CascadeEvidence, source: string): MemoCascade {
  const report = evidence.report;
  const last = report.cascade.models.length - 1;
  const cheapest = report.target.cheapest;
  const gated = cheapest === 'gated-cascade' ? (report.target.points.find((point) => point.strategy === 'gated-cascade')?.straightToLast ?? 0) : 0;
  const reachesLast = report.result.answeredBy[last] ?? 0;
  return {
    sources: [source],
    models: report.cascade.models,
    verifier: report.verifier.description,
    falseAccept: report.verifier.falseAccept,
    falseReject: report.verifier.falseReject,
    targetPassRate: report.target.passRate,
    cheapest,
    beatsRouter: report.router.available && (cheapest === 'cascade' || cheapest === 'gated-cascade'),
    points: report.target.points,
    openCallShare: 1 - gated,
    frontierCallShare: gated + (1 - gated) * reachesLast,
    checkUsdPerRequest: (1 - gated) * report.result.checksPerRequest * report.verifier.costPerCheck,
  };
}
