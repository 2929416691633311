/**
 * The APIs a client can speak to the gateway's model routes, and what differs between them outside the
 * request and answer shapes (those are in parse-request.ts and answer-renderers.ts): the error shape, the body
 * limit that applies, the GenAI operation a trace names.
 */
import type { LimitsConfig } from '../config/schema.js';
import type { ErrorShape } from '../http/io.js';
import type { Operation } from '../telemetry/genai-attributes.js';

export const SURFACE_NAMES = ['chat', 'embeddings', 'messages', 'count_tokens', 'responses'] as const;
export type SurfaceName = (typeof SURFACE_NAMES)[number];

export interface SurfaceTraits {
  errors: ErrorShape;
  /** Which of `limits.body` bounds the request body. */
  bodyLimit: Exclude<keyof LimitsConfig['body'], 'admin'>;
  operation: Operation;
}

export const SURFACES: Readonly<Record<SurfaceName, SurfaceTraits>> = Object.freeze({
  chat: { errors: 'openai', bodyLimit: 'chat', operation: 'chat' },
  embeddings: { errors: 'openai', bodyLimit: 'embeddings', operation: 'embeddings' },
  messages: { errors: 'anthropic', bodyLimit: 'chat', operation: 'chat' },
  count_tokens: { errors: 'anthropic', bodyLimit: 'chat', operation: 'chat' },
  responses: { errors: 'openai', bodyLimit: 'chat', operation: 'chat' },
});
