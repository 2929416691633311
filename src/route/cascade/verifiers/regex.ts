/** The answer matches (or, with `accept: no-match`, does not match) a regular expression from the config. */
import { ConfigError } from '../../../errors.js';
import type { VerifierConfigOf } from './verifier-schema.js';
import { verdict, type Verifier } from './types.js';

export function regexVerifier(config: VerifierConfigOf<'regex'>): Verifier {
  let pattern: RegExp;
  try {
    pattern = new RegExp(config.pattern, config.flags);
  } catch (error) {
    throw new ConfigError('verifier regex', `invalid pattern /${config.pattern}/: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return {
    kind: 'regex',
    async verify(input) {
      const matches = pattern.test(input.answer);
      const accepted = config.accept === 'match' ? matches : !matches;
      return verdict(accepted ? 'accept' : 'reject', `the answer ${matches ? 'matches' : 'does not match'} /${config.pattern}/${config.flags}`);
    },
  };
}
