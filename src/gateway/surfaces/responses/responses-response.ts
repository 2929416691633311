/**
 * A model's answer (the providers' GenerateResult) → the OpenAI Responses `response` object. The streaming
 * writer (`responses-stream.ts`) builds its `response.created` and `response.completed` objects with the same
 * `responseObject`, so both ways end in the same object.
 */
import { ProviderError } from '../../../errors.js';
import type { FinishReason, GenerateResult, Usage } from '../../../providers/index.js';
import { newId } from '../ids.js';
import type { ResponsesRequest } from './responses-request.js';

export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: [];
  logprobs: [];
}
export interface MessageOutput {
  id: string;
  type: 'message';
  status: 'in_progress' | 'completed' | 'incomplete';
  role: 'assistant';
  content: OutputText[];
}
export interface FunctionCallOutput {
  id: string;
  type: 'function_call';
  status: 'in_progress' | 'completed' | 'incomplete';
  call_id: string;
  name: string;
  arguments: string;
}
export interface ReasoningOutput {
  id: string;
  type: 'reasoning';
  summary: [];
  content: Array<{ type: 'reasoning_text'; text: string }>;
}
export type OutputItem = MessageOutput | FunctionCallOutput | ReasoningOutput;

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export const RESPONSE_STATUSES = ['in_progress', 'completed', 'incomplete', 'failed'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

export type ResponseObject = Record<string, unknown> & {
  id: string;
  object: 'response';
  status: ResponseStatus;
  output: OutputItem[];
  usage: ResponsesUsage | null;
};

/** One response's ids: `resp_…`, and its items' (`msg_…`, `fc_…`, `rs_…`) with the same stem. */
export class ResponseIds {
  readonly response = newId('resp');
  private readonly stem = this.response.slice('resp_'.length);
  private next = 0;
  item(prefix: 'msg' | 'fc' | 'rs'): string {
    return `${prefix}_${this.stem}${(this.next++).toString(16).padStart(2, '0')}`;
  }
}

/** Where an answer stands, in the Responses API's words. `error` is no status of an answer: it is a failure. */
export function statusOf(finishReason: FinishReason, upstream: string): { status: 'completed' | 'incomplete'; incomplete: string | null } {
  switch (finishReason) {
    case 'length':
      return { status: 'incomplete', incomplete: 'max_output_tokens' };
    case 'content-filter':
      return { status: 'incomplete', incomplete: 'content_filter' };
    case 'error':
      throw new ProviderError(upstream, 'the model stopped with an error (finish_reason "error")', { isRetryable: false });
    default:
      return { status: 'completed', incomplete: null };
  }
}

/** Usage in the Responses API's words; null when the upstream reported none (never zeros). */
export function responsesUsage(usage: Usage): ResponsesUsage | null {
  if (usage.inputTokens === undefined || usage.outputTokens === undefined) return null;
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

export interface ResponseContext {
  ids: ResponseIds;
  /** Seconds since the epoch. */
  createdAt: number;
  request: ResponsesRequest;
  /** The model named in the response (the client's requested name or the target's model). */
  model: string;
}

/** The response object around `output`; the request's settings are echoed as the Responses API does. */
export function responseObject(
  context: ResponseContext,
  status: ResponseStatus,
  output: OutputItem[],
  usage: ResponsesUsage | null,
  details: { incomplete?: string | null; error?: { code: string; message: string } | null } = {},
): ResponseObject {
  const request = context.request;
  return {
    id: context.ids.response,
    object: 'response',
    created_at: context.createdAt,
    status,
    background: false,
    error: details.error ?? null,
    incomplete_details: details.incomplete === undefined || details.incomplete === null ? null : { reason: details.incomplete },
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    model: context.model,
    output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: null },
    store: request.store === true,
    temperature: request.temperature ?? null,
    text: { format: request.text?.format ?? { type: 'text' } },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_p: request.top_p ?? null,
    truncation: request.truncation ?? 'disabled',
    usage,
    user: request.user ?? null,
    metadata: request.metadata ?? {},
  };
}

export function outputTextPart(text: string): OutputText {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

/**
 * The non-streamed response: reasoning, then the message, then the function calls. When the answer was cut
 * (`incomplete`), its last item is the one marked incomplete, as in a stream.
 */
export function toResponseObject(result: GenerateResult, upstream: string, context: ResponseContext): ResponseObject {
  const { status, incomplete } = statusOf(result.finishReason, upstream);
  const output: OutputItem[] = [];
  if (result.reasoning !== undefined && result.reasoning !== '') {
    output.push({ id: context.ids.item('rs'), type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: result.reasoning }] });
  }
  if (result.text !== '') {
    output.push({ id: context.ids.item('msg'), type: 'message', status: 'completed', role: 'assistant', content: [outputTextPart(result.text)] });
  }
  for (const call of result.toolCalls) {
    output.push({ id: context.ids.item('fc'), type: 'function_call', status: 'completed', call_id: call.toolCallId, name: call.toolName, arguments: call.input });
  }
  const last = output.at(-1);
  if (status === 'incomplete' && last !== undefined && last.type !== 'reasoning') last.status = 'incomplete';
  return responseObject(context, status, output, responsesUsage(result.usage), { incomplete });
}
