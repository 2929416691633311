/** Getting runnable code out of a model's answer. */

const FENCE = /```([A-Za-z0-9_+#-]*)[^\n]*\n([\s\S]*?)```/g;

const LANGUAGE_TAGS: Readonly<Record<'python' | 'javascript', readonly string[]>> = {
  python: ['python', 'py', 'python3', ''],
  javascript: ['javascript', 'js', 'mjs', 'typescript', 'ts', ''],
};

/** Whether `code` defines the function `name` (a `def`, a `function`, or a `const/let/var name =`). */
export function definesFunction(code: string, name: string, language: 'python' | 'javascript'): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern =
    language === 'python'
      ? new RegExp(`^\\s*(?:async\\s+)?def\\s+${escaped}\\s*\\(`, 'm')
      : new RegExp(`(?:function\\s*\\*?\\s*${escaped}\\s*\\(|(?:const|let|var)\\s+${escaped}\\s*=)`);
  return pattern.test(code);
}

/**
 * The code in a model's answer: with Markdown fences, the first fenced block in the language (or untagged)
 * that defines `entryPoint` if given, else the first such block; without fences, the whole text.
 */
export function extractCode(text: string, language: 'python' | 'javascript', entryPoint?: string): string {
  const blocks: string[] = [];
  for (const match of text.matchAll(FENCE)) {
    const tag = (match[1] ?? '').toLowerCase();
    if (LANGUAGE_TAGS[language].includes(tag)) blocks.push(match[2] ?? '');
  }
  if (blocks.length === 0) return text;
  if (entryPoint !== undefined) {
    const defining = blocks.find((block) => definesFunction(block, entryPoint, language));
    if (defining !== undefined) return defining;
  }
  return blocks[0] ?? text;
}
