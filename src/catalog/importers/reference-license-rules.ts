/**
 * parity's reading of each licence family in `shared/data/reference/licenses.yaml`: which catalog models
 * belong to it (name patterns over `licenseKey(name)`, patterns over a catalog licence field), and which of
 * the source's fields settle each question a builder asks. The clause texts themselves always come from
 * the YAML; this table only says which field answers what. A null outcome means the facts we hold do not
 * settle the question, and the verdict for that question is `unknown`.
 *
 * Patterns are anchored at the start of the name so fine-tunes by third parties (`fusechat-llama-3-1-8b`)
 * are not silently given the base model's licence: their licence is unknown until someone adds it.
 */
import type { RuleOutcome } from '../reference-schema.js';

/** Plain SPDX licences that need no family entry: allowed, with the SPDX id as the source. */
export const PLAIN_SPDX = ['Apache-2.0', 'MIT'] as const;

/** Text fields of a family entry that a rule may quote. */
export const QUOTABLE_FIELDS = [
  'license',
  'attribution',
  'naming',
  'output_use_restriction',
  'acceptable_use_policy',
  'geographic_restriction',
] as const;
export type QuotableField = (typeof QUOTABLE_FIELDS)[number];

export interface RuleSpec {
  outcome: RuleOutcome | null;
  /** Fields whose text is the clause (joined with "; "); empty = use `summary` as parity's own wording. */
  from: readonly QuotableField[];
  summary?: string;
}

export interface FamilyRuleSpec {
  /** The SPDX id when the family's weights are under a plain SPDX licence. */
  spdx?: (typeof PLAIN_SPDX)[number];
  namePatterns: readonly string[];
  licensePatterns: readonly string[];
  /** Fields whose text is a condition of any use (attribution, acceptable-use policy, use restrictions). */
  useConditions: readonly QuotableField[];
  trainOnOutputs: RuleSpec;
  redistribution: RuleSpec;
  geographic?: { regions: readonly string[]; scope: 'all' | 'multimodal' };
  /** For families with `license_by_size`: whether each size group allows commercial use. */
  variants?: Readonly<Record<string, { commercialUse: boolean }>>;
}

const NOT_SETTLED: RuleSpec = { outcome: null, from: [] };

/** Rules shared by every plain-SPDX family (and by SPDX variants of a mixed family). */
export function permissiveRules(spdx: (typeof PLAIN_SPDX)[number]): Pick<FamilyRuleSpec, 'spdx' | 'trainOnOutputs' | 'redistribution'> {
  const keep =
    spdx === 'Apache-2.0'
      ? 'Apache-2.0 sec. 4: give recipients a copy of the licence, keep copyright/NOTICE texts and mark modified files'
      : 'MIT: include the copyright notice and the permission notice in all copies or substantial portions';
  return {
    spdx,
    trainOnOutputs: { outcome: 'allowed', from: [], summary: `${spdx} places no restriction on the use of outputs` },
    redistribution: { outcome: 'conditions', from: [], summary: keep },
  };
}

const LLAMA_LATER: Omit<FamilyRuleSpec, 'namePatterns' | 'licensePatterns'> = {
  useConditions: ['attribution', 'acceptable_use_policy'],
  trainOnOutputs: { outcome: 'conditions', from: ['naming'] },
  redistribution: { outcome: 'conditions', from: ['attribution', 'naming'] },
};

export const FAMILY_RULES: Readonly<Record<string, FamilyRuleSpec>> = {
  'llama-3': {
    namePatterns: ['^(meta-)?llama-?3-(8b|70b)(-|$)'],
    licensePatterns: ['^(meta )?llama ?3( community)?( license)?$'],
    useConditions: ['attribution', 'acceptable_use_policy'],
    trainOnOutputs: { outcome: 'not-allowed', from: ['output_use_restriction'] },
    redistribution: { outcome: 'conditions', from: ['attribution', 'naming'] },
  },
  'llama-3.1': {
    namePatterns: ['^(meta-)?llama-?3-1-(8b|70b|405b)(-|$)'],
    licensePatterns: ['^(meta )?llama ?3\\.1( community)?( license)?$'],
    ...LLAMA_LATER,
  },
  'llama-3.2': {
    namePatterns: ['^(meta-)?llama-?3-2-(1b|3b|11b|90b)(-|$)'],
    licensePatterns: ['^(meta )?llama ?3\\.2( community)?( license)?$'],
    ...LLAMA_LATER,
    geographic: { regions: ['EU'], scope: 'multimodal' },
  },
  'llama-3.3': {
    namePatterns: ['^(meta-)?llama-?3-3-70b(-|$)'],
    licensePatterns: ['^(meta )?llama ?3\\.3( community)?( license)?$'],
    ...LLAMA_LATER,
  },
  'llama-4': {
    namePatterns: ['^(meta-)?llama-?4-(scout|maverick)(-|$)'],
    licensePatterns: ['^(meta )?llama ?4( community)?( license)?$'],
    ...LLAMA_LATER,
    geographic: { regions: ['EU'], scope: 'all' },
  },
  'qwen2.5': {
    namePatterns: ['^qwen-?2-5-'],
    licensePatterns: [],
    useConditions: [],
    trainOnOutputs: NOT_SETTLED,
    redistribution: NOT_SETTLED,
    variants: {
      '0.5B, 1.5B, 7B, 14B, 32B': { commercialUse: true },
      '3B': { commercialUse: false },
      '72B': { commercialUse: true },
    },
  },
  qwen3: {
    // Qwen3.5 / 3.6 are excluded: the source says their licences were not verified.
    namePatterns: ['^qwen-?3-(?![56]-)'],
    licensePatterns: [],
    useConditions: [],
    ...permissiveRules('Apache-2.0'),
  },
  'mistral-apache': {
    namePatterns: [
      '^(open-)?mistral-7b(-|$)',
      '^(open-)?mixtral-8x(7|22)b(-|$)',
      '^codestral-mamba(-|$)',
      '^mathstral(-|$)',
      '^(open-)?mistral-nemo(-|$)',
    ],
    licensePatterns: [],
    useConditions: [],
    ...permissiveRules('Apache-2.0'),
  },
  'mistral-research-license': {
    namePatterns: [
      '^mistral-large-(instruct-)?(2407|2411)(-|$)',
      '^pixtral-large-(instruct-)?2411(-|$)',
      '^ministral-8b-(instruct-)?2410(-|$)',
    ],
    licensePatterns: ['^mrl( 0\\.1)?$', '^mistral (ai )?research( license)?'],
    useConditions: ['license'],
    trainOnOutputs: NOT_SETTLED,
    redistribution: NOT_SETTLED,
  },
  'mistral-non-production': {
    namePatterns: ['^codestral-(22b|2405)(-|$)'],
    licensePatterns: ['^mnpl( 0\\.1)?$', 'non production( license)?'],
    useConditions: ['license'],
    trainOnOutputs: NOT_SETTLED,
    redistribution: NOT_SETTLED,
  },
  'mistral-3': {
    namePatterns: ['^mistral-large-(3|2512)(-|$)', '^ministral-3-'],
    licensePatterns: [],
    useConditions: [],
    ...permissiveRules('Apache-2.0'),
  },
  'deepseek-v3': {
    namePatterns: ['^deepseek-v3(-base)?$'],
    licensePatterns: ['^deepseek( license)?( agreement)?$'],
    useConditions: ['license'],
    trainOnOutputs: NOT_SETTLED,
    redistribution: { outcome: 'conditions', from: ['license'] },
  },
  'deepseek-v3-0324-and-later': {
    // Only V3-0324: the source says later V3.x licences were not verified.
    namePatterns: ['^deepseek-v3-0324$'],
    licensePatterns: [],
    useConditions: [],
    ...permissiveRules('MIT'),
  },
  'deepseek-r1': {
    namePatterns: ['^deepseek-r1(-zero)?$'],
    licensePatterns: [],
    useConditions: [],
    ...permissiveRules('MIT'),
    trainOnOutputs: { outcome: 'allowed', from: ['license'] },
  },
  gemma: {
    // Gemma 1/1.1, 2 and 3 only: the source says the Gemma 4 licence was not verified.
    namePatterns: ['^gemma-(2b|7b)(-|$)', '^gemma-1-1-', '^gemma-2-', '^gemma-3-\\d'],
    licensePatterns: ['^gemma( terms of use| license)?$'],
    useConditions: ['license'],
    trainOnOutputs: { outcome: 'conditions', from: ['output_use_restriction'] },
    redistribution: { outcome: 'conditions', from: ['attribution'] },
  },
  phi: {
    namePatterns: ['^phi-(2|3|3-5)(-|$)', '^phi-4(-14b)?$'],
    licensePatterns: [],
    useConditions: [],
    ...permissiveRules('MIT'),
  },
  'gpt-oss': {
    namePatterns: ['^gpt-oss-(20b|120b)$'],
    licensePatterns: [],
    useConditions: ['license'],
    ...permissiveRules('Apache-2.0'),
  },
};

/** `inherited_licenses` keys of a family, mapped to the name pattern and family they redirect to. */
export const REDIRECT_RULES: ReadonlyArray<{ fromFamily: string; key: string; namePattern: string; familyId: string }> = [
  {
    fromFamily: 'deepseek-r1',
    key: 'R1-Distill-Qwen-1.5B/7B/14B/32B',
    namePattern: '^deepseek-r1-distill-qwen-(1-5b|7b|14b|32b)(-|$)',
    familyId: 'qwen2.5',
  },
  { fromFamily: 'deepseek-r1', key: 'R1-Distill-Llama-8B', namePattern: '^deepseek-r1-distill-llama-8b(-|$)', familyId: 'llama-3.1' },
  { fromFamily: 'deepseek-r1', key: 'R1-Distill-Llama-70B', namePattern: '^deepseek-r1-distill-llama-70b(-|$)', familyId: 'llama-3.3' },
];
