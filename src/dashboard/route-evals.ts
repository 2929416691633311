/**
 * Reads the route-evals folder (see api/route-eval-schema.ts for the convention): every `*.json` file is a
 * route evaluation report or a route policy; policies are attached to the reports of the same weak/strong
 * pair as their chosen operating point. A missing folder is an empty list, not an error.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { RouteEvalReport } from '../route/index.js';
import { routePolicySchema, type RoutePolicyJson } from '../route/index.js';
import { routeEvalReportSchema, type RouteEvalReportJson } from './api/route-eval-schema.js';
import type { RouteEvalEntry, RouteEvalsResponse } from './api/types.js';
import { firstIssue } from '../kernel/index.js';

/** Compile-time check: every report the route library writes fits the dashboard's schema. */
type Assignable<T, U extends T> = U;
export type RouteEvalReportFitsSchema = Assignable<z.input<typeof routeEvalReportSchema>, RouteEvalReport>;

const MAX_FILES = 200;
const MAX_BYTES = 20 * 1024 * 1024;

type Parsed = { kind: 'report'; report: RouteEvalReportJson } | { kind: 'policy'; policy: RoutePolicyJson } | { kind: 'problem'; reason: string };

function classify(value: unknown): Parsed {
  const format = value !== null && typeof value === 'object' && 'format' in value ? (value as { format: unknown }).format : undefined;
  if (format !== undefined) {
    const policy = routePolicySchema.safeParse(value);
    if (policy.success) return { kind: 'policy', policy: policy.data };
    return { kind: 'problem', reason: `not a valid route policy at ${firstIssue(policy.error).text}` };
  }
  const report = routeEvalReportSchema.safeParse(value);
  if (report.success) return { kind: 'report', report: report.data };
  return { kind: 'problem', reason: `not a route evaluation report (parity route eval --json) at ${firstIssue(report.error).text}` };
}

export function readRouteEvals(dir: string): RouteEvalsResponse {
  const absolute = path.resolve(dir);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) return { dir: absolute, evals: [], problems: [] };
  const files = readdirSync(absolute).filter((name) => name.endsWith('.json')).sort().slice(0, MAX_FILES);
  const reports: Array<{ file: string; report: RouteEvalReportJson }> = [];
  const policies: Array<{ file: string; policy: RoutePolicyJson }> = [];
  const problems: RouteEvalsResponse['problems'] = [];
  for (const file of files) {
    const full = path.join(absolute, file);
    try {
      if (statSync(full).size > MAX_BYTES) {
        problems.push({ file, reason: `larger than ${MAX_BYTES / 1024 / 1024} MB` });
        continue;
      }
      const parsed = classify(JSON.parse(readFileSync(full, 'utf8')));
      if (parsed.kind === 'report') reports.push({ file, report: parsed.report });
      else if (parsed.kind === 'policy') policies.push({ file, policy: parsed.policy });
      else problems.push({ file, reason: parsed.reason });
    } catch (error) {
      problems.push({ file, reason: `cannot read it as JSON: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  const evals = reports.map(({ file, report }): RouteEvalEntry => ({
    file,
    report,
    operatingPoints: policies
      .filter(({ policy }) => policy.weak === report.pair.weak && policy.strong === report.pair.strong)
      .map(({ file: policyFile, policy }) => ({
        file: policyFile,
        threshold: policy.threshold,
        target: policy.calibration.target,
        frontierShare: policy.calibration.expected.frontierShare,
        quality: policy.calibration.expected.quality,
        pgr: policy.calibration.expected.pgr,
        costSavings: policy.calibration.expected.costSavings,
      })),
  }));
  const attached = new Set(evals.flatMap((entry) => entry.operatingPoints.map((point) => point.file)));
  for (const { file, policy } of policies) {
    if (!attached.has(file)) problems.push({ file, reason: `a policy for ${policy.weak} → ${policy.strong} with no evaluation report of that pair in the folder` });
  }
  return { dir: absolute, evals, problems };
}
