/**
 * Walks a fallback chain: each target (upstream and model) gets `retry.attempts` tries with exponential backoff
 * (or the wait its Retry-After asks for, when that is short enough), targets whose circuit is open are skipped,
 * and a failure that is not retryable (the request's own fault) ends the walk at once. An attempt that already sent bytes to
 * the client is "committed": it is never retried or replaced by another model.
 */
import type { ParityError } from '../../errors.js';
import { ProviderError, TimeoutError } from '../../errors.js';
import type { GatewayConfig } from '../config/schema.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { Target } from '../routing/route-table.js';
import type { GatewayState } from '../state/gateway-state.js';
import type { RequestAbort } from './request-abort.js';

/** `cached`: answered from the response cache, not by the upstream (says nothing about its health). */
export type AttemptResult<T> = { ok: true; value: T; cached?: boolean } | { ok: false; error: ParityError; committed: boolean };

export type FallbackOutcome<T> =
  | { ok: true; value: T; target: Target; attempts: number }
  | { ok: false; error: ParityError; target: Target | undefined; attempts: number; committed: boolean };

export interface FallbackOptions {
  retry: GatewayConfig['retry'];
  state: GatewayState;
  metrics: GatewayMetrics;
  signal: RequestAbort;
}

export function isRetryable(error: ParityError): boolean {
  if (error instanceof TimeoutError) return true;
  if (error instanceof ProviderError) return error.isRetryable;
  return false;
}

/**
 * Failures that say the target is unhealthy: a timeout, a reset or refused connection (no status), a 5xx, or a
 * 2xx it could not keep (malformed JSON, a stream cut short). Not a 4xx: a bad request (400), an unknown model
 * there (404) or a rate limit (429) say nothing about its health, and a client must never be able to open a
 * circuit for everyone by sending bad requests.
 */
function countsAgainstCircuit(error: ParityError): boolean {
  if (error instanceof TimeoutError) return true;
  if (!(error instanceof ProviderError) || !error.isRetryable) return false;
  const status = error.status;
  return status === undefined || status >= 500 || (status >= 200 && status < 300);
}

function retryAfterOf(error: ParityError): number | undefined {
  return error instanceof ProviderError ? error.retryAfterMs : undefined;
}

function backoff(retry: GatewayConfig['retry'], attempt: number): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

export async function runWithFallback<T>(
  chain: readonly Target[],
  attempt: (target: Target) => Promise<AttemptResult<T>>,
  options: FallbackOptions,
): Promise<FallbackOutcome<T>> {
  const { retry, state, metrics, signal } = options;
  let lastError: ParityError | undefined;
  let lastTarget: Target | undefined;
  let attempts = 0;

  for (const target of chain) {
    const allows = state.circuitAllows(target.ref, Date.now());
    if (!(allows instanceof Promise ? await allows : allows)) {
      metrics.upstreamAttempts.labels(target.upstream, 'circuit-open').inc();
      lastError ??= new ProviderError(target.upstream, `circuit open for ${target.model} after repeated failures`, { isRetryable: true });
      continue;
    }
    for (let tryIndex = 0; tryIndex < retry.attempts; tryIndex++) {
      attempts += 1;
      lastTarget = target;
      const result = await attempt(target);
      if (result.ok) {
        if (result.cached !== true) void state.recordSuccess(target.ref);
        metrics.upstreamAttempts.labels(target.upstream, 'ok').inc();
        return { ok: true, value: result.value, target, attempts };
      }
      const error = result.error;
      if (signal.aborted) {
        // the client went away: says nothing about the upstream's health
        return { ok: false, error, target, attempts, committed: result.committed };
      }
      if (countsAgainstCircuit(error)) void state.recordFailure(target.ref, Date.now());
      else if (error instanceof ProviderError && error.status !== undefined && error.status < 500) {
        void state.recordSuccess(target.ref); // it answered: healthy
      }
      if (result.committed || !isRetryable(error)) {
        metrics.upstreamAttempts.labels(target.upstream, 'fail').inc();
        return { ok: false, error, target, attempts, committed: result.committed };
      }
      lastError = error;
      const retryAfter = retryAfterOf(error);
      const last = tryIndex === retry.attempts - 1;
      if (last || (retryAfter !== undefined && retryAfter > retry.maxRetryAfterMs)) {
        metrics.upstreamAttempts.labels(target.upstream, 'fallback').inc();
        break;
      }
      metrics.upstreamAttempts.labels(target.upstream, 'retry').inc();
      if (!(await signal.sleep(retryAfter ?? backoff(retry, tryIndex)))) {
        return { ok: false, error, target, attempts, committed: false };
      }
      const stillAllows = state.circuitAllows(target.ref, Date.now());
      if (!(stillAllows instanceof Promise ? await stillAllows : stillAllows)) break;
    }
  }
  const error =
    lastError ?? new ProviderError('gateway', 'no upstream is configured for this route', { isRetryable: false });
  return { ok: false, error, target: lastTarget, attempts, committed: false };
}
