/** The answer is valid JSON (JSON mode's promise, checked). */
import { parseJsonText } from '../../../eval/index.js';
import type { VerifierConfigOf } from './verifier-schema.js';
import { verdict, type Verifier } from './types.js';

export function jsonVerifier(config: VerifierConfigOf<'json'>): Verifier {
  return {
    kind: 'json',
    async verify(input) {
      const parsed = parseJsonText(input.answer, config.allowFence);
      return parsed.ok ? verdict('accept', 'the answer is valid JSON') : verdict('reject', `the answer is not valid JSON: ${parsed.error}`);
    },
  };
}
