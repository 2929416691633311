import { ConfigError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';
import { gradeCode } from './code.js';
import { gradeContains } from './contains.js';
import { gradeCost } from './cost.js';
import { gradeCustom } from './custom.js';
import { gradeEquals } from './equals.js';
import { gradeIfeval } from './ifeval.js';
import { gradeIsJson } from './is-json.js';
import { gradeJsonSchema } from './json-schema.js';
import { gradeLatency } from './latency.js';
import { gradeLlmRubric } from './llm-rubric.js';
import { gradeNumeric } from './numeric.js';
import { gradePairwise } from './pairwise.js';
import { gradeRegex } from './regex.js';
import { graderConfigSchema } from './schema.js';
import type { GraderConfig, GraderConfigInput, GraderConfigOf, GraderKind } from './schema.js';
import type { GradeContext, GradeInput, GradeResult, Grader } from './types.js';

export type GraderRegistry = { readonly [Kind in GraderKind]: Grader<GraderConfigOf<Kind>> };

/** One grader per kind; a kind without a grader is a compile error. */
export const GRADERS: GraderRegistry = {
  equals: gradeEquals,
  contains: gradeContains,
  regex: gradeRegex,
  'is-json': gradeIsJson,
  'json-schema': gradeJsonSchema,
  numeric: gradeNumeric,
  code: gradeCode,
  ifeval: gradeIfeval,
  'llm-rubric': gradeLlmRubric,
  pairwise: gradePairwise,
  latency: gradeLatency,
  cost: gradeCost,
  custom: gradeCustom,
};

/** Validates a grader config as written (YAML, code) and fills its defaults. Throws ConfigError. */
export function parseGraderConfig(config: unknown, where = 'grader'): GraderConfig {
  return parseOrThrow(graderConfigSchema, config, (issue) => new ConfigError(where, issue.text, { cause: issue.error }));
}

/** Grades one output with an already parsed config. */
export async function gradeParsed(input: GradeInput, config: GraderConfig, context: GradeContext = {}): Promise<GradeResult> {
  // The registry maps each kind to the grader of that kind's config; TypeScript cannot correlate the two here.
  const grader = GRADERS[config.type] as Grader<GraderConfig>;
  return grader(input, config, context);
}

/** Validates the config, then grades one output. Every failure (a bad config too) is a rejection. */
export async function grade(input: GradeInput, config: GraderConfigInput | GraderConfig, context: GradeContext = {}): Promise<GradeResult> {
  return gradeParsed(input, parseGraderConfig(config), context);
}
