/**
 * Model-name normalisation. Every source spells a model its own way ("Meta-Llama-3-70B-Instruct",
 * "llama-3-70b-instruct", "Llama 3 70B", "o3-2025-04-16_high"), so names are compared through two keys:
 *
 * - the exact key: lower case, org prefix (`meta-llama/`, `Meta-`) and run configuration (`_high`, `(FC)`)
 *   removed, every separator unified and letters split from digits: `Qwen2.5-72B` and `qwen-2.5-72b` both
 *   become `qwen-2-5-72-b`;
 * - the relaxed key: the exact key without dates, snapshot numbers and variant words (`instruct`, `chat`,
 *   `preview`, `latest`…): `gpt-4o-2024-05-13` and `GPT 4o (Aug 2024)` both become `gpt-4-o`.
 *
 * Both are pure functions of the name; the resolver decides what a match on either key means.
 */

/** Leading words that name the organisation, not the model: `Meta-Llama-3` is `llama-3`. */
const ORG_WORDS = new Set([
  'meta',
  'google',
  'microsoft',
  'amazon',
  'ibm',
  'openai',
  'anthropic',
  'alibaba',
  'mistralai',
  'cohere',
  'xai',
  'nvidia',
]);

/** Words that mark a variant of the same weights or API model, dropped by the relaxed key. */
const VARIANT_WORDS = new Set([
  'instruct',
  'chat',
  'it',
  'hf',
  'latest',
  'preview',
  'exp',
  'experimental',
  'api',
  'bf16',
  'fp8',
  'fp16',
  'int4',
  'int8',
  'awq',
  'gguf',
  'mlx',
  'version',
  'base',
]);

/** Reasoning-effort words, dropped by the relaxed key when they end the name (`o3-mini-high`). */
const EFFORT_WORDS = new Set(['high', 'medium', 'low', 'minimal', 'xhigh']);

const MONTHS = new Map<string, string>([
  ['jan', '01'],
  ['january', '01'],
  ['feb', '02'],
  ['february', '02'],
  ['mar', '03'],
  ['march', '03'],
  ['apr', '04'],
  ['april', '04'],
  ['may', '05'],
  ['jun', '06'],
  ['june', '06'],
  ['jul', '07'],
  ['july', '07'],
  ['aug', '08'],
  ['august', '08'],
  ['sep', '09'],
  ['sept', '09'],
  ['september', '09'],
  ['oct', '10'],
  ['october', '10'],
  ['nov', '11'],
  ['november', '11'],
  ['dec', '12'],
  ['december', '12'],
]);

/** Run configuration appended by Epoch and others: `_high`, `_16K`, `_medium`, `_thinking`. */
const EFFORT_SUFFIX = /_(?:high|medium|low|minimal|xhigh|none|\d+k|thinking|non-thinking|nothinking)$/i;

/** Bedrock's API version suffix: `amazon.nova-pro-v1:0`, `…-20240620-v1:0`. */
const BEDROCK_VERSION = /-v\d+:\d+$/i;

/** Quantisation of the same weights: `-q8_0`, `-q4_K_M`, `-gguf`, `-awq`, `-fp8` (at the end, repeatable). */
const QUANTIZATION = /(?:[-_.:](?:q\d(?:_k)?(?:_[a-z0-9]+)?|gguf|ggml|awq|gptq|exl2|mlx|int4|int8|fp8|fp16|bf16|4bit|8bit))+$/i;

/** Organisation prefixes inside Hub repository names: `CohereForAI/c4ai-command-r-plus`. */
const HUB_PREFIX = /^c4ai-/i;

/** A parenthetical worth keeping: a date such as `(20240620)`, `(2024-08-08)`, `(08-2024)`, `(Aug 2024)`. */
function isDateLike(text: string): boolean {
  const value = text.trim().toLowerCase();
  if (/^[\d\s./-]+$/.test(value)) return /\d{2}/.test(value);
  const [first, second] = value.split(/\s+/);
  return first !== undefined && MONTHS.has(first) && second !== undefined && /^\d{4}$/.test(second);
}

/**
 * Parentheticals name either the run configuration ("(FC)", "(Prompt)", "(thinking-32k)", "(high)"), dropped,
 * or which release is meant: a date, "(Original)" (an older release kept beside a newer one), "(latest)".
 */
function keepParenthetical(inner: string): boolean {
  return isDateLike(inner) || /^\s*(?:original|latest)\s*$/i.test(inner);
}

/**
 * Splits a cleaned, lower-case name into alphanumeric tokens with letters and digits apart. `+` is a word
 * ("Command R+" is not "Command R"), and a month-day pair written apart is joined (`08-13` → `0813`).
 */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const word of text.replace(/\+/g, ' plus ').split(/[^a-z0-9]+/)) {
    if (word === '') continue;
    for (const part of word.match(/[a-z]+|\d+/g) ?? []) tokens.push(part);
  }
  const joined: string[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] ?? '';
    const next = tokens[index + 1];
    const afterNext = tokens[index + 2];
    const pair = token.length === 2 && next?.length === 2 && isMonth(token) && isDay(next) && !/^\d/.test(afterNext ?? 'x');
    if (pair && !isYear(tokens[index - 1]) && joined.length > 0) {
      joined.push(`${token}${next}`);
      index += 1;
    } else joined.push(token);
  }
  return joined;
}

/** The tokens of the exact key. */
export function nameTokens(name: string): string[] {
  let text = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').trim();
  text = text.replace(EFFORT_SUFFIX, '');
  text = text.replace(/[([]([^)\]]*)[)\]]/g, (_match, inner: string) => (keepParenthetical(inner) ? ` ${inner} ` : ' '));
  const slash = text.lastIndexOf('/');
  if (slash >= 0 && slash < text.length - 1) text = text.slice(slash + 1);
  text = text.replace(EFFORT_SUFFIX, '');
  text = text.replace(BEDROCK_VERSION, '').replace(QUANTIZATION, '').replace(HUB_PREFIX, '');
  const tokens = tokenize(text.toLowerCase());
  while (tokens.length > 2 && ORG_WORDS.has(tokens[0] ?? '') && /^[a-z]/.test(tokens[1] ?? '')) tokens.shift();
  if (tokens.length > 1 && tokens[tokens.length - 1] === 'hf') tokens.pop();
  return tokens;
}

export function exactKey(name: string): string {
  return nameTokens(name).join('-');
}

function isYear(token: string | undefined): boolean {
  return token !== undefined && /^20\d{2}$/.test(token);
}
function isMonth(token: string | undefined): boolean {
  return token !== undefined && /^\d{1,2}$/.test(token) && Number(token) >= 1 && Number(token) <= 12;
}
function isDay(token: string | undefined): boolean {
  return token !== undefined && /^\d{1,2}$/.test(token) && Number(token) >= 1 && Number(token) <= 31;
}

/** Removes date-like token runs: 2024-05-13, 20240513, 2024-05, 08-2024, aug-2024, 0613 / 2407, 05-06 at the end. */
function dropDates(tokens: string[]): string[] {
  const out: string[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] ?? '';
    const next = tokens[index + 1];
    const afterNext = tokens[index + 2];
    if (isYear(token) && isMonth(next) && isDay(afterNext) && next?.length === 2) {
      index += 2;
      continue;
    }
    if (isYear(token) && isMonth(next) && next?.length === 2) {
      index += 1;
      continue;
    }
    if (/^20\d{6}$/.test(token)) continue;
    if (isMonth(token) && token.length === 2 && isYear(next)) {
      index += 1;
      continue;
    }
    if (MONTHS.has(token) && isYear(next)) {
      index += 1;
      continue;
    }
    if (isYear(token) && index === tokens.length - 1 && index > 0) continue;
    // a four-digit snapshot number (0613, 1106, 2407), unless it is a size such as 1024-k
    if (/^\d{4}$/.test(token) && index > 0 && !/^[bkm]$/.test(next ?? '')) continue;
    if (/^00\d$/.test(token) && index > 0) continue;
    out.push(token);
  }
  // a trailing month-day pair: gemini-2.5-pro-preview-05-06, grok-2-08-13
  const last = out[out.length - 1];
  const beforeLast = out[out.length - 2];
  if (out.length > 3 && last?.length === 2 && beforeLast?.length === 2 && isMonth(beforeLast) && isDay(last)) {
    out.splice(out.length - 2, 2);
  }
  return out;
}

export function relaxedTokens(tokens: readonly string[]): string[] {
  let out = dropDates([...tokens]);
  const kept = out.filter((token) => !VARIANT_WORDS.has(token));
  if (kept.length > 0) out = kept;
  while (out.length > 1 && EFFORT_WORDS.has(out[out.length - 1] ?? '')) out = out.slice(0, -1);
  out = dropDates(out);
  return out;
}

export function relaxedKey(name: string): string {
  return relaxedTokens(nameTokens(name)).join('-');
}

export interface NameKeys {
  exact: string;
  relaxed: string;
}

export function nameKeys(name: string): NameKeys {
  const tokens = nameTokens(name);
  return { exact: tokens.join('-'), relaxed: relaxedTokens(tokens).join('-') };
}

/**
 * A readable id segment for a model first seen in some source: lower case, org prefix and run configuration
 * removed, anything outside `[a-z0-9._-]` turned into `-`. `Claude 3.5 Sonnet (20240620)` →
 * `claude-3.5-sonnet-20240620`; `o3-mini-2025-01-31_high` → `o3-mini-2025-01-31`.
 */
export function slugify(name: string): string {
  let text = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').trim();
  text = text.replace(EFFORT_SUFFIX, '');
  text = text.replace(/[([]([^)\]]*)[)\]]/g, (_match, inner: string) => (isDateLike(inner) ? ` ${inner} ` : ' '));
  const slash = text.lastIndexOf('/');
  if (slash >= 0 && slash < text.length - 1) text = text.slice(slash + 1);
  const slug = text
    .replace(/\+/g, '-plus')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '');
  return slug === '' ? 'unnamed' : slug;
}

/** `Llama 3.1 Community` → `llama-3.1-community`: an id-safe lower-case form for labs and licences. */
export function kebab(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
