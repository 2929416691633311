import { z } from 'zod';
import { ConfigError } from '../../errors.js';
import { askJudge, fillTemplate, requireJudge } from './judge-verdict.js';
import { expectedText } from './types.js';
import type { Grader } from './types.js';

export const DEFAULT_PAIRWISE_TEMPLATE = `You are an impartial judge comparing two answers to the same question.

[Question]
{{prompt}}

[Answer A]
{{a}}

[Answer B]
{{b}}

{{criteria}}
Do not let the order of the answers or their length sway you. Reply with a single JSON object and nothing else:
{"winner": "A" or "B" or "tie", "reason": "one or two sentences"}`;

/**
 * A judge compares the output with a reference answer. With `bothOrders` the judge sees the pair twice, once
 * in each position, and the two verdicts are averaged (win 1, tie 0.5, loss 0): position bias cancels out.
 * Pass means the output is at least as good as the reference on average (score >= 0.5).
 */
export const pairwiseConfigSchema = z.object({
  type: z.literal('pairwise'),
  reference: z.string().optional().describe('The reference answer; defaults to the case\'s expected value.'),
  criteria: z.string().default('Prefer the answer that is more correct, helpful and complete.'),
  bothOrders: z.boolean().default(true),
  template: z.string().min(1).default(DEFAULT_PAIRWISE_TEMPLATE).describe('Judge prompt with {{prompt}}, {{a}}, {{b}}, {{criteria}}.'),
});
export type PairwiseConfig = z.output<typeof pairwiseConfigSchema>;

export const pairwiseVerdictSchema = z.object({
  winner: z.enum(['A', 'B', 'tie']),
  reason: z.string(),
});

export const gradePairwise: Grader<PairwiseConfig> = async (input, config, context) => {
  const judge = requireJudge(context, 'pairwise');
  const reference = config.reference ?? expectedText(input.expected);
  if (reference === undefined) throw new ConfigError('grader pairwise', 'no `reference` and the case has no expected value');
  const orders: Array<'output-first' | 'reference-first'> = config.bothOrders ? ['output-first', 'reference-first'] : ['output-first'];
  const rounds = [];
  for (const order of orders) {
    const [a, b] = order === 'output-first' ? [input.text, reference] : [reference, input.text];
    const prompt = fillTemplate(config.template, { prompt: input.prompt ?? '', a, b, criteria: config.criteria });
    const { verdict } = await askJudge(judge, prompt, pairwiseVerdictSchema, context.signal);
    const outputLabel = order === 'output-first' ? 'A' : 'B';
    const score = verdict.winner === 'tie' ? 0.5 : verdict.winner === outputLabel ? 1 : 0;
    rounds.push({ order, winner: verdict.winner, score, reason: verdict.reason });
  }
  const score = rounds.reduce((sum, round) => sum + round.score, 0) / rounds.length;
  const pass = score >= 0.5;
  const reason = rounds.map((round) => `${round.order}: ${round.score === 1 ? 'output wins' : round.score === 0 ? 'reference wins' : 'tie'} (${round.reason})`).join('; ');
  return { pass, score, reason, details: { rounds } };
};
