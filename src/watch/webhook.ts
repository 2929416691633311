/**
 * Delivers a watch report to a webhook: the report's JSON POSTed through the outbound HTTP chokepoint, with
 * a timeout and retries on retryable failures. A failed delivery is an error (the watch then keeps its previous
 * state, so the next run reports the same crossings again).
 */
import { postJsonForStatus } from '../providers/index.js';
import { isRetryableError, retryDelayMs } from '../providers/index.js';
import { sleep } from '../providers/index.js';
import type { WatchReport } from './watch.js';

export async function deliverWebhook(url: string, report: WatchReport, options: { timeoutMs?: number; maxAttempts?: number } = {}): Promise<number> {
  const maxAttempts = options.maxAttempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await postJsonForStatus({ provider: 'webhook', url, body: report, timeoutMs: options.timeoutMs ?? 15_000, headers: { 'user-agent': 'parity-watch' } });
    } catch (error) {
      if (attempt >= maxAttempts || !isRetryableError(error)) throw error;
      await sleep(retryDelayMs(attempt, error, { maxAttempts, initialDelayMs: 500, maxDelayMs: 5000, maxRetryAfterMs: 30_000, random: Math.random }));
    }
  }
}
