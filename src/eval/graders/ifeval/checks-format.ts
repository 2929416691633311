import { parseJsonText } from '../json-text.js';
import type { IfevalCheckers } from './checker-types.js';

const CONSTRAINED_OPTIONS = ['My answer is yes.', 'My answer is no.', 'My answer is maybe.'] as const;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A Markdown thematic break made of asterisks, which is not a bullet. */
const ASTERISK_RULE = /^[ \t]*\*(?:[ \t]*\*){2,}[ \t]*$/;

/** detectable_format:* and detectable_content:* (Markdown structure and markers). */
export const formatCheckers = {
  // "Your answer must contain exactly {N} bullet points. Use the markdown bullet points such as: * This is a
  // point.": lines that start a Markdown list item with `*`, `-` or `+` and some text.
  'detectable_format:number_bullet_lists': (response, { num_bullets }) => {
    const bullets = response.split('\n').filter((line) => /^[ \t]*[*+-][ \t]+\S/.test(line) && !ASTERISK_RULE.test(line));
    return bullets.length === num_bullets;
  },

  // "Answer with one of the following options: My answer is yes. / no. / maybe.": exactly one option appears
  // (any case, as case has instructions of its own).
  'detectable_format:constrained_response': (response) => {
    const text = response.toLowerCase();
    return CONSTRAINED_OPTIONS.filter((option) => text.includes(option.toLowerCase())).length === 1;
  },

  // "Highlight at least {N} sections with markdown, i.e. *highlighted section*": Markdown emphasis in single
  // or double asterisks, opening before and closing after non-space text; like Markdown emphasis it may run
  // over a line break but not over a blank line.
  'detectable_format:number_highlighted_sections': (response, { num_highlights }) => {
    const spans = [...response.matchAll(/\*{1,2}(?=\S)((?:[^*\n]|\n(?![ \t]*\n))*?\S)\*{1,2}/g)];
    return spans.length >= num_highlights;
  },

  // "Your response must have {N} sections. Mark the beginning of each section with {splitter} X.": lines that
  // begin with the splitter and a number, any case, after nothing but non-word marks (Markdown `#`, `*`, `>`,
  // an opening quote).
  'detectable_format:multiple_sections': (response, { section_spliter, num_sections }) => {
    const marker = new RegExp(`^[^\\p{L}\\p{N}\\n]*${escapeRegExp(section_spliter.trim())}[ \\t]*\\d+`, 'gimu');
    return [...response.matchAll(marker)].length === num_sections;
  },

  // "Entire output should be wrapped in JSON format" (the prompts allow Markdown ticks around it).
  'detectable_format:json_format': (response) => parseJsonText(response, true).ok,

  // "Your answer must contain a title, wrapped in double angular brackets, such as <<poem of joy>>".
  'detectable_format:title': (response) => /<<[^\n<>]*[^\s<>][^\n<>]*>>/.test(response),

  // "The response must contain at least {N} placeholders represented by square brackets, such as
  // [address]": non-empty bracketed spans on one line that are not Markdown links.
  'detectable_content:number_placeholders': (response, { num_placeholders }) => {
    const placeholders = [...response.matchAll(/\[([^[\]\n]*\S[^[\]\n]*)\](?!\()/g)];
    return placeholders.length >= num_placeholders;
  },

  // "At the end of your response, please explicitly add a postscript starting with {marker}": a line that
  // starts with the marker (any case; spaces allowed after its dots, so "P. S." matches "P.S.").
  'detectable_content:postscript': (response, { postscript_marker }) => {
    const pattern = escapeRegExp(postscript_marker.trim()).replace(/\\\./g, '\\.\\s*');
    return new RegExp(`^[ \\t]*${pattern}`, 'im').test(response);
  },
} satisfies Pick<
  IfevalCheckers,
  | 'detectable_format:number_bullet_lists'
  | 'detectable_format:constrained_response'
  | 'detectable_format:number_highlighted_sections'
  | 'detectable_format:multiple_sections'
  | 'detectable_format:json_format'
  | 'detectable_format:title'
  | 'detectable_content:number_placeholders'
  | 'detectable_content:postscript'
>;
