import { describe, expect, it } from 'vitest';
import { evaluateInstruction, looseVariants } from './checkers.js';
import { IFEVAL_INSTRUCTION_IDS, ifevalInstructionSchema } from './instructions.js';
import type { IfevalInstructionId } from './instructions.js';
import { countSentences, countWords } from './text.js';

/** [id, kwargs, a response that follows it, one that does not] — written by hand from the instruction text. */
const CASES: ReadonlyArray<[IfevalInstructionId, Record<string, unknown>, string, string]> = [
  ['change_case:capital_word_frequency', { capital_relation: 'less than', capital_frequency: 3 }, 'This is VERY good news.', 'THIS IS VERY good news.'],
  ['change_case:english_capital', {}, 'THIS IS A SHORT ANSWER WRITTEN IN ENGLISH CAPITAL LETTERS.', 'This is a short answer written in English.'],
  ['change_case:english_lowercase', {}, 'this is a short answer written in english lowercase letters.', 'This is a short answer written in English.'],
  ['combination:repeat_prompt', { prompt_to_repeat: 'Write a poem about the sea.' }, 'Write a poem about the sea.\n\nWaves roll in.', 'Here is a poem about the sea.\nWaves roll in.'],
  ['combination:two_responses', {}, 'First answer.\n******\nSecond answer.', 'Same answer.\n******\nSame answer.'],
  ['detectable_content:number_placeholders', { num_placeholders: 2 }, 'Dear [name], we meet at [address].', 'Dear [name], see you soon.'],
  ['detectable_content:postscript', { postscript_marker: 'P.S.' }, 'Main text.\n\nP.S. Bring snacks.', 'Main text. Bring snacks.'],
  ['detectable_format:constrained_response', {}, 'My answer is yes.', 'Yes, definitely.'],
  ['detectable_format:json_format', {}, '```json\n{"answer": 42}\n```', 'The answer is {"answer": 42}'],
  ['detectable_format:multiple_sections', { section_spliter: 'SECTION', num_sections: 2 }, 'SECTION 1\nIntro.\n\nSECTION 2\nBody.', 'SECTION 1\nIntro and body.'],
  ['detectable_format:number_bullet_lists', { num_bullets: 2 }, 'Points:\n* First point.\n* Second point.', 'Points:\n* First point.\n* Second point.\n* Third point.'],
  ['detectable_format:number_highlighted_sections', { num_highlights: 2 }, 'This has *one part* and **another part**.', 'This has *one part* only.'],
  ['detectable_format:title', {}, '<<Ode to Joy>>\nA poem follows.', 'Ode to Joy\nA poem follows.'],
  ['keywords:existence', { keywords: ['river', 'stone'] }, 'The River runs over a stone.', 'The river runs over pebbles.'],
  ['keywords:forbidden_words', { forbidden_words: ['bad'] }, 'A badge is not a forbidden word.', 'That was a bad idea.'],
  ['keywords:frequency', { keyword: 'war', relation: 'at least', frequency: 2 }, 'War is hell; war never changes.', 'War is hell; warfare is a word too.'],
  ['keywords:letter_frequency', { letter: 'z', let_relation: 'at least', let_frequency: 3 }, 'Zany zebras zigzag.', 'Zany horses run.'],
  ['language:response_language', { language: 'de' }, 'Das ist eine kurze Antwort, die vollständig auf Deutsch geschrieben ist und keine andere Sprache enthält.', 'This is a short answer written entirely in English with no other language.'],
  ['length_constraints:nth_paragraph_first_word', { num_paragraphs: 2, nth_paragraph: 2, first_word: 'summary' }, 'Opening words.\n\nSummary: it works.', 'Opening words.\n\nIn summary, it works.'],
  ['length_constraints:number_paragraphs', { num_paragraphs: 2 }, 'First paragraph.\n***\nSecond paragraph.', 'First paragraph.\n***\n***\nSecond paragraph.'],
  ['length_constraints:number_sentences', { relation: 'less than', num_sentences: 3 }, 'One sentence. Two sentences!', 'One. Two. Three?'],
  ['length_constraints:number_words', { relation: 'at least', num_words: 5 }, 'one two three four five', 'one two three four'],
  ['punctuation:no_comma', {}, 'No commas here at all.', 'Well, there is one.'],
  ['startend:end_checker', { end_phrase: 'Any other questions?' }, 'That is all. Any other questions?', 'Any other questions? I am here.'],
  ['startend:quotation', {}, '"Wrapped in quotes."', '"Only opened.'],
];

describe('IFEval checkers', () => {
  it('cover every one of the 25 instruction ids', () => {
    expect(IFEVAL_INSTRUCTION_IDS).toHaveLength(25);
    expect(new Set(CASES.map(([id]) => id))).toEqual(new Set(IFEVAL_INSTRUCTION_IDS));
  });

  it.each(CASES)('%s follows and rejects', (id, kwargs, follows, breaks) => {
    const instruction = ifevalInstructionSchema.parse({ id, kwargs });
    expect(evaluateInstruction(follows, instruction).strict).toBe(true);
    expect(evaluateInstruction(breaks, instruction).strict).toBe(false);
  });

  it('reject kwargs that do not fit the instruction, and drop null ones', () => {
    expect(ifevalInstructionSchema.safeParse({ id: 'length_constraints:number_words', kwargs: { relation: 'about', num_words: 5 } }).success).toBe(false);
    expect(ifevalInstructionSchema.safeParse({ id: 'keywords:existence', kwargs: {} }).success).toBe(false);
    const parsed = ifevalInstructionSchema.parse({ id: 'punctuation:no_comma', kwargs: { num_words: null } });
    expect(parsed.kwargs).toEqual({});
  });
});

describe('loose evaluation', () => {
  it('builds the 8 variants: first/last/both lines removed, each with and without asterisks', () => {
    const variants = looseVariants('Sure!\n**Body**\nHope it helps.');
    expect(variants).toHaveLength(8);
    expect(variants).toContain('**Body**');
    expect(variants).toContain('Body');
    expect(variants).toContain('Sure!\nBody\nHope it helps.');
  });

  it('forgives an intro line, an outro line and Markdown bold, but not the instruction itself', () => {
    const quotation = ifevalInstructionSchema.parse({ id: 'startend:quotation', kwargs: {} });
    expect(evaluateInstruction('Sure, here it is:\n"A quoted answer."', quotation)).toEqual({ id: 'startend:quotation', strict: false, loose: true });
    const title = ifevalInstructionSchema.parse({ id: 'detectable_format:title', kwargs: {} });
    expect(evaluateInstruction('No title here.\nStill none.', title)).toEqual({ id: 'detectable_format:title', strict: false, loose: false });
    const sections = ifevalInstructionSchema.parse({ id: 'detectable_format:multiple_sections', kwargs: { section_spliter: 'Section', num_sections: 2 } });
    expect(evaluateInstruction('Section 1\nA\nSection 2\nB', sections).strict).toBe(true);
    const ending = ifevalInstructionSchema.parse({ id: 'startend:end_checker', kwargs: { end_phrase: 'The end.' } });
    expect(evaluateInstruction('Story.\nThe end.\nLet me know if you want more!', ending)).toEqual({ id: 'startend:end_checker', strict: false, loose: true });
  });
});

describe('counting', () => {
  it('counts words by Unicode word segmentation', () => {
    expect(countWords("Don't stop: it costs $3.50, e-mail me.")).toBe(8);
    expect(countWords('')).toBe(0);
  });
  it('counts sentences, not breaking after titles, and counting list lines', () => {
    expect(countSentences('Dr. Smith arrived. He sat down! Did he stay?')).toBe(3);
    expect(countSentences('* first item\n* second item')).toBe(2);
    expect(countSentences('   ')).toBe(0);
  });
});
