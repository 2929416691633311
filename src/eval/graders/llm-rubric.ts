import { z } from 'zod';
import { askJudge, fillTemplate, requireJudge } from './judge-verdict.js';
import type { Grader } from './types.js';

export const DEFAULT_RUBRIC_TEMPLATE = `You are an impartial grader. Decide whether the answer below satisfies the rubric.

[Question]
{{prompt}}

[Answer]
{{output}}

[Rubric]
{{rubric}}

Judge only against the rubric. Reply with a single JSON object and nothing else:
{"pass": true or false, "score": a number from 0 to 1, "reason": "one or two sentences"}`;

/** A judge model grades the output against a rubric and returns a structured verdict. */
export const llmRubricConfigSchema = z.object({
  type: z.literal('llm-rubric'),
  rubric: z.string().min(1),
  threshold: z.number().min(0).max(1).optional().describe('When set, pass means score >= threshold; otherwise the judge\'s own pass.'),
  template: z.string().min(1).default(DEFAULT_RUBRIC_TEMPLATE).describe('Judge prompt with {{prompt}}, {{output}}, {{rubric}}, {{expected}}.'),
});
export type LlmRubricConfig = z.output<typeof llmRubricConfigSchema>;

export const rubricVerdictSchema = z.object({
  pass: z.boolean(),
  score: z.number().min(0).max(1).optional(),
  reason: z.string(),
});

export const gradeLlmRubric: Grader<LlmRubricConfig> = async (input, config, context) => {
  const judge = requireJudge(context, 'llm-rubric');
  const prompt = fillTemplate(config.template, {
    prompt: input.prompt ?? '',
    output: input.text,
    rubric: config.rubric,
    expected: typeof input.expected === 'string' ? input.expected : JSON.stringify(input.expected ?? null),
  });
  const { verdict, raw } = await askJudge(judge, prompt, rubricVerdictSchema, context.signal);
  const score = verdict.score ?? (verdict.pass ? 1 : 0);
  const pass = config.threshold === undefined ? verdict.pass : score >= config.threshold;
  return { pass, score, reason: verdict.reason, details: { judgePass: verdict.pass, raw } };
};
