import { z } from 'zod';
import { RELATIONS } from './text.js';

/** The 25 verifiable instruction kinds of IFEval (Zhou et al. 2023), with the ids its data files use. */
export const IFEVAL_INSTRUCTION_IDS = [
  'change_case:capital_word_frequency',
  'change_case:english_capital',
  'change_case:english_lowercase',
  'combination:repeat_prompt',
  'combination:two_responses',
  'detectable_content:number_placeholders',
  'detectable_content:postscript',
  'detectable_format:constrained_response',
  'detectable_format:json_format',
  'detectable_format:multiple_sections',
  'detectable_format:number_bullet_lists',
  'detectable_format:number_highlighted_sections',
  'detectable_format:title',
  'keywords:existence',
  'keywords:forbidden_words',
  'keywords:frequency',
  'keywords:letter_frequency',
  'language:response_language',
  'length_constraints:nth_paragraph_first_word',
  'length_constraints:number_paragraphs',
  'length_constraints:number_sentences',
  'length_constraints:number_words',
  'punctuation:no_comma',
  'startend:end_checker',
  'startend:quotation',
] as const;
export type IfevalInstructionId = (typeof IFEVAL_INSTRUCTION_IDS)[number];

const relation = z.enum(RELATIONS);
const count = z.number().int().nonnegative();
const none = z.object({});

/** The kwargs each instruction takes, named as in IFEval's input_data.jsonl. */
export const IFEVAL_KWARGS_SCHEMAS = {
  'change_case:capital_word_frequency': z.object({ capital_relation: relation, capital_frequency: count }),
  'change_case:english_capital': none,
  'change_case:english_lowercase': none,
  'combination:repeat_prompt': z.object({ prompt_to_repeat: z.string().min(1) }),
  'combination:two_responses': none,
  'detectable_content:number_placeholders': z.object({ num_placeholders: count }),
  'detectable_content:postscript': z.object({ postscript_marker: z.string().min(1) }),
  'detectable_format:constrained_response': none,
  'detectable_format:json_format': none,
  'detectable_format:multiple_sections': z.object({ section_spliter: z.string().min(1), num_sections: count }),
  'detectable_format:number_bullet_lists': z.object({ num_bullets: count }),
  'detectable_format:number_highlighted_sections': z.object({ num_highlights: count }),
  'detectable_format:title': none,
  'keywords:existence': z.object({ keywords: z.array(z.string().min(1)).min(1) }),
  'keywords:forbidden_words': z.object({ forbidden_words: z.array(z.string().min(1)).min(1) }),
  'keywords:frequency': z.object({ keyword: z.string().min(1), relation, frequency: count }),
  'keywords:letter_frequency': z.object({ letter: z.string().length(1), let_relation: relation, let_frequency: count }),
  'language:response_language': z.object({ language: z.string().min(2) }),
  'length_constraints:nth_paragraph_first_word': z.object({
    num_paragraphs: count,
    nth_paragraph: z.number().int().positive(),
    first_word: z.string().min(1),
  }),
  'length_constraints:number_paragraphs': z.object({ num_paragraphs: count }),
  'length_constraints:number_sentences': z.object({ relation, num_sentences: count }),
  'length_constraints:number_words': z.object({ relation, num_words: count }),
  'punctuation:no_comma': none,
  'startend:end_checker': z.object({ end_phrase: z.string().min(1) }),
  'startend:quotation': none,
} as const satisfies Record<IfevalInstructionId, z.ZodType>;

export type IfevalKwargs<Id extends IfevalInstructionId> = z.output<(typeof IFEVAL_KWARGS_SCHEMAS)[Id]>;

function withoutNulls(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null && value !== undefined));
}

/**
 * One instruction as it appears in a grader config: its id and kwargs, checked against that id's kwargs
 * schema (null-valued keys, as in some copies of the data, are dropped).
 */
export const ifevalInstructionSchema = z
  .object({
    id: z.enum(IFEVAL_INSTRUCTION_IDS),
    kwargs: z.record(z.string(), z.unknown()).default({}),
  })
  .transform((value, context) => {
    const parsed = IFEVAL_KWARGS_SCHEMAS[value.id].safeParse(withoutNulls(value.kwargs));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) context.addIssue({ code: 'custom', message: issue.message, path: ['kwargs', ...issue.path] });
      return z.NEVER;
    }
    return { id: value.id, kwargs: parsed.data as Record<string, unknown> };
  });
export type IfevalInstruction = z.output<typeof ifevalInstructionSchema>;
