/**
 * Model references: `<provider>/<model id>`, parsed once. The first segment is the provider, everything
 * after the first slash is the model id (`openrouter/meta-llama/llama-3.1-70b-instruct`).
 */
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { PROVIDER_KINDS, type ProviderKind } from './presets.js';

export interface ModelRef {
  readonly provider: ProviderKind;
  readonly modelId: string;
}

const KINDS: ReadonlySet<string> = new Set(PROVIDER_KINDS);

export function isProviderKind(value: string): value is ProviderKind {
  return KINDS.has(value);
}

function describeProblem(ref: string): { message: string } | ModelRef {
  const slash = ref.indexOf('/');
  if (slash <= 0 || slash === ref.length - 1) {
    return { message: `model reference "${ref}" must look like <provider>/<model>, e.g. openai/gpt-4o or ollama/qwen2.5:7b` };
  }
  const provider = ref.slice(0, slash);
  const modelId = ref.slice(slash + 1);
  if (!isProviderKind(provider)) {
    return { message: `unknown provider "${provider}" in "${ref}"; known providers: ${PROVIDER_KINDS.join(', ')}` };
  }
  if (modelId.trim() !== modelId) return { message: `model reference "${ref}" has spaces around the model id` };
  return Object.freeze({ provider, modelId });
}

/** Parses `provider/model`; throws ValidationError naming the problem. */
export function parseModelRef(ref: string, field = 'model'): ModelRef {
  const parsed = describeProblem(ref);
  if ('message' in parsed) throw new ValidationError(parsed.message, field);
  return parsed;
}

export function formatModelRef(ref: ModelRef): string {
  return `${ref.provider}/${ref.modelId}`;
}

/** zod schema for a model reference in a config file or flag: a string in, a ModelRef out. */
export const modelRefSchema = z.string().transform((value, context): ModelRef => {
  const parsed = describeProblem(value);
  if ('message' in parsed) {
    context.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }
  return parsed;
});
