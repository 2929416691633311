/** Descriptions of the memo's sources: what was read, from where, as of when. */
import type { CascadeEvidence } from './cascade-evidence.js';
import type { Source } from '../../catalog/index.js';
import type { ApiPrice } from '../cost/api-cost.js';
import type { SelfHostPlan } from '../cost/self-host.js';
import type { Workload } from '../cost/workload.js';
import type { LicenseVerdict } from '../license/check-license.js';
import type { TrackReport } from '../../track/index.js';
import type { PriceChoice } from './costs.js';
import type { EvalEvidence, RouteEvidence } from './evidence.js';
import type { MemoSource } from './memo.js';

const short = (sha256: string): string => sha256.slice(0, 12);

export function evalSource(evidence: EvalEvidence): MemoSource {
  const where = [
    evidence.store === null ? null : `store ${evidence.store}`,
    evidence.file === null ? null : `file ${evidence.file.path} (sha256 ${short(evidence.file.sha256)})`,
  ].filter((part) => part !== null);
  const status = evidence.status === null ? '' : `, ${evidence.status}`;
  const created = evidence.createdAt === null ? '' : `, started ${evidence.createdAt}`;
  return {
    key: 'E',
    kind: 'eval',
    label: `eval run ${evidence.runId}`,
    detail: `eval run ${evidence.runId} ("${evidence.name}"${status}${created}) in ${where.join(', ')}: pass rates with Wilson 95% intervals, paired bootstrap difference and non-inferiority verdict (parity eval)`,
  };
}

export function routeSource(evidence: RouteEvidence): MemoSource {
  const { pair, settings, prices } = evidence.report;
  const file = evidence.file === null ? evidence.label : `${evidence.file.path} (sha256 ${short(evidence.file.sha256)})`;
  const priced = [prices.weak?.source, prices.strong?.source].filter((source) => source !== undefined);
  return {
    key: 'R',
    kind: 'route',
    label: `route evaluation ${evidence.file === null ? evidence.label : evidence.file.path}`,
    detail:
      `route evaluation ${file}: ${pair.weak} (weak) → ${pair.strong} (strong), judge ${pair.judge}, ${pair.prompts} prompts, ` +
      `${settings.folds}-fold cross-validation (seed ${settings.seed}), ${evidence.report.router.model} router (parity route eval)` +
      (priced.length > 0 ? `; its costs priced with ${priced.join(' and ')}` : "; no list prices (the calls' measured costs, where recorded)"),
  };
}

export function workloadSource(workload: Workload, days: number): MemoSource {
  return {
    key: 'W',
    kind: 'workload',
    label: 'workload',
    detail: `${workload.source}; month = ${days} days; peak-to-average ${workload.peakToAverage}, cache-hit rate ${workload.cacheHitRate}`,
  };
}

function describeCatalogSource(id: string, sources: readonly Source[]): string {
  const source = sources.find((entry) => entry.id === id);
  return source === undefined ? id : `${source.name} (${source.origin}; snapshot ${source.snapshotDate}; ${source.licence})`;
}

export function priceSource(key: string, role: string, choice: PriceChoice, sources: readonly Source[]): MemoSource {
  const price: ApiPrice = choice.price;
  const cache = price.cacheReadPerMtok === null ? '' : `, cache read $${price.cacheReadPerMtok}`;
  return {
    key,
    kind: 'price',
    label: `${role} API price: ${price.modelId} at ${price.provider}, as of ${price.asOf ?? 'date unknown'}`,
    detail:
      `${price.modelId} at ${price.provider}: $${price.inputPerMtok} in / $${price.outputPerMtok} out per Mtok${cache}, as of ${price.asOf ?? 'date unknown'}; ` +
      `source ${describeCatalogSource(price.source, sources)}; chosen as the ${choice.rule}`,
  };
}

export function gpuSources(plan: SelfHostPlan): MemoSource[] {
  return [
    {
      key: 'G',
      kind: 'gpu-price',
      label: `GPU price: ${plan.gpu.gpu} at $${plan.gpu.usdPerGpuHour}/GPU-hour (${plan.gpu.pricing})`,
      detail: `reference GPU price: ${plan.gpu.basis}; source ${plan.gpu.sources.join(', ')}` +
        (plan.gpu.alternatives === null || plan.gpu.alternatives.count === 0 ? '' : `; ${plan.gpu.alternatives.count} other rows range $${plan.gpu.alternatives.minUsd}–$${plan.gpu.alternatives.maxUsd}`),
    },
    {
      key: 'H',
      kind: 'throughput',
      label: `throughput: ${plan.throughput.perReplica} ${plan.throughput.unit} per ${plan.throughput.gpusPerReplica}-GPU replica (${plan.throughput.basis})`,
      detail: `${plan.throughput.basis} throughput: ${plan.throughput.detail}; source ${plan.throughput.sources.join(', ') || 'user-supplied'}`,
    },
  ];
}

export function licenseSource(verdict: LicenseVerdict): MemoSource {
  const clause = verdict.clause === null ? '' : `; decisive clause from ${verdict.clause.origin}${verdict.clause.field === null ? '' : ` (${verdict.clause.field})`}`;
  const verified = verdict.verification === null ? '' : `; verification: ${verdict.verification.level}`;
  return {
    key: 'L',
    kind: 'license',
    label: `licence check of ${verdict.model.id}${verdict.licenseName === null ? '' : ` (${verdict.licenseName})`}`,
    detail: `parity license over the bundled licence facts (data/reference/licenses.json), matched ${verdict.matchDetail}; source ${verdict.sources.join(', ') || verdict.source || 'none on file'}${clause}${verified}`,
  };
}

export function trackSource(report: TrackReport): MemoSource {
  const method = report.options.methods[0] ?? 'threshold';
  const line = report.method.find((text) => text.startsWith(`${method}:`)) ?? '';
  const sources = report.sources.map((source) => `${source.name} [${source.id}] (${source.origin}; snapshot ${source.snapshotDate ?? 'unknown'}; ${source.licence})`);
  return {
    key: 'T',
    kind: 'track',
    label: `parity track over the bundled catalog, as of ${report.asOf}, ${method} method`,
    detail: `parity track (computeTrack over the bundled catalog, results up to ${report.asOf}); headline lag method ${method}: ${line} Trend: ${report.method.find((text) => text.startsWith('Trend:'))?.slice(7) ?? 'n/a'} Sources: ${sources.join('; ')}`,
  };
}

export function cascadeSource(evidence: CascadeEvidence): MemoSource {
  const report = evidence.report;
  return {
    key: 'C',
    kind: 'cascade',
    label: `cascade replay ${evidence.file.path}`,
    detail:
      `cascade replay ${evidence.file.path} (sha256 ${short(evidence.file.sha256)}): ${report.cascade.models.join(' → ')} on ${report.cascade.prompts} prompts of ${report.cascade.source}, ` +
      `verifier stand-in ${report.verifier.kind} with assumed false-accept ${report.verifier.falseAccept} and false-reject ${report.verifier.falseReject} (parity route eval --cascade)`,
  };
}
