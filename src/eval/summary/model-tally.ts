import type { CaseFigures } from '../records/case-result.js';
import { FLIPPING_LISTED, type Consistency, type ErrorCause, type ModelSummary } from '../records/run-summary.js';
import { errorHint, type ErrorHintContext } from '../runner/call-error.js';
import { quantile } from '../../kernel/index.js';
import { wilsonInterval } from '../stats/descriptive.js';

export interface TargetInfo {
  ref: string;
  label: string;
  openWeights: boolean | null;
  priceSource: string | null;
}

/** Distinct causes kept per model; any further ones are counted together. */
const MAX_CAUSES = 20;

const figure = (value: number): number | null => (Number.isFinite(value) ? value : null);

/** Keeps the first FLIPPING_LISTED case ids in string order, whatever order they come in (the store's may differ). */
function listFirst(list: string[], caseId: string): void {
  if (list.length === FLIPPING_LISTED && caseId >= list[list.length - 1]!) return;
  let index = list.length;
  while (index > 0 && list[index - 1]! > caseId) index--;
  list.splice(index, 0, caseId);
  if (list.length > FLIPPING_LISTED) list.pop();
}

/**
 * A model's figures, added up one result at a time (nothing per result is kept but its latency, for the
 * percentiles). Rows must come grouped by case (as the store returns them): the repeats of a case are read
 * together for the count of cases and, with repeats, their consistency. Errors are counted and grouped by cause,
 * and left out of every rate.
 */
export class ModelTally {
  #attempts = 0;
  #errors = 0;
  #passes = 0;
  #scoreSum = 0;
  #cached = 0;
  #costSum = 0;
  #costKnown = 0;
  #usageUnknown = 0;
  #inputTokens = 0;
  #inputKnown = 0;
  #outputTokens = 0;
  #outputKnown = 0;
  #cases = 0;
  #lastCase: string | undefined;
  readonly #latencies: number[] = [];
  readonly #causes = new Map<string, ErrorCause>();
  // the case being read: its answered repeats and their passes
  #caseAnswered = 0;
  #casePasses = 0;
  readonly #consistency: Consistency | null;
  #passAll = 0;
  #passAny = 0;

  constructor(
    readonly target: TargetInfo,
    private readonly options: { repeats: number } & ErrorHintContext,
  ) {
    this.#consistency = options.repeats > 1 ? { repeats: options.repeats, cases: 0, passAll: null, passAny: null, flipping: 0, flippingCases: [] } : null;
  }

  add(row: CaseFigures): void {
    if (row.caseId !== this.#lastCase) {
      this.#closeCase();
      this.#cases++;
      this.#lastCase = row.caseId;
    }
    this.#attempts++;
    if (row.error !== null) {
      this.#errors++;
      this.#addCause(row.error.kind, row.error.cause, row.error.message);
      return;
    }
    this.#caseAnswered++;
    if (row.pass) {
      this.#passes++;
      this.#casePasses++;
    }
    this.#scoreSum += row.score;
    // an unmeasured latency (a replayed answer) is unknown: left out of the percentiles, never counted as 0 ms
    if (row.latencyMs !== null) this.#latencies.push(row.latencyMs);
    if (row.cached) this.#cached++;
    // a count the provider did not report is unknown: left out of the means and of the cost, never read as 0
    if (row.costUsd !== null) {
      this.#costSum += row.costUsd;
      this.#costKnown++;
    }
    if (row.inputTokens === null || row.outputTokens === null) this.#usageUnknown++;
    if (row.inputTokens !== null) {
      this.#inputTokens += row.inputTokens;
      this.#inputKnown++;
    }
    if (row.outputTokens !== null) {
      this.#outputTokens += row.outputTokens;
      this.#outputKnown++;
    }
  }

  #addCause(kind: ErrorCause['kind'], cause: string, message: string): void {
    const key = this.#causes.has(`${kind}\u0000${cause}`) || this.#causes.size < MAX_CAUSES ? `${kind}\u0000${cause}` : 'more';
    const known = this.#causes.get(key);
    if (known) known.count++;
    else {
      const listed = key === 'more' ? { kind: 'other' as const, cause: 'other causes' } : { kind, cause };
      this.#causes.set(key, { ...listed, count: 1, firstMessage: message, hint: key === 'more' ? null : errorHint(kind, this.target.ref, this.options) });
    }
  }

  #closeCase(): void {
    const consistency = this.#consistency;
    if (consistency !== null && this.#lastCase !== undefined && this.#caseAnswered === consistency.repeats) {
      consistency.cases++;
      if (this.#casePasses === consistency.repeats) this.#passAll++;
      if (this.#casePasses > 0) this.#passAny++;
      if (this.#casePasses > 0 && this.#casePasses < consistency.repeats) {
        consistency.flipping++;
        listFirst(consistency.flippingCases, this.#lastCase);
      }
    }
    this.#caseAnswered = 0;
    this.#casePasses = 0;
  }

  summary(): ModelSummary {
    this.#closeCase();
    this.#lastCase = undefined;
    const answered = this.#attempts - this.#errors;
    const passes = this.#passes;
    // the cost of the calls that have one: the whole cost when every answered call has one, else a lower bound
    const costUsd = this.#costKnown > 0 ? this.#costSum : null;
    const costComplete = this.#costKnown === answered;
    const consistency = this.#consistency;
    return {
      ref: this.target.ref,
      label: this.target.label,
      openWeights: this.target.openWeights,
      cases: this.#cases,
      attempts: this.#attempts,
      errors: this.#errors,
      passes,
      passRate: answered === 0 ? null : passes / answered,
      passRateInterval: wilsonInterval(passes, answered),
      meanScore: answered === 0 ? null : this.#scoreSum / answered,
      errorCauses: [...this.#causes.values()].sort((x, y) => y.count - x.count || (x.cause < y.cause ? -1 : x.cause > y.cause ? 1 : 0)),
      cached: this.#cached,
      ...(this.#usageUnknown > 0 ? { usageUnknown: this.#usageUnknown } : {}),
      costUsd,
      costPerCase: costUsd === null ? null : costUsd / this.#costKnown,
      costPerPassedCase: costUsd === null || !costComplete || passes === 0 ? null : costUsd / passes,
      priceSource: this.target.priceSource,
      latencyP50Ms: figure(quantile(this.#latencies, 0.5)),
      latencyP95Ms: figure(quantile(this.#latencies, 0.95)),
      meanInputTokens: this.#inputKnown === 0 ? null : this.#inputTokens / this.#inputKnown,
      meanOutputTokens: this.#outputKnown === 0 ? null : this.#outputTokens / this.#outputKnown,
      consistency:
        consistency === null
          ? null
          : {
              ...consistency,
              passAll: consistency.cases === 0 ? null : this.#passAll / consistency.cases,
              passAny: consistency.cases === 0 ? null : this.#passAny / consistency.cases,
            },
    };
  }
}
