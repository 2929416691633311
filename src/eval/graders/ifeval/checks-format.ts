import type { IfevalCheckers } from './checker-types.js';
import { escapeRegExp, stripChars } from './text.js';

const CONSTRAINED_OPTIONS = ['My answer is yes.', 'My answer is no.', 'My answer is maybe.'] as const;

/**
 * Line anchors with Python's `re.MULTILINE` meaning: only `\n` ends a line (JavaScript's `^`/`$` with the
 * `m` flag also stop at `\r`, U+2028 and U+2029).
 */
const LINE_START = '(?<![^\\n])';
const LINE_END = '(?![^\\n])';

/**
 * Reference bullets: lines that start (after any whitespace, which may include blank lines above) with `*`
 * followed by a character other than `*`, plus lines that start with `-`. `+` items are not bullets, a `---`
 * rule is one, and so is a `* * *` rule.
 */
const STAR_BULLET = new RegExp(`${LINE_START}\\s*\\*[^*][^\\n]*${LINE_END}`, 'gu');
const DASH_BULLET = new RegExp(`${LINE_START}\\s*-[^\\n]*${LINE_END}`, 'gu');

/** A JSON string literal, or one of the bare constants Python's json.loads accepts and JSON.parse does not. */
const STRING_OR_PYTHON_CONSTANT = /"(?:[^"\\]|\\.)*"|(NaN|-?Infinity)/g;

/** Whether Python's json.loads would accept the text (JSON, plus the constants NaN, Infinity, -Infinity). */
function isJson(text: string): boolean {
  const standard = text.replace(STRING_OR_PYTHON_CONSTANT, (match, constant: string | undefined) => (constant === undefined ? match : 'null'));
  try {
    JSON.parse(standard);
    return true;
  } catch {
    return false;
  }
}

function removePrefix(text: string, prefix: string): string {
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}

/**
 * detectable_format:* and detectable_content:*. Each rule restates, in words, the reference definition
 * (google-research `instruction_following_eval/instructions.py`) it implements.
 */
export const formatCheckers = {
  // Reference: the number of bullet lines (see STAR_BULLET / DASH_BULLET) equals num_bullets exactly.
  'detectable_format:number_bullet_lists': (response, { num_bullets }) => {
    const count = (response.match(STAR_BULLET)?.length ?? 0) + (response.match(DASH_BULLET)?.length ?? 0);
    return count === num_bullets;
  },

  // Reference: the trimmed response contains one of the three options, exactly as written (case matters);
  // other text around it is allowed.
  'detectable_format:constrained_response': (response) => {
    const text = response.trim();
    return CONSTRAINED_OPTIONS.some((option) => text.includes(option));
  },

  // Reference: count the spans `*...*` with no newline or asterisk inside whose text is not blank, plus the
  // spans `**...**` of the same kind; at least num_highlights. A highlight never crosses a line break.
  'detectable_format:number_highlighted_sections': (response, { num_highlights }) => {
    const single = [...response.matchAll(/\*[^\n*]*\*/g)].filter(([span]) => stripChars(span, '*').trim() !== '');
    const double = [...response.matchAll(/\*\*[^\n*]*\*\*/g)].filter(([span]) => span.slice(2, -2).trim() !== '');
    return single.length + double.length >= num_highlights;
  },

  // Reference: the response is split at every occurrence (anywhere, case-sensitive) of the splitter word
  // followed by a number, each optionally surrounded by one whitespace character; the number of sections
  // (pieces minus one) must be at least num_sections.
  'detectable_format:multiple_sections': (response, { section_spliter, num_sections }) => {
    const marker = new RegExp(`\\s?${escapeRegExp(section_spliter.trim())}\\s?\\p{Nd}+\\s?`, 'gu');
    return (response.match(marker)?.length ?? 0) >= num_sections;
  },

  // Reference: trim; remove a leading ```json / ```Json / ```JSON, then a leading ```, then a trailing ```;
  // trim again; the rest must parse as JSON (Python's json.loads, which also takes NaN and Infinity).
  'detectable_format:json_format': (response) => {
    let text = response.trim();
    for (const prefix of ['```json', '```Json', '```JSON', '```']) text = removePrefix(text, prefix);
    if (text.endsWith('```')) text = text.slice(0, -3);
    return isJson(text.trim());
  },

  // Reference: some `<<...>>` on one line (greedy, so `<<a>> and <<b>>` is one span) has non-blank text
  // once its outer angle brackets are removed.
  'detectable_format:title': (response) =>
    [...response.matchAll(/<<[^\n]+>>/g)].some(([span]) => span.replace(/^<+/, '').replace(/>+$/, '').trim() !== ''),

  // Reference: the number of shortest `[...]` spans on one line (empty `[]` and Markdown links count too)
  // is at least num_placeholders.
  'detectable_content:number_placeholders': (response, { num_placeholders }) =>
    (response.match(/\[[^\n]*?\]/g)?.length ?? 0) >= num_placeholders,

  // Reference: in the lower-cased response, "P.S." is found as `p.` + optional whitespace + `s.` and "P.P.S"
  // as `p.` + optional whitespace + `p.` + optional whitespace + `s`, anywhere in a line; any other marker is
  // searched for as written (lower-cased).
  'detectable_content:postscript': (response, { postscript_marker }) => {
    const marker = postscript_marker.trim();
    const text = response.toLowerCase();
    if (marker === 'P.P.S') return /p\.\s?p\.\s?s/u.test(text);
    if (marker === 'P.S.') return /p\.\s?s\./u.test(text);
    return text.includes(marker.toLowerCase());
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
