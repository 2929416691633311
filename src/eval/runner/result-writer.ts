import type { ResultStore } from './ports.js';
import type { CaseResult } from '../records/case-result.js';

/** Most rows in one write; also bounds the number of distinct statement shapes a SQL store prepares. */
export const MAX_BATCH = 32;

interface Pending {
  result: CaseResult;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the runner: results graded in the same turn of the event loop are written together with
 * `store.recordResults` (one transaction, one statement) instead of one write each. `write` resolves only once
 * the result's batch is stored, so a result still counts as finished only when it is durable; a failed batch
 * rejects every write in it. A store without `recordResults` gets one `recordResult` per result, as before.
 */
export class ResultWriter {
  #pending: Pending[] = [];
  #scheduled = false;

  constructor(private readonly store: ResultStore) {}

  write(result: CaseResult): Promise<void> {
    if (this.store.recordResults === undefined) return this.store.recordResult(result);
    return new Promise((resolve, reject) => {
      this.#pending.push({ result, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        // after the I/O callbacks of this turn, so the answers that arrived together are graded first
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const pending = this.#pending;
    this.#pending = [];
    for (let start = 0; start < pending.length; start += MAX_BATCH) void this.#store(pending.slice(start, start + MAX_BATCH));
  }

  async #store(batch: readonly Pending[]): Promise<void> {
    try {
      await this.store.recordResults!(batch.map((entry) => entry.result));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    for (const entry of batch) entry.resolve();
  }
}
