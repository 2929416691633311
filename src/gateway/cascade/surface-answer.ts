/**
 * A cascade's accepted answer (a Chat Completions JSON) written in a translated surface's API (Anthropic
 * Messages, Responses): read into the providers' neutral result once, then the surface's renderer writes it as
 * one JSON body or, for a streaming request, as the surface's events (the whole answer at once: it was
 * buffered to be verified).
 */
import type { ServerResponse } from 'node:http';
import type { GenerateResult, StreamPart } from '../../providers/index.js';
import { parseChatCompletion } from '../../providers/index.js';
import type { AnswerRenderer } from '../upstream/answer-writer.js';
import { STREAM_HEADERS } from '../upstream/passthrough.js';
import type { StepAnswer } from './run-cascade.js';

/** The parts a stream of this whole result would have carried. */
export function resultParts(result: GenerateResult): StreamPart[] {
  const parts: StreamPart[] = [];
  if (result.reasoning !== undefined && result.reasoning !== '') parts.push({ type: 'reasoning-delta', text: result.reasoning });
  if (result.text !== '') parts.push({ type: 'text-delta', text: result.text });
  for (const call of result.toolCalls) parts.push({ type: 'tool-call', ...call });
  parts.push({
    type: 'finish',
    finishReason: result.finishReason,
    rawFinishReason: result.rawFinishReason,
    usage: result.usage,
    responseId: result.responseId,
    responseModelId: result.responseModelId,
    latencyMs: result.latencyMs,
    firstPartMs: undefined,
    warnings: result.warnings,
  });
  return parts;
}

export function deliverRendered(renderer: AnswerRenderer, answer: StepAnswer, headers: readonly string[], response: ServerResponse, stream: boolean): void {
  const result = parseChatCompletion(answer.target.upstream, answer.bytes.toString('utf8'), undefined, answer.status);
  if (response.destroyed) return;
  if (stream) {
    const writer = renderer.stream(answer.target);
    response.writeHead(200, [...headers, ...STREAM_HEADERS]);
    response.end(resultParts(result).map((part) => writer.write(part)).join(''));
    return;
  }
  const bytes = Buffer.from(JSON.stringify(renderer.json(result, answer.target)), 'utf8');
  response.writeHead(200, [...headers, 'content-type', 'application/json', 'content-length', String(bytes.length)]);
  response.end(bytes);
}
