import { quantile, wilsonInterval } from '../stats/descriptive.js';
import type { ModelSummary, SummaryRow, TargetInfo } from './types.js';

/**
 * A model's figures, added up one result at a time (nothing per result is kept but its latency, for the
 * percentiles). Rows must come grouped by case (as the store returns them) for the count of distinct cases.
 */
export class ModelTally {
  #attempts = 0;
  #passes = 0;
  #scoreSum = 0;
  #errors = 0;
  #cached = 0;
  #costSum = 0;
  #costKnown = true;
  #inputTokens = 0;
  #outputTokens = 0;
  #cases = 0;
  #lastCase: string | undefined;
  readonly #latencies: number[] = [];

  add(row: SummaryRow): void {
    this.#attempts++;
    if (row.pass) this.#passes++;
    this.#scoreSum += row.score;
    if (row.failed) this.#errors++;
    else this.#latencies.push(row.latencyMs);
    if (row.cached) this.#cached++;
    if (row.costUsd === null) this.#costKnown = false;
    else this.#costSum += row.costUsd;
    this.#inputTokens += row.inputTokens;
    this.#outputTokens += row.outputTokens;
    if (row.caseId !== this.#lastCase) {
      this.#cases++;
      this.#lastCase = row.caseId;
    }
  }

  summary(target: TargetInfo): ModelSummary {
    const attempts = this.#attempts;
    const passes = this.#passes;
    const costUsd = attempts > 0 && this.#costKnown ? this.#costSum : null;
    return {
      ref: target.ref,
      label: target.label,
      openWeights: target.openWeights,
      cases: this.#cases,
      attempts,
      passes,
      passRate: attempts === 0 ? Number.NaN : passes / attempts,
      passRateInterval: wilsonInterval(passes, attempts),
      meanScore: attempts === 0 ? Number.NaN : this.#scoreSum / attempts,
      errors: this.#errors,
      cached: this.#cached,
      costUsd,
      costPerCase: costUsd === null ? null : costUsd / attempts,
      costPerPassedCase: costUsd === null || passes === 0 ? null : costUsd / passes,
      priceSource: target.priceSource,
      latencyP50Ms: quantile(this.#latencies, 0.5),
      latencyP95Ms: quantile(this.#latencies, 0.95),
      meanInputTokens: attempts === 0 ? Number.NaN : this.#inputTokens / attempts,
      meanOutputTokens: attempts === 0 ? Number.NaN : this.#outputTokens / attempts,
    };
  }
}
