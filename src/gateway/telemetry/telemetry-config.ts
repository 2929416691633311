/**
 * Tracing settings (the gateway config's `telemetry:` section in phase 2). Absent means off: the gateway then
 * loads no OpenTelemetry code at all.
 */
import { z } from 'zod';

export const telemetryConfigSchema = z
  .object({
    /** The OTLP/HTTP traces URL of a collector, e.g. http://127.0.0.1:4318/v1/traces. */
    endpoint: z.url({ protocol: /^https?$/ }).describe('OTLP/HTTP traces URL, e.g. http://127.0.0.1:4318/v1/traces'),
    /** OTLP/HTTP encoding: protobuf (OTLP's default, and about three times cheaper to encode) or JSON. */
    protocol: z.enum(['http/protobuf', 'http/json']).default('http/protobuf'),
    /** Extra headers sent with every export. */
    headers: z.record(z.string(), z.string()).default({}),
    /** Headers whose values are read from environment variables (header name → variable), for tokens. */
    headersFromEnv: z.record(z.string(), z.string().min(1)).default({}),
    /** `service.name` of the resource. */
    serviceName: z.string().min(1).default('parity-gateway'),
    /** Share of requests traced (a request that arrives with a sampled `traceparent` follows its caller). */
    sampleRatio: z.number().min(0).max(1).default(1),
    /** How often queued spans are exported. */
    exportIntervalMs: z.number().int().positive().default(5_000),
    /** Time allowed for one export. */
    exportTimeoutMs: z.number().int().positive().default(10_000),
    /** Spans kept while the collector is slow; more are dropped (and counted by the SDK), never queued unbounded. */
    maxQueueSize: z.number().int().positive().max(1_000_000).default(2_048),
  })
  .strict()
  .describe('OpenTelemetry traces (OTLP/HTTP) with the GenAI semantic conventions; off when absent');
export type TelemetryConfig = z.infer<typeof telemetryConfigSchema>;
export type TelemetryConfigInput = z.input<typeof telemetryConfigSchema>;
