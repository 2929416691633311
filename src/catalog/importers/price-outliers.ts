/**
 * Sets aside price listings that cannot be right: a listing more than OUTLIER_FACTOR times the median of the
 * same model's other listings (at least MIN_PEERS of them) is taken for a unit error in the source — LiteLLM's
 * W&B Inference rows, for one, are 10^5 times too high (Llama 3.1 8B at $22,000/Mtok where other hosts ask
 * $0.02–0.22). Each one set aside is reported by the import, never corrected by guessing the unit.
 */
import type { Price, PriceHistoryEntry } from '../schema.js';

export const OUTLIER_FACTOR = 100;
const MIN_PEERS = 3;

export interface SetAsidePrice {
  price: Price;
  peers: number;
  medianInput: number;
  medianOutput: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function setAsideImplausiblePrices(prices: readonly Price[]): { kept: Price[]; setAside: SetAsidePrice[] } {
  const byModel = new Map<string, Price[]>();
  for (const price of prices) {
    const list = byModel.get(price.modelId);
    if (list === undefined) byModel.set(price.modelId, [price]);
    else list.push(price);
  }
  const kept: Price[] = [];
  const setAside: SetAsidePrice[] = [];
  for (const price of prices) {
    const peers = (byModel.get(price.modelId) ?? []).filter((other) => other !== price && other.inputPerMtok > 0 && other.outputPerMtok > 0);
    if (peers.length >= MIN_PEERS) {
      const medianInput = median(peers.map((peer) => peer.inputPerMtok));
      const medianOutput = median(peers.map((peer) => peer.outputPerMtok));
      if (price.inputPerMtok > OUTLIER_FACTOR * medianInput || price.outputPerMtok > OUTLIER_FACTOR * medianOutput) {
        setAside.push({ price, peers: peers.length, medianInput, medianOutput });
        continue;
      }
    }
    kept.push(price);
  }
  return { kept, setAside };
}

/**
 * The same test for price-history events, against the model's current listings (those kept above): an event
 * over OUTLIER_FACTOR times their median carries the same unit error.
 */
export function setAsideImplausibleHistory(
  history: readonly PriceHistoryEntry[],
  current: readonly Price[],
): { kept: PriceHistoryEntry[]; setAside: PriceHistoryEntry[] } {
  const byModel = new Map<string, Price[]>();
  for (const price of current) {
    if (price.inputPerMtok <= 0 || price.outputPerMtok <= 0) continue;
    const list = byModel.get(price.modelId);
    if (list === undefined) byModel.set(price.modelId, [price]);
    else list.push(price);
  }
  const medians = new Map<string, { input: number; output: number }>();
  for (const [modelId, list] of byModel) {
    if (list.length >= MIN_PEERS) medians.set(modelId, { input: median(list.map((price) => price.inputPerMtok)), output: median(list.map((price) => price.outputPerMtok)) });
  }
  const kept: PriceHistoryEntry[] = [];
  const setAside: PriceHistoryEntry[] = [];
  for (const entry of history) {
    const reference = entry.modelId === null ? undefined : medians.get(entry.modelId);
    const implausible =
      reference !== undefined &&
      ((entry.inputPerMtok ?? 0) > OUTLIER_FACTOR * reference.input || (entry.outputPerMtok ?? 0) > OUTLIER_FACTOR * reference.output);
    (implausible ? setAside : kept).push(entry);
  }
  return { kept, setAside };
}
