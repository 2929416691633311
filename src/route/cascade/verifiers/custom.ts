/**
 * A check from the user's own JavaScript module, loaded like a custom grader's: it exports
 * `(input, options) => boolean | number | {accept, score?, reason?}` (or a promise of one); a number is a score
 * accepted at `threshold`. A throw or any other return is an `error` verdict, never an accept.
 */
import path from 'node:path';
import { z } from 'zod';
import { loadModule } from '../../../eval/index.js';
import { ConfigError } from '../../../errors.js';
import type { VerifierConfigOf } from './verifier-schema.js';
import { verdict, type Verifier, type VerifierContext, type VerifierInput } from './types.js';

export type CustomVerifierFunction = (input: VerifierInput, options: Readonly<Record<string, unknown>>) => unknown;

const resultSchema = z.union([z.boolean(), z.number().min(0).max(1), z.object({ accept: z.boolean(), score: z.number().optional(), reason: z.string().optional() })]);

export function customVerifier(config: VerifierConfigOf<'custom'>, context: VerifierContext): Verifier {
  const file = path.resolve(context.baseDir ?? process.cwd(), config.module);
  const where = `verifier custom (${config.module})`;
  return {
    kind: 'custom',
    async verify(input) {
      const module = await loadModule(file, where);
      const candidate = module[config.export];
      if (typeof candidate !== 'function') throw new ConfigError(where, `${file} has no function export ${JSON.stringify(config.export)}`);
      let returned: unknown;
      try {
        returned = await (candidate as CustomVerifierFunction)(input, config.options);
      } catch (error) {
        return verdict('error', `the check threw: ${error instanceof Error ? error.message : String(error)}`);
      }
      const parsed = resultSchema.safeParse(returned);
      if (!parsed.success) return verdict('error', `the check returned ${JSON.stringify(returned)?.slice(0, 100)}; expected a boolean, a number in 0..1 or {accept, score?, reason?}`);
      const value = parsed.data;
      if (typeof value === 'boolean') return verdict(value ? 'accept' : 'reject', `the check returned ${value}`);
      if (typeof value === 'number') return verdict(value >= config.threshold ? 'accept' : 'reject', `the check scored ${value} (accepted at ${config.threshold})`, { score: value });
      return verdict(value.accept ? 'accept' : 'reject', value.reason ?? `the check returned accept: ${value.accept}`, value.score === undefined ? {} : { score: value.score });
    },
  };
}
