import { ConfigError } from '../errors.js';
import { gradeParsed } from './graders/registry.js';
import type { GradeContext, GradeInput, GraderConfig, GradeToolCall } from './graders/index.js';
import type { CaseGrader, GradeOutcome } from './runner/ports.js';

/**
 * Grades one answer with every grader of its case: the case passes when all pass; its score is the mean of
 * the graders' scores. A case with no grader is a configuration error, not a pass.
 */
export function caseGrader(graders: readonly GraderConfig[], context: Omit<GradeContext, 'signal'>, where: string): CaseGrader {
  if (graders.length === 0) throw new ConfigError(where, 'has no graders: set `graders` on the suite or on the case');
  return {
    async grade(input): Promise<GradeOutcome> {
      // spelled out, not spread: this runs once per answer
      const gradeInput: GradeInput = {
        text: input.response.text,
        toolCalls: input.response.toolCalls as GradeToolCall[],
        latencyMs: input.response.latencyMs,
        costUsd: input.costUsd ?? undefined,
        prompt: input.prompt,
        vars: input.vars,
        expected: input.expected,
      };
      const gradeContext: GradeContext = { judge: context.judge, baseDir: context.baseDir, limiter: context.limiter, signal: input.signal };
      if (graders.length === 1) {
        const only = await gradeParsed(gradeInput, graders[0]!, gradeContext);
        return { pass: only.pass, score: only.score, reason: only.reason, details: only.details ?? null };
      }
      const results = [];
      for (const config of graders) results.push(await gradeParsed(gradeInput, config, gradeContext));
      const failed = results.filter((result) => !result.pass);
      return {
        pass: failed.length === 0,
        score: results.reduce((sum, result) => sum + result.score, 0) / results.length,
        reason: failed.length === 0 ? `all ${results.length} graders passed` : failed.map((result) => result.reason).join('; '),
        details: results.map((result, index) => ({ grader: graders[index]!.type, ...result })),
      };
    },
  };
}
