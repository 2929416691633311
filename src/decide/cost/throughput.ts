/**
 * Finds the serving capacity of one replica: a measured figure from the user, a bundled reference row for
 * this model on this GPU, or, only when asked, an estimate scaled from the nearest reference row by active
 * parameters (decode is memory-bound, so throughput falls roughly in proportion to the weights read per
 * token). The estimate is always labelled as one.
 */
import { modelKey } from '../../catalog/index.js';
import type { ThroughputRow } from '../../catalog/index.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { ThroughputChoice, ThroughputUnit } from './self-host.js';

export interface ThroughputRequest {
  /** Catalog id or name of the model to self-host. */
  model: string;
  /** Active parameters per token in billions (total for dense models); needed for an estimate. */
  activeParametersB: number | null;
  gpu: string; // a GPU key, e.g. "h100"
  /** GPUs per replica; null = as in the reference row. */
  gpusPerReplica: number | null;
  precision?: string | null;
  measured?: { value: number; unit: ThroughputUnit } | null;
  allowEstimate?: boolean;
}

function unitOf(row: ThroughputRow): ThroughputUnit {
  return row.unit === 'requests/s' ? 'requests/s' : 'output-tokens/s';
}

function describe(row: ThroughputRow): string {
  const setup = `${row.model} on ${row.numGpus}×${row.gpu} (${row.precision ?? 'precision n/a'})`;
  const where = `throughput row ${row.row}, ${row.asOf}`;
  return `${row.engine} ${row.engineVersion}, ${setup}, ${row.workload}, concurrency ${row.concurrency}: ${row.value} ${row.unit} (${where})`;
}

/** Of several rows for the same setup (a concurrency sweep), the saturated one. */
function best(rows: readonly ThroughputRow[]): ThroughputRow | undefined {
  const tokens = rows.filter((row) => row.unit === 'tokens/s');
  const pool = tokens.length > 0 ? tokens : rows;
  return [...pool].sort((left, right) => right.value - left.value || left.row - right.row)[0];
}

export function chooseThroughput(rows: readonly ThroughputRow[], request: ThroughputRequest): ThroughputChoice {
  if (request.measured != null) {
    if (!(request.measured.value > 0)) throw new ValidationError('the measured throughput must be positive', 'throughput');
    if (request.gpusPerReplica === null) throw new ValidationError('give the GPUs per replica with a measured throughput', 'gpus');
    return {
      perReplica: request.measured.value,
      unit: request.measured.unit,
      gpusPerReplica: request.gpusPerReplica,
      basis: 'measured',
      detail: `${request.measured.value} ${request.measured.unit} per ${request.gpusPerReplica}×${request.gpu} replica, given on the command line`,
      sources: ['user-supplied'],
    };
  }
  const usable = rows.filter((row) => row.usableAsCapacity && row.gpuKey === request.gpu);
  const key = modelKey(request.model);
  const precision = request.precision?.toLowerCase() ?? null;
  const exact = usable.filter(
    (row) =>
      row.modelKey === key &&
      (precision === null || row.precision === precision) &&
      (request.gpusPerReplica === null || row.numGpus === request.gpusPerReplica),
  );
  const exactRow = best(exact);
  if (exactRow !== undefined && exactRow.numGpus !== null) {
    return {
      perReplica: exactRow.value,
      unit: unitOf(exactRow),
      gpusPerReplica: exactRow.numGpus,
      basis: 'reference',
      detail: describe(exactRow),
      sources: [exactRow.source],
    };
  }
  const sized = usable.filter((row) => row.activeParametersB !== null && row.numGpus !== null);
  const target = request.activeParametersB;
  const nearest =
    target === null
      ? undefined
      : [...sized].sort(
          (left, right) =>
            Math.abs(Math.log((left.activeParametersB as number) / target)) - Math.abs(Math.log((right.activeParametersB as number) / target)) ||
            Number(precision !== null && right.precision === precision) - Number(precision !== null && left.precision === precision) ||
            right.value - left.value ||
            left.row - right.row,
        )[0];
  const setup = `${request.model} on ${request.gpusPerReplica ?? 'n'}×${request.gpu}${precision === null ? '' : ` (${precision})`}`;
  if (!request.allowEstimate) {
    const hint = nearest === undefined ? '' : ` Nearest reference: ${describe(nearest)}.`;
    throw new NotFoundError(
      `no reference throughput for ${setup}.${hint} Pass a measured throughput (--throughput, --throughput-unit), or allow an estimate scaled from the nearest row by active parameters (--estimate).`,
    );
  }
  if (target === null) {
    throw new ValidationError(`cannot estimate throughput for ${request.model}: its active parameters are not known (--active-params)`, 'activeParams');
  }
  if (nearest === undefined) {
    throw new NotFoundError(`no reference throughput on ${request.gpu} to estimate from; pass a measured throughput (--throughput)`);
  }
  const refActive = nearest.activeParametersB as number;
  const refGpus = nearest.numGpus as number;
  const gpus = request.gpusPerReplica ?? refGpus;
  // Same sweep as the nearest row: take its saturated figure.
  const sameSetup = (row: ThroughputRow): boolean =>
    row.modelKey === nearest.modelKey && row.numGpus === refGpus && row.precision === nearest.precision && row.unit === nearest.unit;
  const sweep = best(sized.filter(sameSetup)) ?? nearest;
  const perReplica = sweep.value * (refActive / target) * (gpus / refGpus);
  return {
    perReplica,
    unit: unitOf(sweep),
    gpusPerReplica: gpus,
    basis: 'estimate',
    detail:
      `ESTIMATE ${perReplica.toPrecision(4)} ${sweep.unit} = ${sweep.value} × (${refActive}B / ${target}B active parameters)` +
      ` × (${gpus} / ${refGpus} GPUs), ` +
      `scaled from ${describe(sweep)}; assumes memory-bound decode and linear scaling across GPUs`,
    sources: [sweep.source],
  };
}
