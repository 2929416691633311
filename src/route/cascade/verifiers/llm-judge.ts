/**
 * An LLM judge: any configured model (`<provider>/<model>`, through src/providers and so through the one HTTP
 * chokepoint) reads the request and the answer with the configured prompt and replies {pass, score?, reason}.
 * A failed call, a timeout or a reply that is not such a verdict is an `error` verdict, never an accept. The
 * judge's token usage is returned so the cascade can price it and count it against the key's budget.
 */
import { z } from 'zod';
import { askJudge, fillTemplate } from '../../../eval/index.js';
import { ParityError } from '../../../errors.js';
import type { LanguageModel, Usage } from '../../../providers/index.js';
import { resolveLanguageModel } from '../../../providers/index.js';
import type { VerifierConfigOf } from './verifier-schema.js';
import { verdict, type Verifier, type VerifierContext } from './types.js';

const judgeVerdictSchema = z.object({ pass: z.boolean(), score: z.number().min(0).max(1).optional(), reason: z.string() });

export function llmJudgeVerifier(config: VerifierConfigOf<'llm-judge'>, context: VerifierContext): Verifier {
  let model: LanguageModel | undefined;
  return {
    kind: 'llm-judge',
    async verify(input, options = {}) {
      model ??= (context.resolveModel ?? ((ref) => resolveLanguageModel(ref)))(config.model);
      const judgeModel = model;
      const prompt = fillTemplate(config.prompt, { prompt: input.prompt, answer: input.answer });
      const signal = options.signal === undefined ? AbortSignal.timeout(config.timeoutMs) : AbortSignal.any([options.signal, AbortSignal.timeout(config.timeoutMs)]);
      let usage: Usage | undefined;
      let answeredBy: string | undefined;
      try {
        const { verdict: judged } = await askJudge(
          {
            async generate(text, callOptions) {
              const result = await judgeModel.generate({ messages: [{ role: 'user', content: text }], temperature: 0 }, callOptions?.signal ? { signal: callOptions.signal } : {});
              usage = result.usage;
              answeredBy = result.responseModelId;
              return result.text;
            },
          },
          prompt,
          judgeVerdictSchema,
          signal,
        );
        const score = judged.score ?? (judged.pass ? 1 : 0);
        const accepted = config.threshold === undefined ? judged.pass : score >= config.threshold;
        return verdict(accepted ? 'accept' : 'reject', `judge ${config.model}: ${judged.reason}`, { score, model: config.model, ...(usage === undefined ? {} : { usage }), ...(answeredBy === undefined ? {} : { answeredBy }) });
      } catch (error) {
        if (!(error instanceof ParityError) && !(error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))) throw error;
        return verdict('error', `judge ${config.model} gave no verdict: ${error.message}`, { model: config.model, ...(usage === undefined ? {} : { usage }), ...(answeredBy === undefined ? {} : { answeredBy }) });
      }
    },
  };
}
