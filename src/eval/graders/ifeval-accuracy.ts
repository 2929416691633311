import type { InstructionOutcome } from './ifeval/checkers.js';
import type { GradeResult } from './types.js';

/** IFEval's four headline numbers (fractions in 0..1), as defined in Zhou et al. 2023 §3. */
export interface IfevalAccuracy {
  prompts: number;
  instructions: number;
  /** Share of prompts whose every instruction is followed (strict / loose). */
  promptStrict: number;
  promptLoose: number;
  /** Share of all instructions followed, over every prompt (strict / loose). */
  instructionStrict: number;
  instructionLoose: number;
}

function outcomesOf(result: GradeResult): readonly InstructionOutcome[] {
  const outcomes = result.details?.instructions;
  if (!Array.isArray(outcomes)) throw new TypeError('not an ifeval grade result: details.instructions is missing');
  return outcomes as InstructionOutcome[];
}

/** Prompt- and instruction-level accuracy, strict and loose, from the results of the `ifeval` grader. */
export function ifevalAccuracy(results: readonly GradeResult[]): IfevalAccuracy {
  let promptStrict = 0;
  let promptLoose = 0;
  let instructions = 0;
  let instructionStrict = 0;
  let instructionLoose = 0;
  for (const result of results) {
    const outcomes = outcomesOf(result);
    if (outcomes.every((outcome) => outcome.strict)) promptStrict += 1;
    if (outcomes.every((outcome) => outcome.loose)) promptLoose += 1;
    instructions += outcomes.length;
    instructionStrict += outcomes.filter((outcome) => outcome.strict).length;
    instructionLoose += outcomes.filter((outcome) => outcome.loose).length;
  }
  const share = (count: number, total: number): number => (total === 0 ? 0 : count / total);
  return {
    prompts: results.length,
    instructions,
    promptStrict: share(promptStrict, results.length),
    promptLoose: share(promptLoose, results.length),
    instructionStrict: share(instructionStrict, instructions),
    instructionLoose: share(instructionLoose, instructions),
  };
}
