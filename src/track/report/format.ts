/** Text formatting shared by the terminal table and the HTML report. */
import { describePriceChoice } from '../../catalog/price-policy.js';
import type { Benchmark } from '../../catalog/schema.js';
import type { ModelScore, PriceFrontier } from '../output/track-report.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function formatScore(score: number, metric: Benchmark['metric']): string {
  switch (metric) {
    case 'accuracy':
      return `${(score * 100).toFixed(1)}%`;
    case 'elo':
      return score.toFixed(0);
    case 'index':
    case 'score':
      return score.toFixed(1);
  }
}

export function formatMonths(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${value.toFixed(1)} mo`;
}

export function formatGap(value: number, metric: Benchmark['metric']): string {
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  const magnitude = Math.abs(value);
  return metric === 'accuracy' ? `${sign}${(magnitude * 100).toFixed(1)} pt` : `${sign}${formatScore(magnitude, metric)}`;
}

/** "name 87.3% (2025-04-16)". */
export function formatModelScore(model: ModelScore | null, metric: Benchmark['metric']): string {
  if (model === null) return '—';
  return `${model.modelName} ${formatScore(model.score, metric)} (${model.date})`;
}

export function sourceLabel(model: Pick<ModelScore, 'source' | 'sourceRow'> | null): string {
  if (model === null) return '—';
  return model.sourceRow === null ? model.source : `${model.source} (${model.sourceRow})`;
}

/** "$0.69 — openai, 2026-07-24 (the maker's own API)": a price always names its provider and date. */
export function formatPricePoint(point: PriceFrontier['points'][number]): string {
  const where = describePriceChoice({ price: { provider: point.provider, asOf: point.priceAsOf }, basis: point.priceBasis, providers: point.priceProviders });
  return `$${point.pricePerMtok.toFixed(2)} — ${where}`;
}
