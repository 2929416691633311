/**
 * Request tracing behind a small interface. Off by default and free when off: `createTelemetry(undefined)`
 * hands back shared no-op objects (no OpenTelemetry module is imported, nothing is allocated per request);
 * with a config the OpenTelemetry SDK is loaded once, lazily (`otel-telemetry.ts`).
 *
 * One request is one trace: a SERVER span for the request (`chat <requested model>`); when it took more than
 * one try (a retry, a fallback), a CLIENT child span per try with its upstream, provider and outcome. A
 * request answered at its first try is that one span, the try's attributes on it (spans cost CPU on every
 * request; see otel-telemetry.ts).
 *
 *   const trace = telemetry.startRequest('chat', 'messages', body.model, header(request, 'traceparent'));
 *   trace.route(decision.route, decision.reason);
 *   const attempt = trace.attempt(target.upstream, providerName, target.model, attempts);
 *   … send with header traceparent: attempt.traceparent() (when not '') …
 *   attempt.end('ok', 200);
 *   trace.end(logEntry, finishReason);   // the request-log entry the gateway builds anyway
 */
import type { RequestLogInput } from '../../store/index.js';
import type { Operation } from './genai-attributes.js';
import type { TelemetryConfig } from './telemetry-config.js';

/** How one attempt ended, as the fallback walk names it. */
export const ATTEMPT_OUTCOMES = ['ok', 'retry', 'fallback', 'fail', 'circuit-open', 'aborted'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** What the request span reports at the end: the fields of the request-log entry it reads. */
export type TraceSummary = Pick<RequestLogInput, 'status' | 'upstream' | 'model' | 'inputTokens' | 'outputTokens' | 'costUsd' | 'routeReason' | 'error'>;

export interface AttemptTrace {
  /** `status`: the upstream's HTTP status when it answered. */
  end(outcome: AttemptOutcome, status: number | undefined, errorType?: string): void;
  /** The W3C `traceparent` to send upstream ('' when tracing is off or this request is not sampled). */
  traceparent(): string;
}

export interface RequestTrace {
  route(name: string, reason: string): void;
  /** A child span for one try of one upstream; `provider` is the GenAI provider name (`openai`, `anthropic`, …). */
  attempt(upstream: string, provider: string, model: string, attempt: number): AttemptTrace;
  end(summary: TraceSummary, finishReason?: string): void;
}

export type TelemetryEvent = { type: 'export-error'; error: unknown };

export interface GatewayTelemetry {
  readonly enabled: boolean;
  /**
   * `surface`: the API the client spoke (`chat`, `messages`, `responses`, `embeddings`); `requestedModel`
   * undefined for a request refused before its body was read (Host, Origin, key).
   */
  startRequest(operation: Operation, surface: string, requestedModel: string | undefined, traceparent: string | undefined): RequestTrace;
  /** Exports what is queued now. */
  flush(): Promise<void>;
  /** Exports what is queued and stops. */
  shutdown(): Promise<void>;
}

const NOOP_ATTEMPT: AttemptTrace = Object.freeze({
  end: () => undefined,
  traceparent: () => '',
});

const NOOP_TRACE: RequestTrace = Object.freeze({
  route: () => undefined,
  attempt: () => NOOP_ATTEMPT,
  end: () => undefined,
});

/** Tracing off: every call returns the same frozen no-op objects. */
export const NOOP_TELEMETRY: GatewayTelemetry = Object.freeze({
  enabled: false,
  startRequest: () => NOOP_TRACE,
  flush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
});

export interface TelemetryOptions {
  /** Where `headersFromEnv` are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Export failures (the collector refused or was unreachable): a lost measurement, reported, never silent. */
  onEvent?: (event: TelemetryEvent) => void;
}

/** No config: the no-op (nothing loaded). A config: the OpenTelemetry SDK, imported now. */
export async function createTelemetry(config: TelemetryConfig | undefined, options: TelemetryOptions = {}): Promise<GatewayTelemetry> {
  if (config === undefined) return NOOP_TELEMETRY;
  const { createOtelTelemetry } = await import('./otel-telemetry.js');
  return createOtelTelemetry(config, options);
}
