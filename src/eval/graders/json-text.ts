/** Parsing JSON out of a model's text, shared by `is-json`, `json-schema` and the judges' verdicts. */

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: string };

const FENCE = /^```[a-zA-Z0-9_-]*[ \t]*\n([\s\S]*?)\n?```$/;

/** Parses the whole text as JSON; with `allowFence`, a single Markdown code fence around it is removed first. */
export function parseJsonText(text: string, allowFence: boolean): JsonParse {
  let body = text.trim();
  if (allowFence) {
    const fenced = FENCE.exec(body);
    if (fenced) body = (fenced[1] ?? '').trim();
  }
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Finds a JSON object in free text: the whole text, else a fenced block, else the span from the first `{` to
 * the last `}`. Used for judge verdicts, where models often add a sentence around the object.
 */
export function findJsonObject(text: string): JsonParse {
  const whole = parseJsonText(text, true);
  if (whole.ok) return whole;
  const fenced = /```(?:json)?[ \t]*\n([\s\S]*?)```/.exec(text);
  if (fenced) {
    const inner = parseJsonText(fenced[1] ?? '', false);
    if (inner.ok) return inner;
  }
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start >= 0 && end > start) return parseJsonText(text.slice(start, end + 1), false);
  return { ok: false, error: 'no JSON object found' };
}
