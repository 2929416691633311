/**
 * The OpenTelemetry side of `telemetry.ts`, imported only when tracing is configured: a tracer provider of
 * its own (nothing global is registered, so an application embedding the gateway keeps its own), a batch
 * processor and the official OTLP/HTTP exporter (protobuf or JSON; only the one configured is loaded). An
 * incoming `traceparent` is continued.
 *
 * Spans cost CPU on every request (measured with `node --cpu-prof` under the gateway bench: creating the span,
 * setting its attributes, the exporter's protobuf encoding), so the common case is kept to one span and to as
 * little work around the SDK as possible:
 * - a request answered at its first try is a single span carrying the attempt's attributes too; as soon as a
 *   try fails or a second one starts, every try is a child span of its own (the first one backdated to when it
 *   started — its attributes and start time are only turned into a span then);
 * - the `traceparent` sent upstream is read off the span's own context (no context object, no propagator per
 *   request); it names the request span for a first try and the attempt's span for later ones;
 * - a sample ratio of 1 (or 0) is the always-on (always-off) sampler, not a ratio test of every trace id;
 * - no context manager: parents are passed explicitly, so nothing is propagated across awaits.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { parseTraceParent } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type ReadableSpan,
  type Sampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { ConfigError } from '../../errors.js';
import { ATTRIBUTES, type Operation } from './genai-attributes.js';
import type { AttemptOutcome, AttemptTrace, GatewayTelemetry, RequestTrace, TelemetryOptions, TraceSummary } from './telemetry.js';
import type { TelemetryConfig } from './telemetry-config.js';

type ExportResult = Parameters<Parameters<SpanExporter['export']>[1]>[0];

/** The exporter, reporting each failed export through `onEvent` (the SDK would only log it). */
function reporting(exporter: SpanExporter, onEvent: TelemetryOptions['onEvent']): SpanExporter {
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      exporter.export(spans, (result) => {
        if (result.code !== 0) onEvent?.({ type: 'export-error', error: result.error ?? new Error('the OTLP export failed') });
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

function headersOf(config: TelemetryConfig, env: NodeJS.ProcessEnv): Record<string, string> {
  const headers = { ...config.headers };
  for (const [name, variable] of Object.entries(config.headersFromEnv)) {
    const value = env[variable];
    if (value === undefined || value === '') throw new ConfigError(`telemetry.headersFromEnv.${name}`, `the environment variable ${variable} is not set`);
    headers[name] = value;
  }
  return headers;
}

/** The W3C `traceparent` of a span (version 00), as the SDK's W3C propagator writes it; '' when not sampled. */
function traceparentOf(span: Span): string {
  if (!span.isRecording()) return '';
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${(traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** The root sampler: ratios 1 and 0 need no test of the trace id. */
function rootSampler(ratio: number): Sampler {
  if (ratio >= 1) return new AlwaysOnSampler();
  if (ratio <= 0) return new AlwaysOffSampler();
  return new TraceIdRatioBasedSampler(ratio);
}

/** Only the configured exporter is loaded (each pulls in its serializer). */
async function createExporter(config: TelemetryConfig, headers: Record<string, string>): Promise<SpanExporter> {
  const exporterConfig = { url: config.endpoint, headers, timeoutMillis: config.exportTimeoutMs };
  if (config.protocol === 'http/json') return new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter(exporterConfig);
  return new (await import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter(exporterConfig);
}

function endAttempt(span: Span, outcome: AttemptOutcome, status: number | undefined, errorType: string | undefined): void {
  span.setAttribute(ATTRIBUTES.attemptOutcome, outcome);
  if (status !== undefined) span.setAttribute(ATTRIBUTES.statusCode, status);
  if (outcome !== 'ok') {
    span.setAttribute(ATTRIBUTES.errorType, errorType ?? (status === undefined ? outcome : String(status)));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
}

type Tracer = ReturnType<BasicTracerProvider['getTracer']>;

class OtelRequest implements RequestTrace {
  private context: Context | undefined;

  constructor(
    private readonly tracer: Tracer,
    private readonly operation: Operation,
    readonly span: Span,
  ) {}

  route(name: string, reason: string): void {
    this.span.setAttribute(ATTRIBUTES.routeName, name);
    this.span.setAttribute(ATTRIBUTES.routeReason, reason);
  }

  attempt(upstream: string, provider: string, model: string, attempt: number): AttemptTrace {
    if (attempt === 1) return new FirstAttempt(this, upstream, provider, model, performance.now());
    return new ChildAttempt(this.child(upstream, provider, model, attempt, undefined));
  }

  /** A CLIENT span under the request span; `startTime` a `performance.now()` reading (the SDK converts it). */
  child(upstream: string, provider: string, model: string, attempt: number, startTime: number | undefined): Span {
    this.context ??= trace.setSpan(ROOT_CONTEXT, this.span);
    const attributes: Attributes = {
      [ATTRIBUTES.operationName]: this.operation,
      [ATTRIBUTES.providerName]: provider,
      [ATTRIBUTES.requestModel]: model,
      [ATTRIBUTES.upstream]: upstream,
      [ATTRIBUTES.attempt]: attempt,
    };
    return this.tracer.startSpan(`${this.operation} ${model}`, { kind: SpanKind.CLIENT, attributes, startTime }, this.context);
  }

  end(summary: TraceSummary, finishReason?: string): void {
    const span = this.span;
    span.setAttribute(ATTRIBUTES.statusCode, summary.status);
    if (summary.upstream !== null && summary.upstream !== undefined) span.setAttribute(ATTRIBUTES.upstream, summary.upstream);
    if (summary.model !== null && summary.model !== undefined) span.setAttribute(ATTRIBUTES.responseModel, summary.model);
    if (typeof summary.inputTokens === 'number') span.setAttribute(ATTRIBUTES.inputTokens, summary.inputTokens);
    if (typeof summary.outputTokens === 'number') span.setAttribute(ATTRIBUTES.outputTokens, summary.outputTokens);
    if (typeof summary.costUsd === 'number') span.setAttribute(ATTRIBUTES.costUsd, summary.costUsd);
    if (typeof summary.routeReason === 'string') span.setAttribute(ATTRIBUTES.routeReason, summary.routeReason);
    if (finishReason !== undefined) span.setAttribute(ATTRIBUTES.finishReasons, [finishReason]);
    const failed = summary.status >= 500 || (summary.error !== null && summary.error !== undefined && summary.status >= 400);
    if (failed) {
      span.setAttribute(ATTRIBUTES.errorType, String(summary.status));
      span.setStatus({ code: SpanStatusCode.ERROR, ...(typeof summary.error === 'string' ? { message: summary.error } : {}) });
    }
    span.end();
  }
}

/** A request's first try: its attributes go on the request span when it succeeds, else it becomes a child span. */
class FirstAttempt implements AttemptTrace {
  constructor(
    private readonly request: OtelRequest,
    private readonly upstream: string,
    private readonly provider: string,
    private readonly model: string,
    private readonly startTime: number,
  ) {}

  end(outcome: AttemptOutcome, status: number | undefined, errorType?: string): void {
    if (outcome === 'ok') {
      // one span for the whole request: the provider and model asked are the attempt's
      const span = this.request.span;
      span.setAttribute(ATTRIBUTES.providerName, this.provider);
      span.setAttribute(ATTRIBUTES.upstream, this.upstream);
      span.setAttribute(ATTRIBUTES.attempt, 1);
      span.setAttribute(ATTRIBUTES.attemptOutcome, 'ok');
      return;
    }
    const span = this.request.child(this.upstream, this.provider, this.model, 1, this.startTime);
    endAttempt(span, outcome, status, errorType);
    span.end();
  }

  traceparent(): string {
    return traceparentOf(this.request.span);
  }
}

class ChildAttempt implements AttemptTrace {
  constructor(private readonly span: Span) {}

  end(outcome: AttemptOutcome, status: number | undefined, errorType?: string): void {
    endAttempt(this.span, outcome, status, errorType);
    this.span.end();
  }

  traceparent(): string {
    return traceparentOf(this.span);
  }
}

export async function createOtelTelemetry(config: TelemetryConfig, options: TelemetryOptions): Promise<GatewayTelemetry> {
  const exporter = await createExporter(config, headersOf(config, options.env ?? process.env));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTRIBUTES.serviceName]: config.serviceName }),
    sampler: new ParentBasedSampler({ root: rootSampler(config.sampleRatio) }),
    spanProcessors: [
      new BatchSpanProcessor(reporting(exporter, options.onEvent), {
        maxQueueSize: config.maxQueueSize,
        maxExportBatchSize: Math.min(512, config.maxQueueSize),
        scheduledDelayMillis: config.exportIntervalMs,
        exportTimeoutMillis: config.exportTimeoutMs,
      }),
    ],
  });
  const tracer = provider.getTracer('parity-gateway');

  return {
    enabled: true,
    startRequest(operation, surface, requestedModel, traceparent) {
      const remote = traceparent === undefined ? null : parseTraceParent(traceparent);
      const parent = remote === null ? ROOT_CONTEXT : trace.setSpanContext(ROOT_CONTEXT, remote);
      const attributes: Attributes = { [ATTRIBUTES.operationName]: operation, [ATTRIBUTES.surface]: surface };
      if (requestedModel !== undefined) attributes[ATTRIBUTES.requestModel] = requestedModel;
      const name = requestedModel === undefined ? operation : `${operation} ${requestedModel}`;
      return new OtelRequest(tracer, operation, tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent));
    },
    // a failed export was reported through onEvent already; flushing and stopping never throw for it
    flush: () => provider.forceFlush().catch(() => undefined),
    shutdown: () => provider.shutdown().catch(() => undefined),
  };
}
