/** Google Gemini `models/{id}:generateContent` and `:streamGenerateContent?alt=sse`. */
import { type FetchFunction, postEventStream, postJson } from '../http.js';
import { parseJsonWith } from '../json.js';
import type { CallOptions, GenerateResult, LanguageModel, StreamPart, ToolCall, Usage } from '../language-model.js';
import type { GenerateRequest } from '../request.js';
import { UNKNOWN_USAGE, elapsedMs, incompleteStream, streamFailure } from '../stream-support.js';
import { toGenerateContentBody } from './convert-request.js';
import { PartialArgs } from './partial-args.js';
import { type GeminiFunctionCall, convertUsage, generateContentResponseSchema, mapFinishReason } from './schemas.js';

export interface GoogleConfig {
  readonly name: string;
  /** Base URL including the version segment, e.g. `https://generativelanguage.googleapis.com/v1beta`. */
  readonly baseURL: string;
  readonly apiKey?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly fetch?: FetchFunction;
  readonly timeoutMs?: number;
}

/** Tracks function calls across stream chunks, including arguments streamed by path. */
class FunctionCallAssembler {
  readonly calls: ToolCall[] = [];
  private pending: { id: string | undefined; name: string; args: PartialArgs } | undefined;

  /** Feeds one `functionCall` part; returns the calls it completed. */
  push(call: GeminiFunctionCall): ToolCall[] {
    const done: ToolCall[] = [];
    const streaming = call.willContinue === true || call.partialArgs !== undefined;
    if (call.name !== undefined && !streaming) {
      done.push(...this.flush());
      done.push(this.complete(call.id, call.name, JSON.stringify(call.args ?? {})));
      return done;
    }
    if (call.name !== undefined) {
      done.push(...this.flush());
      this.pending = { id: call.id, name: call.name, args: new PartialArgs() };
      for (const [key, value] of Object.entries(call.args ?? {})) this.pending.args.value[key] = value;
    }
    for (const arg of call.partialArgs ?? []) this.pending?.args.apply(arg);
    if (call.willContinue !== true) done.push(...this.flush());
    return done;
  }

  flush(): ToolCall[] {
    const pending = this.pending;
    this.pending = undefined;
    return pending === undefined ? [] : [this.complete(pending.id, pending.name, JSON.stringify(pending.args.value))];
  }

  private complete(id: string | undefined, name: string, input: string): ToolCall {
    const call = { toolCallId: id ?? `call_${this.calls.length}`, toolName: name, input };
    this.calls.push(call);
    return call;
  }
}

export function createGeminiModel(modelId: string, config: GoogleConfig): LanguageModel {
  const provider = config.name;
  const base = `${config.baseURL.replace(/\/+$/, '')}/models/${modelId.replace(/^models\//, '')}`;
  const headers = { ...(config.apiKey === undefined ? {} : { 'x-goog-api-key': config.apiKey }), ...config.headers };
  const call = (request: GenerateRequest, url: string, signal: AbortSignal | undefined) => ({
    provider,
    url,
    headers,
    body: toGenerateContentBody(request, provider),
    signal,
    timeoutMs: config.timeoutMs,
    fetch: config.fetch,
  });

  async function generate(request: GenerateRequest, options: CallOptions = {}): Promise<GenerateResult> {
    const started = performance.now();
    const { value } = await postJson(call(request, `${base}:generateContent`, options.signal), generateContentResponseSchema);
    const candidate = value.candidates?.[0];
    let text = '';
    let reasoning: string | undefined;
    const assembler = new FunctionCallAssembler();
    for (const part of candidate?.content?.parts ?? []) {
      if (part.text !== undefined && part.thought === true) reasoning = (reasoning ?? '') + part.text;
      else if (part.text !== undefined) text += part.text;
      if (part.functionCall !== undefined) assembler.push(part.functionCall);
    }
    assembler.flush();
    const blocked = candidate === undefined && value.promptFeedback?.blockReason !== undefined;
    const rawFinishReason = candidate?.finishReason ?? value.promptFeedback?.blockReason;
    return {
      text,
      reasoning,
      toolCalls: assembler.calls,
      usage: convertUsage(value.usageMetadata) ?? UNKNOWN_USAGE,
      finishReason: blocked ? 'content-filter' : mapFinishReason(rawFinishReason, assembler.calls.length > 0),
      rawFinishReason,
      responseId: value.responseId,
      responseModelId: value.modelVersion,
      latencyMs: elapsedMs(started),
      warnings: [],
    };
  }

  async function* stream(request: GenerateRequest, options: CallOptions = {}): AsyncGenerator<StreamPart> {
    const started = performance.now();
    const { events } = await postEventStream(call(request, `${base}:streamGenerateContent?alt=sse`, options.signal));
    const assembler = new FunctionCallAssembler();
    let usage: Usage = UNKNOWN_USAGE;
    let responseId: string | undefined;
    let responseModelId: string | undefined;
    let rawFinishReason: string | undefined;
    let blocked = false;
    let firstPartMs: number | undefined;
    const markFirst = () => {
      firstPartMs ??= elapsedMs(started);
    };
    function* toolCallParts(calls: ToolCall[]): Generator<StreamPart> {
      for (const done of calls) {
        markFirst();
        yield { type: 'tool-call', ...done };
      }
    }
    try {
      for await (const event of events) {
        const parsed = parseJsonWith(provider, 'stream chunk', event.data, generateContentResponseSchema);
        if (!parsed.success) {
          yield { type: 'error', error: parsed.error };
          return;
        }
        const chunk = parsed.value;
        responseId ??= chunk.responseId;
        responseModelId ??= chunk.modelVersion;
        usage = convertUsage(chunk.usageMetadata) ?? usage;
        const candidate = chunk.candidates?.[0];
        for (const part of candidate?.content?.parts ?? []) {
          if (part.text !== undefined && part.text !== '') {
            markFirst();
            yield { type: part.thought === true ? 'reasoning-delta' : 'text-delta', text: part.text };
          }
          if (part.functionCall !== undefined) yield* toolCallParts(assembler.push(part.functionCall));
        }
        if (candidate?.finishReason !== undefined) rawFinishReason = candidate.finishReason;
        else if (candidate === undefined && chunk.promptFeedback?.blockReason !== undefined) {
          rawFinishReason = chunk.promptFeedback.blockReason;
          blocked = true;
        }
      }
    } catch (error) {
      yield streamFailure(provider, error, options.signal);
      return;
    }
    if (rawFinishReason === undefined) {
      yield incompleteStream(provider, 'finishReason');
      return;
    }
    yield* toolCallParts(assembler.flush());
    yield {
      type: 'finish',
      finishReason: blocked ? 'content-filter' : mapFinishReason(rawFinishReason, assembler.calls.length > 0),
      rawFinishReason,
      usage,
      responseId,
      responseModelId,
      latencyMs: elapsedMs(started),
      firstPartMs,
      warnings: [],
    };
  }

  return { provider, modelId, generate, stream };
}
