/**
 * The OpenTelemetry side of `telemetry.ts`, imported only when tracing is configured: a tracer provider of
 * its own (nothing global is registered, so an application embedding the gateway keeps its own), a batch
 * processor and the official OTLP/HTTP exporter. An incoming `traceparent` is continued; the attempt spans
 * give the `traceparent` to send upstream.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, defaultTextMapSetter, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { W3CTraceContextPropagator, parseTraceParent } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
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

class OtelAttempt implements AttemptTrace {
  constructor(private readonly span: Span) {}

  end(outcome: AttemptOutcome, status: number | undefined, errorType?: string): void {
    this.span.setAttribute(ATTRIBUTES.attemptOutcome, outcome);
    if (status !== undefined) this.span.setAttribute(ATTRIBUTES.statusCode, status);
    if (outcome !== 'ok') {
      this.span.setAttribute(ATTRIBUTES.errorType, errorType ?? (status === undefined ? outcome : String(status)));
      this.span.setStatus({ code: SpanStatusCode.ERROR });
    }
    this.span.end();
  }

  traceparent(): string {
    if (!this.span.isRecording()) return '';
    const carrier: Record<string, string> = {};
    propagator.inject(trace.setSpan(ROOT_CONTEXT, this.span), carrier, defaultTextMapSetter);
    return carrier.traceparent ?? '';
  }
}

class OtelRequest implements RequestTrace {
  private readonly context: Context;

  constructor(
    private readonly tracer: ReturnType<BasicTracerProvider['getTracer']>,
    private readonly operation: Operation,
    private readonly span: Span,
  ) {
    this.context = trace.setSpan(ROOT_CONTEXT, span);
  }

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
    return new OtelAttempt(this.tracer.startSpan(`${this.operation} ${model}`, { kind: SpanKind.CLIENT, attributes }, this.context));
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

export function createOtelTelemetry(config: TelemetryConfig, options: TelemetryOptions): GatewayTelemetry {
  const exporter = new OTLPTraceExporter({ url: config.endpoint, headers: headersOf(config, options.env ?? process.env), timeoutMillis: config.exportTimeoutMs });
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
        [ATTRIBUTES.requestModel]: requestedModel,
        [ATTRIBUTES.surface]: surface,
      };
      return new OtelRequest(tracer, operation, tracer.startSpan(`${operation} ${requestedModel}`, { kind: SpanKind.SERVER, attributes }, parent));
    },
    // a failed export was reported through onEvent already; flushing and stopping never throw for it
    flush: () => provider.forceFlush().catch(() => undefined),
    shutdown: () => provider.shutdown().catch(() => undefined),
  };
}
