import { ConfigError } from '../errors.js';
import { gradeParsed } from './graders/registry.js';
import type { GradeContext, GradeInput, GraderConfig, GradeToolCall, Judge } from './graders/index.js';
import type { CaseGrader, GradeOutcome } from './runner/ports.js';

/**
 * The suite's judge model as the eval calls it: each answer with what the call was charged (0 without a price;
 * `estimated` when the answer came without its token counts and the charge is an estimate).
 */
export interface MeteredJudge {
  readonly ref: string;
  ask(prompt: string, options: { signal?: AbortSignal }): Promise<{ text: string; spentUsd: number; estimated?: boolean }>;
}

export interface CaseGraderContext {
  judge?: MeteredJudge;
  baseDir?: string;
  limiter?: GradeContext['limiter'];
}

/**
 * Grades one answer with every grader of its case: the case passes when all pass; its score is the mean of
 * the graders' scores. A case with no grader is a configuration error, not a pass. What the judge's calls cost
 * is added up per answer (the run's spend includes it).
 */
export function caseGrader(graders: readonly GraderConfig[], context: CaseGraderContext, where: string): CaseGrader {
  if (graders.length === 0) throw new ConfigError(where, 'has no graders: set `graders` on the suite or on the case');
  const metered = context.judge;
  return {
    async grade(input): Promise<GradeOutcome> {
      // spelled out, not spread: this runs once per answer
      const gradeInput: GradeInput = {
        text: input.response.text,
        toolCalls: input.response.toolCalls as GradeToolCall[],
        latencyMs: input.response.latencyMs ?? undefined,
        costUsd: input.costUsd ?? undefined,
        prompt: input.prompt,
        vars: input.vars,
        expected: input.expected,
      };
      let spentUsd = 0;
      let estimatedCalls = 0;
      const judge: Judge | undefined =
        metered === undefined
          ? undefined
          : {
              async generate(prompt, options) {
                const answer = await metered.ask(prompt, options ?? {});
                spentUsd += answer.spentUsd;
                if (answer.estimated === true) estimatedCalls++;
                return answer.text;
              },
            };
      const gradeContext: GradeContext = { judge, baseDir: context.baseDir, limiter: context.limiter, signal: input.signal };
      if (graders.length === 1) {
        const only = await gradeParsed(gradeInput, graders[0]!, gradeContext);
        return { pass: only.pass, score: only.score, reason: only.reason, details: only.details ?? null, spentUsd, estimatedCalls };
      }
      const results = [];
      for (const config of graders) results.push(await gradeParsed(gradeInput, config, gradeContext));
      const failed = results.filter((result) => !result.pass);
      return {
        pass: failed.length === 0,
        score: results.reduce((sum, result) => sum + result.score, 0) / results.length,
        reason: failed.length === 0 ? `all ${results.length} graders passed` : failed.map((result) => result.reason).join('; '),
        details: results.map((result, index) => ({ grader: graders[index]!.type, ...result })),
        spentUsd,
        estimatedCalls,
      };
    },
  };
}
