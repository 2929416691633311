/**
 * Picks a $/GPU-hour from the bundled reference table (or takes one from a flag), and says which row it
 * came from. Rule, in order: the wanted GPU and pricing kind (and provider, if given); highest confidence;
 * an exact price before a quoted range; an instance size that fits the replica; then table order. When the
 * best row is one end of a range, the midpoint of that range is used and the basis says so.
 */
import { gpuKey } from '../../catalog/index.js';
import type { ConfidenceLevel, GpuPrice, PricingKind } from '../../catalog/index.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { GpuPriceChoice } from './self-host.js';

export interface GpuPriceRequest {
  gpu: string;
  pricing: PricingKind;
  gpusPerReplica: number;
  /** Substring of the provider name, e.g. "lambda", "aws". */
  provider?: string | null;
  /** A price given by the user; when set, the table is only used to find the GPU's name. */
  usdPerGpuHour?: number | null;
}

const CONFIDENCE_RANK: Record<ConfidenceLevel, number> = { high: 0, medium: 1, low: 2 };

function fitRank(row: GpuPrice, gpus: number): number {
  if (row.gpusPerInstance === gpus) return 0;
  if (row.gpusPerInstance > gpus) return 1 + row.gpusPerInstance; // smallest instance that holds a replica
  return 1000 - row.gpusPerInstance; // replica spans instances: prefer the biggest
}

function describe(row: GpuPrice): string {
  const what = `${row.provider} ${row.gpu} ${row.instanceType ?? ''} ${row.pricingType} $${row.usdPerGpuHour}/GPU-h`;
  return `${what} (as of ${row.asOf}, ${row.confidence} confidence, gpu-prices row ${row.row})`.replace(/\s+/g, ' ');
}

export function chooseGpuPrice(rows: readonly GpuPrice[], request: GpuPriceRequest): GpuPriceChoice {
  const key = gpuKey(request.gpu);
  if (request.usdPerGpuHour != null) {
    if (!(request.usdPerGpuHour > 0)) throw new ValidationError('the GPU-hour price must be positive', 'gpuHourPrice');
    return {
      gpu: key ?? request.gpu,
      usdPerGpuHour: request.usdPerGpuHour,
      pricing: 'flag',
      basis: `$${request.usdPerGpuHour}/GPU-h given on the command line`,
      sources: ['user-supplied'],
      alternatives: null,
    };
  }
  if (key === null) throw new ValidationError(`unknown GPU "${request.gpu}" (try h100, h100-pcie, h200, a100, b200, gh200, a10, a6000, v100)`, 'gpu');
  const forGpu = rows.filter((row) => row.gpuKey === key);
  if (forGpu.length === 0) {
    throw new NotFoundError(`no price for ${key} in the bundled reference table; pass a $/GPU-hour price (--gpu-hour-price)`);
  }
  const provider = request.provider?.toLowerCase() ?? null;
  const candidates = forGpu.filter((row) => row.pricing === request.pricing && (provider === null || row.provider.toLowerCase().includes(provider)));
  if (candidates.length === 0) {
    const kinds = [...new Set(forGpu.map((row) => row.pricing))].join(', ');
    const providers = [...new Set(forGpu.map((row) => row.provider))].join(', ');
    throw new NotFoundError(
      `no ${request.pricing} price for ${key}${provider === null ? '' : ` from "${request.provider}"`} in the bundled reference table ` +
        `(it has: ${kinds}; providers: ${providers}); pass a $/GPU-hour price (--gpu-hour-price)`,
    );
  }
  const ranked = [...candidates].sort(
    (left, right) =>
      CONFIDENCE_RANK[left.confidence] - CONFIDENCE_RANK[right.confidence] ||
      Number(left.rangeBound !== null) - Number(right.rangeBound !== null) ||
      fitRank(left, request.gpusPerReplica) - fitRank(right, request.gpusPerReplica) ||
      left.row - right.row,
  );
  const best = ranked[0] as GpuPrice;
  const prices = candidates.map((row) => row.usdPerGpuHour);
  const alternatives = { count: candidates.length - 1, minUsd: Math.min(...prices), maxUsd: Math.max(...prices) };
  if (best.rangeBound !== null) {
    const partner = candidates.find(
      (row) =>
        row.provider === best.provider &&
        row.source === best.source &&
        row.asOf === best.asOf &&
        row.rangeBound !== null &&
        row.rangeBound !== best.rangeBound,
    );
    if (partner !== undefined) {
      const low = Math.min(best.usdPerGpuHour, partner.usdPerGpuHour);
      const high = Math.max(best.usdPerGpuHour, partner.usdPerGpuHour);
      return {
        gpu: key,
        usdPerGpuHour: (low + high) / 2,
        pricing: best.pricing,
        basis:
          `midpoint of the range $${low}–$${high}/GPU-h quoted by ${best.provider} (as of ${best.asOf}, ` +
          `${best.confidence} confidence, gpu-prices rows ${Math.min(best.row, partner.row)}–${Math.max(best.row, partner.row)})`,
        sources: [best.source],
        alternatives,
      };
    }
  }
  return { gpu: key, usdPerGpuHour: best.usdPerGpuHour, pricing: best.pricing, basis: describe(best), sources: [best.source], alternatives };
}
