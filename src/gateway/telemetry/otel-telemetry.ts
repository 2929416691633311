/**
 * The OpenTelemetry side of `telemetry.ts`, imported only when tracing is configured: a tracer provider of
 * its own (nothing global is registered, so an application embedding the gateway keeps its own), a batch
 * processor and the official OTLP/HTTP exporter (protobuf or JSON). An incoming `traceparent` is continued.
 *
 * Spans cost CPU on every request, so the common case is kept to one: a request answered at its first try
 * is a single span carrying the attempt's attributes too; as soon as a try fails or a second one starts,
 * every try is a child span of its own (the first one backdated to when it started). The `traceparent` sent
 * upstream names the request span for a first try and the attempt's span for later ones.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, defaultTextMapSetter, trace, type Attributes, type Context, type HrTime, type Span } from '@opentelemetry/api';
import { W3CTraceContextPropagator, hrTime, parseTraceParent } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type ReadableSpan,
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

const propagator = new W3CTraceContextPropagator();

function traceparentOf(span: Span): string {
  if (!span.isRecording()) return '';
  const carrier: Record<string, string> = {};
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
  return carrier.traceparent ?? '';
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
    const attributes: Attributes = {
      [ATTRIBUTES.operationName]: this.operation,
      [ATTRIBUTES.providerName]: provider,
      [ATTRIBUTES.requestModel]: model,
      [ATTRIBUTES.upstream]: upstream,
      [ATTRIBUTES.attempt]: attempt,
    };
    if (attempt === 1) return new FirstAttempt(this, attributes, hrTime());
    return new ChildAttempt(this.child(attributes, undefined));
  }

  /** A CLIENT span under the request span. */
  child(attributes: Attributes, startTime: HrTime | undefined): Span {
    this.context ??= trace.setSpan(ROOT_CONTEXT, this.span);
    const options = { kind: SpanKind.CLIENT, attributes, ...(startTime === undefined ? {} : { startTime }) };
    return this.tracer.startSpan(`${this.operation} ${String(attributes[ATTRIBUTES.requestModel])}`, options, this.context);
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
    private readonly attributes: Attributes,
    private readonly startTime: HrTime,
  ) {}

  end(outcome: AttemptOutcome, status: number | undefined, errorType?: string): void {
    if (outcome === 'ok') {
      // one span for the whole request: the provider and model asked are the attempt's
      this.request.span.setAttributes({ [ATTRIBUTES.providerName]: this.attributes[ATTRIBUTES.providerName] as string, [ATTRIBUTES.upstream]: this.attributes[ATTRIBUTES.upstream] as string, [ATTRIBUTES.attempt]: 1, [ATTRIBUTES.attemptOutcome]: 'ok' });
      return;
    }
    const span = this.request.child(this.attributes, this.startTime);
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

export function createOtelTelemetry(config: TelemetryConfig, options: TelemetryOptions): GatewayTelemetry {
  const exporterConfig = { url: config.endpoint, headers: headersOf(config, options.env ?? process.env), timeoutMillis: config.exportTimeoutMs };
  const exporter = config.protocol === 'http/json' ? new JsonTraceExporter(exporterConfig) : new ProtobufTraceExporter(exporterConfig);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTRIBUTES.serviceName]: config.serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRatio) }),
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
      const attributes: Attributes = {
        [ATTRIBUTES.operationName]: operation,
        [ATTRIBUTES.surface]: surface,
        ...(requestedModel === undefined ? {} : { [ATTRIBUTES.requestModel]: requestedModel }),
      };
      const name = requestedModel === undefined ? operation : `${operation} ${requestedModel}`;
      return new OtelRequest(tracer, operation, tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent));
    },
    // a failed export was reported through onEvent already; flushing and stopping never throw for it
    flush: () => provider.forceFlush().catch(() => undefined),
    shutdown: () => provider.shutdown().catch(() => undefined),
  };
}
