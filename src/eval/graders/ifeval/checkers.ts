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
 * The responses the reference's loose evaluation tries: the response; it with its first line, its last line,
 * or both removed (each then trimmed); and those four with every `*` removed — 8 in all, in the reference's
 * order.
 */
export function looseVariants(response: string): string[] {
  const lines = response.split('\n');
  const withoutFirst = lines.slice(1).join('\n').trim();
  const withoutLast = lines.slice(0, -1).join('\n').trim();
  const withoutBoth = lines.slice(1, -1).join('\n').trim();
  const withoutStars = (text: string): string => text.replaceAll('*', '');
  return [
    response,
    withoutStars(response),
    withoutFirst,
    withoutLast,
    withoutBoth,
    withoutStars(withoutFirst),
    withoutStars(withoutLast),
    withoutStars(withoutBoth),
  ];
}

export interface InstructionOutcome {
  id: IfevalInstruction['id'];
  strict: boolean;
  loose: boolean;
}

/** As in the reference, a blank response (or blank loose variant) follows no instruction. */
function follows(response: string, instruction: IfevalInstruction): boolean {
  return response.trim() !== '' && checkInstruction(response, instruction);
}

/** Strict: the response as given. Loose: any of the loose variants (which include the response itself). */
export function evaluateInstruction(response: string, instruction: IfevalInstruction): InstructionOutcome {
  const strict = follows(response, instruction);
  const loose = strict || looseVariants(response).some((variant) => follows(variant, instruction));
  return { id: instruction.id, strict, loose };
}
