/**
 * `withRetry(model, options)`: retries retryable failures (ProviderError/TimeoutError with `isRetryable`,
 * RateLimitedError) with exponential backoff and full jitter, or exactly the server's Retry-After when it
 * sent one (capped). Streams are retried only while nothing has been yielded yet. Each retry is reported
 * through `onRetry`; nothing is printed.
 */
import { ConfigError, ParityError, RateLimitedError } from '../../errors.js';
import type { CallOptions, GenerateResult, LanguageModel, StreamPart } from '../language-model.js';
import type { GenerateRequest } from '../request.js';
import { type SleepFunction, sleep as defaultSleep } from './sleep.js';

export interface RetryEvent {
  provider: string;
  modelId: string;
  /** The attempt that failed (1 = the first call). */
  attempt: number;
  maxAttempts: number;
  /** How long we wait before the next attempt. */
  delayMs: number;
  /** The server's requested wait, before capping, when it sent one. */
  retryAfterMs: number | undefined;
  error: ParityError;
}

export interface RetryOptions {
  /** Total attempts including the first (default 3). */
  maxAttempts?: number;
  /** Backoff base: attempt n waits up to initialDelayMs·2^(n-1) (default 500). */
  initialDelayMs?: number;
  /** Cap on the backoff (default 20 000). */
  maxDelayMs?: number;
  /** Cap on a server-requested Retry-After (default 60 000). */
  maxRetryAfterMs?: number;
  onRetry?: (event: RetryEvent) => void;
  /** For tests: the jitter source (default Math.random) and the wait. */
  random?: () => number;
  sleep?: SleepFunction;
}

export function isRetryableError(error: unknown): error is ParityError {
  if (error instanceof RateLimitedError) return true;
  return error instanceof ParityError && (error as { isRetryable?: unknown }).isRetryable === true;
}

function retryAfterOf(error: ParityError): number | undefined {
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

interface ResolvedRetryOptions {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  random: () => number;
}

/** The wait before the attempt after `attempt`: Retry-After (capped) if given, else full-jitter backoff. */
export function retryDelayMs(attempt: number, error: ParityError, options: ResolvedRetryOptions): number {
  const retryAfter = retryAfterOf(error);
  if (retryAfter !== undefined) return Math.min(retryAfter, options.maxRetryAfterMs);
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** (attempt - 1));
  return Math.floor(options.random() * ceiling);
}

function resolve(options: RetryOptions): ResolvedRetryOptions {
  const resolved = {
    maxAttempts: options.maxAttempts ?? 3,
    initialDelayMs: options.initialDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 20_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    random: options.random ?? Math.random,
  };
  if (!Number.isInteger(resolved.maxAttempts) || resolved.maxAttempts < 1) {
    throw new ConfigError('retry.maxAttempts', `must be an integer ≥ 1, got ${resolved.maxAttempts}`);
  }
  for (const key of ['initialDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    if (!(resolved[key] >= 0)) throw new ConfigError(`retry.${key}`, `must be ≥ 0, got ${resolved[key]}`);
  }
  return resolved;
}

export function withRetry(model: LanguageModel, options: RetryOptions = {}): LanguageModel {
  const settings = resolve(options);
  const wait = options.sleep ?? defaultSleep;

  /** Returns true to try again (after waiting), false to give up. */
  async function shouldRetry(error: unknown, attempt: number, signal: AbortSignal | undefined): Promise<boolean> {
    if (signal?.aborted || attempt >= settings.maxAttempts || !isRetryableError(error)) return false;
    const delayMs = retryDelayMs(attempt, error, settings);
    options.onRetry?.({
      provider: model.provider,
      modelId: model.modelId,
      attempt,
      maxAttempts: settings.maxAttempts,
      delayMs,
      retryAfterMs: retryAfterOf(error),
      error,
    });
    await wait(delayMs, signal);
    return true;
  }

  async function generate(request: GenerateRequest, callOptions: CallOptions = {}): Promise<GenerateResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await model.generate(request, callOptions);
      } catch (error) {
        if (!(await shouldRetry(error, attempt, callOptions.signal))) throw error;
      }
    }
  }

  async function* stream(request: GenerateRequest, callOptions: CallOptions = {}): AsyncGenerator<StreamPart> {
    for (let attempt = 1; ; attempt++) {
      const iterator = model.stream(request, callOptions)[Symbol.asyncIterator]();
      let first: IteratorResult<StreamPart>;
      try {
        first = await iterator.next();
      } catch (error) {
        if (await shouldRetry(error, attempt, callOptions.signal)) continue;
        throw error;
      }
      if (!first.done && first.value.type === 'error') {
        // the stream broke before producing anything: as good as a failed request
        await iterator.return?.();
        if (await shouldRetry(first.value.error, attempt, callOptions.signal)) continue;
      }
      try {
        if (first.done) return;
        yield first.value;
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      } finally {
        await iterator.return?.();
      }
      return;
    }
  }

  return { provider: model.provider, modelId: model.modelId, generate, stream };
}
