/**
 * `withLimits(model, limiter)`: runs every call of `model` through a Limiter. Share one Limiter between all
 * models of a provider to enforce that provider's concurrency and per-minute limits.
 */
import type { CallOptions, GenerateResult, LanguageModel, StreamPart, Usage } from '../language-model.js';
import { type GenerateRequest, messageText } from '../request.js';
import { Limiter, type LimiterOptions } from './limiter.js';

export interface WithLimitsOptions {
  /** Tokens a request is expected to use, reserved before it runs (default: characters/4 + maxTokens or 1024). */
  estimateTokens?: (request: GenerateRequest) => number;
}

export function estimateTokens(request: GenerateRequest): number {
  let characters = 0;
  for (const message of request.messages) characters += messageText(message).length;
  return Math.ceil(characters / 4) + (request.maxTokens ?? 1024);
}

function usedTokens(usage: Usage): number | undefined {
  if (usage.inputTokens === undefined || usage.outputTokens === undefined) return undefined;
  return usage.inputTokens + usage.outputTokens;
}

export function withLimits(model: LanguageModel, limits: Limiter | LimiterOptions, options: WithLimitsOptions = {}): LanguageModel {
  const limiter = limits instanceof Limiter ? limits : new Limiter(limits);
  const estimate = (request: GenerateRequest) => (limiter.tracksTokens ? (options.estimateTokens ?? estimateTokens)(request) : 0);

  async function generate(request: GenerateRequest, callOptions: CallOptions = {}): Promise<GenerateResult> {
    const permit = await limiter.acquire(estimate(request), callOptions.signal);
    let used: number | undefined;
    try {
      const result = await model.generate(request, callOptions);
      used = usedTokens(result.usage);
      return result;
    } finally {
      permit.release(used);
    }
  }

  async function* stream(request: GenerateRequest, callOptions: CallOptions = {}): AsyncGenerator<StreamPart> {
    const permit = await limiter.acquire(estimate(request), callOptions.signal);
    let used: number | undefined;
    try {
      for await (const part of model.stream(request, callOptions)) {
        if (part.type === 'finish') used = usedTokens(part.usage);
        yield part;
      }
    } finally {
      permit.release(used);
    }
  }

  return { provider: model.provider, modelId: model.modelId, generate, stream };
}
