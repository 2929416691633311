import type { IfevalCheckers } from './checker-types.js';
import { formatCheckers } from './checks-format.js';
import { lengthCheckers } from './checks-length.js';
import { wordCheckers } from './checks-words.js';
import type { IfevalInstruction } from './instructions.js';

/** Every instruction's checker; the type makes a missing one a compile error. */
export const IFEVAL_CHECKERS: IfevalCheckers = { ...wordCheckers, ...formatCheckers, ...lengthCheckers };

/** Runs the checker of one (already validated) instruction. */
export function checkInstruction(response: string, instruction: IfevalInstruction): boolean {
  // The kwargs were parsed by this id's schema in ifevalInstructionSchema; the correlated type is lost in the union.
  const checker = IFEVAL_CHECKERS[instruction.id] as (response: string, kwargs: Record<string, unknown>) => boolean;
  return checker(response, instruction.kwargs);
}

/**
 * The loose variants of a response (IFEval §3): the response with its first line removed, its last line
 * removed, or both, each with and without Markdown asterisks removed — 8 variants including the original.
 */
export function looseVariants(response: string): string[] {
  const lines = response.split('\n');
  const withoutFirst = lines.slice(1).join('\n');
  const withoutLast = lines.slice(0, -1).join('\n');
  const withoutBoth = lines.slice(1, -1).join('\n');
  const bases = [response, withoutFirst, withoutLast, withoutBoth];
  return [...bases, ...bases.map((text) => text.replaceAll('*', ''))];
}

export interface InstructionOutcome {
  id: IfevalInstruction['id'];
  strict: boolean;
  loose: boolean;
}

/** Strict: the response as given. Loose: any non-empty loose variant follows the instruction. */
export function evaluateInstruction(response: string, instruction: IfevalInstruction): InstructionOutcome {
  const strict = checkInstruction(response, instruction);
  const loose = strict || looseVariants(response).some((variant) => variant.trim() !== '' && checkInstruction(variant, instruction));
  return { id: instruction.id, strict, loose };
}
