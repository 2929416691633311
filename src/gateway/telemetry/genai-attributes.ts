/**
 * Span attribute names: the OpenTelemetry GenAI semantic conventions (semantic-conventions 1.37+, where
 * `gen_ai.provider.name` replaced `gen_ai.system`), the HTTP and error ones, and parity's own under `parity.*`
 * for what the conventions have no name for (cost, the route decision, fallback attempts).
 */
export const ATTRIBUTES = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  finishReasons: 'gen_ai.response.finish_reasons',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  statusCode: 'http.response.status_code',
  errorType: 'error.type',
  serviceName: 'service.name',
  surface: 'parity.surface',
  costUsd: 'parity.cost_usd',
  routeName: 'parity.route.name',
  routeReason: 'parity.route.reason',
  upstream: 'parity.upstream',
  attempt: 'parity.attempt',
  attemptOutcome: 'parity.attempt.outcome',
} as const;

/** GenAI operation names parity serves. */
export const OPERATIONS = ['chat', 'embeddings'] as const;
export type Operation = (typeof OPERATIONS)[number];
