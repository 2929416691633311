/** The zero-shot instruction GSM8K and MGSM cases append to the question; the numeric grader reads its marker. */
export const MATH_ANSWER_INSTRUCTION =
  'Solve the problem step by step. Then give the final answer on its own line as "The answer is N." where N is a number.';

export function mathPrompt(question: string): string {
  return `${question.trim()}\n\n${MATH_ANSWER_INSTRUCTION}`;
}
