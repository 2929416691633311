import { z } from 'zod';
import { codeConfigSchema } from './code.js';
import { containsConfigSchema } from './contains.js';
import { costConfigSchema } from './cost.js';
import { customConfigSchema } from './custom.js';
import { equalsConfigSchema } from './equals.js';
import { ifevalConfigSchema } from './ifeval.js';
import { isJsonConfigSchema } from './is-json.js';
import { jsonSchemaConfigSchema } from './json-schema.js';
import { latencyConfigSchema } from './latency.js';
import { llmRubricConfigSchema } from './llm-rubric.js';
import { numericConfigSchema } from './numeric.js';
import { pairwiseConfigSchema } from './pairwise.js';
import { regexConfigSchema } from './regex.js';

/** Every grader kind, in the order docs list them. */
export const GRADER_KINDS = [
  'equals',
  'contains',
  'regex',
  'is-json',
  'json-schema',
  'numeric',
  'code',
  'ifeval',
  'llm-rubric',
  'pairwise',
  'latency',
  'cost',
  'custom',
] as const;
export type GraderKind = (typeof GRADER_KINDS)[number];

/** A grader config: a discriminated union on `type`. Suites embed this schema. */
export const graderConfigSchema = z.discriminatedUnion('type', [
  equalsConfigSchema,
  containsConfigSchema,
  regexConfigSchema,
  isJsonConfigSchema,
  jsonSchemaConfigSchema,
  numericConfigSchema,
  codeConfigSchema,
  ifevalConfigSchema,
  llmRubricConfigSchema,
  pairwiseConfigSchema,
  latencyConfigSchema,
  costConfigSchema,
  customConfigSchema,
]);
/** A parsed config (defaults filled in). */
export type GraderConfig = z.output<typeof graderConfigSchema>;
/** A config as written (defaults optional). */
export type GraderConfigInput = z.input<typeof graderConfigSchema>;
export type GraderConfigOf<Kind extends GraderKind> = Extract<GraderConfig, { type: Kind }>;

// GRADER_KINDS and the union must list the same kinds: each line fails to compile if one has a kind the other lacks.
type Missing<A, B> = Exclude<A, B>;
const _everyKindHasASchema: [Missing<GraderKind, GraderConfig['type']>] extends [never] ? true : never = true;
const _everySchemaHasAKind: [Missing<GraderConfig['type'], GraderKind>] extends [never] ? true : never = true;
void _everyKindHasASchema;
void _everySchemaHasAKind;
