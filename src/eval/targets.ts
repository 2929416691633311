/**
 * Turns model references into eval targets: a provider model wrapped with retries and limits, its price and
 * its open/closed status. Prices come from a lookup the caller supplies (the catalog), overridable per model.
 */
import { ConfigError } from '../errors.js';
import {
  parseModelRef,
  resolveLanguageModel,
  withLimits,
  withRetry,
  type LanguageModel,
  type ReplaySettings,
  type ResolveOptions,
  type RetryEvent,
} from '../providers/index.js';
import type { EvalTarget, TargetResponse } from './runner/ports.js';

export { costOf } from './runner/ports.js';
import type { SuiteProvider } from './suite/schema.js';

/** Hosts that run on your own hardware: an API list price would be the wrong cost for them. */
export const SELF_HOSTED_PROVIDERS: ReadonlySet<string> = new Set(['ollama', 'vllm', 'llamacpp', 'lmstudio', 'openai-compatible', 'replay']);

/** What the catalog knows of a model: its price and whether its weights are open. */
export interface ModelFacts {
  catalogId: string | null;
  openWeights: boolean | null;
  price: { inputPerMtok: number; outputPerMtok: number; source: string } | null;
}

/** Looks a model up by name, for a reference at `provider` (prices differ by host). */
export type ModelFactsLookup = (modelName: string, provider: string) => ModelFacts | undefined;

export interface TargetOptions {
  resolve?: ResolveOptions;
  facts?: ModelFactsLookup;
  onRetry?: (event: RetryEvent) => void;
  maxAttempts?: number;
}

function toResponse(result: Awaited<ReturnType<LanguageModel['generate']>>): TargetResponse {
  return {
    text: result.text,
    toolCalls: result.toolCalls.map((call) => ({ name: call.toolName, arguments: call.input })),
    // a count the provider did not report is unknown, never 0 tokens (and so never $0)
    inputTokens: result.usage.inputTokens ?? null,
    outputTokens: result.usage.outputTokens ?? null,
    latencyMs: result.latencyMs ?? null,
  };
}

/** Wraps a LanguageModel as an eval target. */
export function modelTarget(
  model: LanguageModel,
  info: { ref: string; label: string; facts: ModelFacts; settings: { temperature?: number; maxTokens?: number }; cacheable?: boolean },
): EvalTarget {
  return {
    ref: info.ref,
    label: info.label,
    openWeights: info.facts.openWeights,
    price: info.facts.price,
    settings: info.settings,
    cacheable: info.cacheable ?? true,
    async generate(messages, { signal, caseId }) {
      const result = await model.generate(
        {
          id: caseId,
          messages,
          ...(info.settings.temperature === undefined ? {} : { temperature: info.settings.temperature }),
          ...(info.settings.maxTokens === undefined ? {} : { maxTokens: info.settings.maxTokens }),
        },
        { signal },
      );
      return toResponse(result);
    },
  };
}

/**
 * What is known of a suite entry's model: the suite's own price and open/closed flag, else the catalog's. The
 * catalog is asked only for what the suite leaves open (reading it is much of a small run's memory); it has no
 * price for a self-hosted model.
 */
export function suiteModelFacts(entry: Pick<SuiteProvider, 'ref' | 'catalogModel' | 'openWeights' | 'price'>, options: Pick<TargetOptions, 'facts'> = {}): ModelFacts {
  const ref = parseModelRef(entry.ref, 'providers[].ref');
  const needsFacts =
    entry.catalogModel !== undefined || entry.openWeights === undefined || (entry.price === undefined && !SELF_HOSTED_PROVIDERS.has(ref.provider));
  const known = needsFacts ? options.facts?.(entry.catalogModel ?? ref.modelId, ref.provider) : undefined;
  if (entry.catalogModel && !known) throw new ConfigError(`catalogModel of ${entry.ref}`, `"${entry.catalogModel}" is not in the catalog`);
  return {
    catalogId: known?.catalogId ?? null,
    openWeights: entry.openWeights ?? known?.openWeights ?? null,
    price: entry.price ? { ...entry.price, source: 'price set in the suite' } : (known?.price ?? null),
  };
}

/**
 * Builds the target of one suite provider entry (or of the suite's judge: `section` names where it is, for
 * messages). Every field of the entry is honoured: base URL, key variable, recorded responses, sampling
 * settings, limits, timeout, price, catalog model, open weights.
 */
export function suiteTarget(entry: SuiteProvider, baseDir: string, options: TargetOptions = {}, section = 'providers'): EvalTarget {
  const ref = parseModelRef(entry.ref, 'providers[].ref');
  const resolve: ResolveOptions = { ...options.resolve };
  if (entry.baseURL) resolve.baseURLs = { ...resolve.baseURLs, [ref.provider]: entry.baseURL };
  if (entry.apiKeyEnv) {
    const env = resolve.env ?? process.env;
    const key = env[entry.apiKeyEnv];
    if (!key) throw new ConfigError(entry.apiKeyEnv, `is not set (named by apiKeyEnv of ${section === 'providers' ? entry.ref : `the ${section}`})`);
    resolve.apiKeys = { ...resolve.apiKeys, [ref.provider]: key };
  }
  if (ref.provider === 'replay') {
    const replay: ReplaySettings = { dir: baseDir, ...(entry.responses ? { files: { [ref.modelId]: entry.responses } } : {}) };
    resolve.replay = replay;
  }
  if (entry.timeoutMs) resolve.timeoutMs = entry.timeoutMs;
  let model: LanguageModel;
  try {
    model = resolveLanguageModel(ref, resolve);
  } catch (error) {
    // a missing key or base URL: say which suite entry needs it and the two ways out
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(
      `${section}: ${entry.ref}`,
      `${error.message}; set it in the environment, or take this model out of the suite's ${section === 'providers' ? 'providers' : section}`,
      { cause: error },
    );
  }
  if (ref.provider !== 'replay') {
    model = withRetry(model, { maxAttempts: options.maxAttempts ?? 4, ...(options.onRetry ? { onRetry: options.onRetry } : {}) });
  }
  if (entry.concurrency || entry.requestsPerMinute || entry.tokensPerMinute) {
    model = withLimits(model, {
      ...(entry.concurrency ? { concurrency: entry.concurrency } : {}),
      ...(entry.requestsPerMinute ? { requestsPerMinute: entry.requestsPerMinute } : {}),
      ...(entry.tokensPerMinute ? { tokensPerMinute: entry.tokensPerMinute } : {}),
    });
  }
  const facts = suiteModelFacts(entry, options);
  return modelTarget(model, {
    ref: entry.ref,
    label: entry.label ?? entry.ref,
    facts,
    cacheable: ref.provider !== 'replay',
    settings: {
      ...(entry.temperature === undefined ? {} : { temperature: entry.temperature }),
      ...(entry.maxTokens === undefined ? {} : { maxTokens: entry.maxTokens }),
    },
  });
}
