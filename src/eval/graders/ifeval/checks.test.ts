import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateInstruction, looseVariants } from './checkers.js';
import { IFEVAL_INSTRUCTION_IDS, ifevalInstructionSchema } from './instructions.js';
import type { IfevalInstructionId } from './instructions.js';
import { detectLanguage, loadLanguageDetection } from './language.js';

// the language checks need franc's profiles, which load on demand (the grader awaits this itself)
beforeAll(() => loadLanguageDetection());

describe('language detection', () => {
  it('names the language of a text once loaded, nothing for a text without letters', () => {
    expect(detectLanguage('Das ist eine kurze Antwort, die vollständig auf Deutsch geschrieben ist.')).toBe('de');
    expect(detectLanguage('12345 678')).toBeUndefined();
  });
});

/**
 * [id, kwargs, a response that follows it, one that does not], written by hand from the reference definitions
 * (google-research instruction_following_eval/instructions.py). Where the reference differs from a casual
 * reading of the instruction, the example shows the reference's reading (noted alongside).
 */
const CASES: ReadonlyArray<[IfevalInstructionId, Record<string, unknown>, string, string]> = [
  // NLTK keeps "WELL-KNOWN" and "AND/OR" whole (two tokens) but splits "DON'T" into "DO" + "N'T" (three with "GO.").
  ['change_case:capital_word_frequency', { capital_relation: 'less than', capital_frequency: 3 }, 'WELL-KNOWN AND/OR news.', "DON'T GO."],
  ['change_case:english_capital', {}, 'THIS IS A SHORT ANSWER WRITTEN IN ENGLISH CAPITAL LETTERS.', 'This is a short answer written in English.'],
  ['change_case:english_lowercase', {}, 'this is a short answer written in english lowercase letters.', 'This is a short answer written in English.'],
  // Case is ignored, whitespace is not.
  ['combination:repeat_prompt', { prompt_to_repeat: 'Write a poem about the sea.' }, 'write a poem about the sea.\n\nWaves roll in.', 'Write a poem  about the sea.\nWaves roll in.'],
  ['combination:two_responses', {}, 'First answer.\n******\nSecond answer.', 'Same answer.\n******\nSame answer.'],
  // An empty [] is a placeholder too.
  ['detectable_content:number_placeholders', { num_placeholders: 2 }, 'Dear [name], see you at [].', 'Dear [name], see you soon.'],
  // Anywhere in a line, lower-cased, with optional whitespace after the first dot.
  ['detectable_content:postscript', { postscript_marker: 'P.S.' }, 'Main text. p. s. Bring snacks.', 'Main text.\n\nPS Bring snacks.'],
  // The option must appear exactly as written, capital M included.
  ['detectable_format:constrained_response', {}, 'I checked twice. My answer is yes.', 'my answer is yes.'],
  // Only a ```json / ```Json / ```JSON or bare ``` fence is removed.
  ['detectable_format:json_format', {}, '```json\n{"answer": 42}\n```', '```javascript\n{"answer": 42}\n```'],
  // At least N sections, and the splitter is case-sensitive.
  ['detectable_format:multiple_sections', { section_spliter: 'SECTION', num_sections: 2 }, 'SECTION 1\nIntro.\nSECTION 2\nBody.\nSECTION 3\nEnd.', 'Section 1\nIntro.\nSection 2\nBody.'],
  // `*` and `-` lines are bullets, `+` lines are not.
  ['detectable_format:number_bullet_lists', { num_bullets: 2 }, 'Points:\n* First point.\n- Second point.', 'Points:\n+ First point.\n+ Second point.'],
  // A highlight stays on one line; a blank one does not count.
  ['detectable_format:number_highlighted_sections', { num_highlights: 2 }, 'This has *one part* and **another part**.', 'This has *one part* and *another part\nover two lines*.'],
  ['detectable_format:title', {}, '<<Ode to Joy>>\nA poem follows.', '<< >>\nA poem follows.'],
  // A plain case-insensitive search: "Riddles" holds "riddle", "Milestone" holds "stone".
  ['keywords:existence', { keywords: ['riddle', 'stone'] }, 'Riddles carved on a Milestone.', 'The river runs over pebbles.'],
  // Whole words only: "badge" and "badly" do not hold the word "bad".
  ['keywords:forbidden_words', { forbidden_words: ['bad'] }, 'A badge and a badly drawn map.', 'That was a BAD idea.'],
  // Occurrences anywhere: "War" and "warfare" are two.
  ['keywords:frequency', { keyword: 'war', relation: 'at least', frequency: 2 }, 'War and warfare.', 'War is hell.'],
  ['keywords:letter_frequency', { letter: 'z', let_relation: 'at least', let_frequency: 3 }, 'Zany zebras zigzag.', 'Zany horses run.'],
  ['language:response_language', { language: 'de' }, 'Das ist eine kurze Antwort, die vollständig auf Deutsch geschrieben ist und keine andere Sprache enthält.', 'This is a short answer written entirely in English with no other language.'],
  // The first word loses leading quotes and is cut at , . ? ! ' " — but Markdown stars stay.
  ['length_constraints:nth_paragraph_first_word', { num_paragraphs: 2, nth_paragraph: 2, first_word: 'summary' }, 'Opening words.\n\n"Summary, it works.', 'Opening words.\n\n**Summary** it works.'],
  // `***` divides anywhere, even mid-line; `* * *` does not divide.
  ['length_constraints:number_paragraphs', { num_paragraphs: 2 }, 'First paragraph. *** Second paragraph.', 'First paragraph.\n* * *\nSecond paragraph.'],
  // Punkt sentences: lines without . ? ! run together.
  ['length_constraints:number_sentences', { relation: 'less than', num_sentences: 3 }, '* first item\n* second item\n* third item', 'One. Two. Three?'],
  // \w+ runs: "don't" is two words.
  ['length_constraints:number_words', { relation: 'at least', num_words: 5 }, "don't stop me now", 'one two three four'],
  // Only the ASCII comma counts.
  ['punctuation:no_comma', {}, 'A full-width comma\uFF0C is not a comma here.', 'Well, there is one.'],
  // Surrounding double quotes are removed first; nothing may follow the phrase, not even a period.
  ['startend:end_checker', { end_phrase: 'Any other questions?' }, '"That is all. Any other questions?"', 'That is all. Any other questions?.'],
  // Only ASCII double quotes.
  ['startend:quotation', {}, '"Wrapped in quotes."', '\u201CWrapped in curly quotes.\u201D'],
];

function instruction(id: IfevalInstructionId, kwargs: Record<string, unknown>) {
  return ifevalInstructionSchema.parse({ id, kwargs });
}

describe('IFEval checkers', () => {
  it('cover every one of the 25 instruction ids', () => {
    expect(IFEVAL_INSTRUCTION_IDS).toHaveLength(25);
    expect(new Set(CASES.map(([id]) => id))).toEqual(new Set(IFEVAL_INSTRUCTION_IDS));
  });

  it.each(CASES)('%s follows and rejects', (id, kwargs, follows, breaks) => {
    expect(evaluateInstruction(follows, instruction(id, kwargs)).strict).toBe(true);
    expect(evaluateInstruction(breaks, instruction(id, kwargs)).strict).toBe(false);
  });

  it('reject kwargs that do not fit the instruction, and drop null ones', () => {
    expect(ifevalInstructionSchema.safeParse({ id: 'length_constraints:number_words', kwargs: { relation: 'about', num_words: 5 } }).success).toBe(false);
    expect(ifevalInstructionSchema.safeParse({ id: 'keywords:existence', kwargs: {} }).success).toBe(false);
    const parsed = ifevalInstructionSchema.parse({ id: 'punctuation:no_comma', kwargs: { num_words: null } });
    expect(parsed.kwargs).toEqual({});
  });
});

describe('IFEval checkers: reference details', () => {
  const strict = (response: string, id: IfevalInstructionId, kwargs: Record<string, unknown> = {}): boolean =>
    evaluateInstruction(response, instruction(id, kwargs)).strict;

  it('counts bullets as the reference does: a `---` rule and a `* * *` rule are bullets, `**bold**` lines are not', () => {
    expect(strict('* one\n* two\n---', 'detectable_format:number_bullet_lists', { num_bullets: 3 })).toBe(true);
    expect(strict('* one\n* * *\n**Bold** line', 'detectable_format:number_bullet_lists', { num_bullets: 2 })).toBe(true);
  });

  it('counts one **double** highlight once, and a lone *single* one once', () => {
    expect(strict('**one**', 'detectable_format:number_highlighted_sections', { num_highlights: 1 })).toBe(true);
    expect(strict('**one**', 'detectable_format:number_highlighted_sections', { num_highlights: 2 })).toBe(false);
    expect(strict('*one* and *two*', 'detectable_format:number_highlighted_sections', { num_highlights: 2 })).toBe(true);
  });

  it('finds section markers mid-line, and needs a number after the splitter', () => {
    expect(strict('See SECTION 1 and SECTION 2.', 'detectable_format:multiple_sections', { section_spliter: 'SECTION', num_sections: 2 })).toBe(true);
    expect(strict('SECTION A\nSECTION B', 'detectable_format:multiple_sections', { section_spliter: 'SECTION', num_sections: 1 })).toBe(false);
  });

  it('fails a blank piece between `***` dividers and ignores blank ends', () => {
    expect(strict('***\nOne.\n***\nTwo.\n***', 'length_constraints:number_paragraphs', { num_paragraphs: 2 })).toBe(true);
    expect(strict('One.\n***\n***\nTwo.', 'length_constraints:number_paragraphs', { num_paragraphs: 2 })).toBe(false);
  });

  it('splits paragraphs at exactly two newlines, so a colon stays on the first word', () => {
    const kwargs = { num_paragraphs: 2, nth_paragraph: 2, first_word: 'summary' };
    expect(strict('Opening.\n\nSummary: done.', 'length_constraints:nth_paragraph_first_word', kwargs)).toBe(false);
    expect(strict('Opening.\n\n\n\nSummary done.', 'length_constraints:nth_paragraph_first_word', kwargs)).toBe(false);
    expect(strict("Opening.\n\n'Summary' done.", 'length_constraints:nth_paragraph_first_word', kwargs)).toBe(true);
  });

  it('reads JSON as Python does, NaN included, and takes a fence without a newline', () => {
    expect(strict('{"value": NaN}', 'detectable_format:json_format')).toBe(true);
    expect(strict('```{"a": [1, 2]}```', 'detectable_format:json_format')).toBe(true);
    expect(strict('Here: {"a": 1}', 'detectable_format:json_format')).toBe(false);
  });

  it('finds "P.P.S" as p.p.s with optional spaces, anywhere, in any case', () => {
    expect(strict('Thanks!\nP. P. S call me.', 'detectable_content:postscript', { postscript_marker: 'P.P.S' })).toBe(true);
    expect(strict('Thanks!\nPPS call me.', 'detectable_content:postscript', { postscript_marker: 'P.P.S' })).toBe(false);
  });

  it('counts a title only with text inside, taking the greedy span', () => {
    expect(strict('<<<Title>>>', 'detectable_format:title')).toBe(true);
    expect(strict('<<>>', 'detectable_format:title')).toBe(false);
  });

  it('compares the end after stripping whitespace and then double quotes, ignoring case', () => {
    expect(strict('IT IS DONE. ANY OTHER QUESTIONS?\n', 'startend:end_checker', { end_phrase: 'Any other questions?' })).toBe(true);
    expect(strict('It is done. Any other questions? \u{1F600}', 'startend:end_checker', { end_phrase: 'Any other questions?' })).toBe(false);
  });

  it('judges text with no letters as followed for language, and short text by its best guess', () => {
    expect(strict('12345 678', 'language:response_language', { language: 'ja' })).toBe(true);
    // Upper case, but too short to be identified as English (langdetect names another language for "YES").
    expect(strict('YES', 'change_case:english_capital')).toBe(false);
    expect(strict('hello 123', 'change_case:english_capital')).toBe(false);
  });
});

describe('loose evaluation', () => {
  it('builds the 8 variants: first/last/both lines removed (trimmed), each with and without asterisks', () => {
    const variants = looseVariants('Sure!\n**Body**\nHope it helps.');
    expect(variants).toHaveLength(8);
    expect(variants[0]).toBe('Sure!\n**Body**\nHope it helps.');
    expect(variants).toContain('**Body**');
    expect(variants).toContain('Body');
    expect(variants).toContain('Sure!\nBody\nHope it helps.');
    expect(looseVariants('Intro\n  text  \n')).toContain('text');
  });

  it('forgives an intro line, an outro line and Markdown stars, but not the instruction itself', () => {
    const quotation = instruction('startend:quotation', {});
    expect(evaluateInstruction('Sure, here it is:\n"A quoted answer."', quotation)).toEqual({ id: 'startend:quotation', strict: false, loose: true });
    const title = instruction('detectable_format:title', {});
    expect(evaluateInstruction('No title here.\nStill none.', title)).toEqual({ id: 'detectable_format:title', strict: false, loose: false });
    const ending = instruction('startend:end_checker', { end_phrase: 'The end.' });
    expect(evaluateInstruction('Story.\nThe end.\nLet me know if you want more!', ending)).toEqual({ id: 'startend:end_checker', strict: false, loose: true });
    const highlights = instruction('detectable_format:number_highlighted_sections', { num_highlights: 1 });
    expect(evaluateInstruction('No highlight.', highlights).loose).toBe(false);
  });

  it('follows nothing with a blank response, even an instruction that only forbids', () => {
    expect(evaluateInstruction(' \n ', instruction('punctuation:no_comma', {}))).toEqual({ id: 'punctuation:no_comma', strict: false, loose: false });
    expect(evaluateInstruction('', instruction('keywords:forbidden_words', { forbidden_words: ['bad'] })).loose).toBe(false);
  });
});
