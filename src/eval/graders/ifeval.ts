import { z } from 'zod';
import { evaluateInstruction } from './ifeval/checkers.js';
import { ifevalInstructionSchema } from './ifeval/instructions.js';
import { loadLanguageDetection } from './ifeval/language.js';
import type { Grader } from './types.js';

/**
 * IFEval verifiable instructions (Zhou et al. 2023, "Instruction-Following Evaluation for Large Language
 * Models"). Every instruction is checked strictly and loosely; `mode` picks which one decides pass (all
 * instructions followed) and score (fraction followed). `details.instructions` always holds both, so a report
 * can compute prompt- and instruction-level accuracy, strict and loose, from one run.
 *
 * The checkers and the loose variants follow the definitions of the paper's released reference
 * implementation (google-research `instruction_following_eval`: instructions.py, evaluation_lib.py), rule by
 * rule, including its quirks; where it relies on NLTK or langdetect we approximate them (sentences.ts,
 * word-tokens.ts, language.ts say how).
 */
export const ifevalConfigSchema = z.object({
  type: z.literal('ifeval'),
  instructions: z.array(ifevalInstructionSchema).min(1),
  mode: z.enum(['strict', 'loose']).default('strict'),
});
export type IfevalConfig = z.output<typeof ifevalConfigSchema>;

export const gradeIfeval: Grader<IfevalConfig> = async (input, config) => {
  await loadLanguageDetection();
  const outcomes = config.instructions.map((instruction) => evaluateInstruction(input.text, instruction));
  const followed = outcomes.filter((outcome) => outcome[config.mode]);
  const pass = followed.length === outcomes.length;
  const missed = outcomes.filter((outcome) => !outcome[config.mode]).map((outcome) => outcome.id);
  const reason = pass
    ? `all ${outcomes.length} instructions followed (${config.mode})`
    : `${config.mode}: not followed: ${missed.join(', ')}`;
  return {
    pass,
    score: followed.length / outcomes.length,
    reason,
    details: {
      instructions: outcomes,
      strictAll: outcomes.every((outcome) => outcome.strict),
      looseAll: outcomes.every((outcome) => outcome.loose),
    },
  };
};
