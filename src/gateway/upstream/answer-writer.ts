/**
 * How an answer is written in the client's API when it is not the upstream's own bytes (an Anthropic or Gemini
 * adapter's answer, or a translated surface over an OpenAI-compatible upstream): the attempts get the answer
 * in the providers' neutral shapes and hand it to one of these. The surfaces' renderers are in
 * handlers/answer-renderers.ts.
 */
import type { ParityError } from '../../errors.js';
import type { GenerateResult, StreamPart } from '../../providers/index.js';
import type { Target } from '../routing/route-table.js';

/** One streamed attempt's writer: SSE text per part, and the text that ends a stream failing after it started. */
export interface PartWriter {
  write(part: StreamPart): string;
  fail(error: ParityError): string;
}

export interface AnswerRenderer {
  /** The JSON body for a whole answer (may throw a ProviderError for an answer the surface cannot express). */
  json(result: GenerateResult, target: Target): unknown;
  /** A writer for one streamed attempt. */
  stream(target: Target): PartWriter;
}
