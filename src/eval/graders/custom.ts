import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../../errors.js';
import { GraderError } from './grader-error.js';
import type { GradeInput, GradeResult, Grader } from './types.js';

/**
 * A grader from a user's JavaScript module: `module` (resolved against the context's baseDir) exports, by
 * default as its default export, `(input, options) => boolean | number | GradeResult` (or a promise of one).
 * A number is a score in 0..1 that passes at `threshold`. A function that throws (or returns no verdict) gives that
 * case a GraderError — an error of the case, not a fail — and the run goes on.
 */
export const customConfigSchema = z.object({
  type: z.literal('custom'),
  module: z.string().min(1).describe('Path to an ES module (.js/.mjs), relative to the suite file.'),
  export: z.string().min(1).default('default'),
  options: z.record(z.string(), z.unknown()).default({}).describe('Passed to the function as its second argument.'),
  threshold: z.number().min(0).max(1).default(0.5),
});
export type CustomConfig = z.output<typeof customConfigSchema>;

/** The function a custom grader module exports. */
export type CustomGraderFunction = (input: GradeInput, options: Readonly<Record<string, unknown>>) => unknown;

const resultSchema = z.union([
  z.boolean(),
  z.number().min(0).max(1),
  z.object({ pass: z.boolean(), score: z.number().min(0).max(1).optional(), reason: z.string().default(''), details: z.record(z.string(), z.unknown()).optional() }),
]);

const modules = new Map<string, Promise<Record<string, unknown>>>();

/** Imports a user's module once per file (cached; a failed import is retried next time); `where` names the user in errors. */
export async function loadModule(file: string, where = 'grader custom'): Promise<Record<string, unknown>> {
  let loaded = modules.get(file);
  if (loaded === undefined) {
    loaded = import(pathToFileURL(file).href).then(
      (module: unknown) => module as Record<string, unknown>,
      (error: unknown) => {
        modules.delete(file);
        throw new ConfigError(where, `cannot import ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      },
    );
    modules.set(file, loaded);
  }
  return loaded;
}

export const gradeCustom: Grader<CustomConfig> = async (input, config, context) => {
  const file = path.resolve(context.baseDir ?? process.cwd(), config.module);
  const module = await loadModule(file);
  const candidate = module[config.export];
  if (typeof candidate !== 'function') throw new ConfigError('grader custom', `${file} has no function export ${JSON.stringify(config.export)}`);
  const name = `custom ${config.module}${config.export === 'default' ? '' : `#${config.export}`}`;
  let returned: unknown;
  try {
    returned = await (candidate as CustomGraderFunction)(input, config.options);
  } catch (error) {
    // the user's code failed on this answer: the case's error, with what it threw
    const thrown = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new GraderError(name, `threw ${thrown}`, { cause: error });
  }
  const parsed = resultSchema.safeParse(returned);
  if (!parsed.success) throw new GraderError(name, `returned ${JSON.stringify(returned) ?? String(returned)}; expected a boolean, a number in 0..1 or {pass, score?, reason}`);
  const value = parsed.data;
  if (typeof value === 'boolean') return { pass: value, score: value ? 1 : 0, reason: `custom grader returned ${value}` };
  if (typeof value === 'number') return { pass: value >= config.threshold, score: value, reason: `custom grader scored ${value}` };
  const result: GradeResult = { pass: value.pass, score: value.score ?? (value.pass ? 1 : 0), reason: value.reason };
  return value.details === undefined ? result : { ...result, details: value.details };
};
