/**
 * The gateway's side of the cascade port: one non-streaming chat call over a step's fallback chain (retries,
 * circuits and all, as any request), through the same pass-through clients and adapters, with the answer
 * captured instead of sent to the client. The cascade's steps and its LLM judges both call through here, so
 * every call is priced from the same table and health is counted the same way.
 */
import { ParityError, ProviderError } from '../../errors.js';
import type { GenerateResult, LanguageModel, Provider } from '../../providers/index.js';
import type { GenerateRequest } from '../../providers/index.js';
import type { GatewayContext } from '../context.js';
import type { ChatRequest } from '../request/chat-request.js';
import type { Target } from '../routing/route-table.js';
import { signalFor } from '../upstream/adapter.js';
import { runWithFallback, type AttemptResult } from '../upstream/fallback.js';
import { toChatCompletion, toGenerateRequest } from '../upstream/openai-translate.js';
import { emptyProgress, forwardJson, type AttemptProgress } from '../upstream/passthrough.js';
import type { RequestAbort } from '../upstream/request-abort.js';
import type { ServerResponse } from 'node:http';
import { chatCompletionSchema, answerText } from './chat-completion.js';
import type { CascadeStep, StepResult } from './run-cascade.js';

export type ChatBody = Record<string, unknown> & { model: string; messages?: unknown };

/** Calls one step (its chain) with `body`; `bodyFor` may give a target another body (the privacy rule's redaction). */
export type StepCaller = (step: CascadeStep, body: ChatBody) => Promise<StepResult>;

export interface StepCallerOptions {
  abort: RequestAbort;
  /** The client's response (never written to by a step call; the pass-through needs it for back-pressure only). */
  response: ServerResponse;
  /** The body a target gets (default: the body itself). */
  bodyFor?: (target: Target, body: ChatBody) => ChatBody;
  /** Called with each attempt's target (the exchange's `target`, for traces and logs of failures). */
  onAttempt?: (target: Target) => void;
}

const checkChat = (value: unknown): string | undefined => (chatCompletionSchema.safeParse(value).success ? undefined : 'not a chat completion with choices[0].message');

/** An Anthropic or Gemini upstream, through its adapter: the answer as a chat completion, captured. */
async function generateAt(provider: Provider, target: Target, body: ChatBody, progress: AttemptProgress, signal: AbortSignal): Promise<AttemptResult<number>> {
  try {
    const result = await provider.languageModel(target.model).generate(toGenerateRequest(body as unknown as ChatRequest), { signal });
    progress.status = 200;
    progress.firstByteAt = performance.now();
    progress.usage = result.usage.inputTokens === undefined ? undefined : { promptTokens: result.usage.inputTokens, completionTokens: result.usage.outputTokens ?? 0 };
    progress.captured = Buffer.from(JSON.stringify(toChatCompletion(result, target.model)), 'utf8');
    return { ok: true, value: 200 };
  } catch (error) {
    const failure = error instanceof ParityError ? error : new ProviderError(target.upstream, error instanceof Error ? error.message : String(error), { isRetryable: true }, { cause: error });
    return { ok: false, error: failure, committed: false };
  }
}

export function createStepCaller(context: GatewayContext, options: StepCallerOptions): StepCaller {
  const { abort, response } = options;
  let signal: AbortSignal | undefined;
  const signalOf = (): AbortSignal => (signal ??= signalFor(abort));
  return async (step, body) => {
    let progress: AttemptProgress = emptyProgress();
    const attempt = (target: Target): Promise<AttemptResult<number>> => {
      options.onAttempt?.(target);
      progress = emptyProgress();
      const { stream: _stream, stream_options: _options, ...rest } = options.bodyFor?.(target, body) ?? body;
      const sent: ChatBody = { ...rest, model: target.model };
      const provider = context.adapters.get(target.upstream);
      if (provider !== undefined) {
        return generateAt(provider, target, sent, progress, signalOf());
      }
      const client = context.clients.get(target.upstream);
      if (client === undefined) throw new Error(`no client for upstream ${target.upstream}`);
      return forwardJson({ client, path: '/chat/completions', body: JSON.stringify(sent), response, headers: [], signal: abort, keepBody: false, capture: true, deliver: false, progress, check: checkChat });
    };
    const outcome = await runWithFallback(step.chain, attempt, { retry: context.config.retry, state: context.state, metrics: context.metrics, signal: abort });
    if (!outcome.ok) return { ok: false, error: outcome.error, target: outcome.target };
    const bytes = progress.captured as Buffer;
    const completion = chatCompletionSchema.parse(JSON.parse(bytes.toString('utf8'))); // checked by checkChat / built by the adapter
    return { ok: true, answer: { target: outcome.target, status: outcome.value, completion, bytes, usage: progress.usage, firstByteAt: progress.firstByteAt } };
  };
}

/**
 * An LLM judge's model as a name of this gateway (alias, group or target): its calls go through `call`, and
 * `responseModelId` reports the target that answered (`<upstream>/<model>`) so the judge call is priced there.
 */
export function gatewayJudgeModel(step: CascadeStep, call: StepCaller, ref: string): LanguageModel {
  return {
    provider: 'parity-gateway',
    modelId: ref,
    async generate(request: GenerateRequest): Promise<GenerateResult> {
      const started = performance.now();
      const messages = request.messages.map((message) => ({ role: message.role, content: typeof message.content === 'string' ? message.content : JSON.stringify(message.content) }));
      const body: ChatBody = { model: ref, messages, temperature: request.temperature ?? 0 };
      const result = await call(step, body);
      if (!result.ok) throw result.error;
      const { completion, usage, target } = result.answer;
      return {
        text: answerText(completion).text,
        reasoning: undefined,
        toolCalls: [],
        usage: { inputTokens: usage?.promptTokens, outputTokens: usage?.completionTokens },
        finishReason: 'stop',
        rawFinishReason: completion.choices[0]?.finish_reason ?? undefined,
        responseId: completion.id,
        responseModelId: target.ref,
        latencyMs: performance.now() - started,
        warnings: [],
      };
    },
    // eslint-disable-next-line require-yield
    async *stream() {
      throw new ProviderError('parity-gateway', 'a cascade judge is called without streaming', { isRetryable: false });
    },
  };
}
