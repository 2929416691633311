import { describe, expect, it } from 'vitest';
import { assembleProgram, codeConfigSchema } from './code.js';
import { extractCode } from './code-extract.js';
import { grade } from './registry.js';

const PROMPT = 'from typing import List\n\n\ndef total(values: List[int]) -> int:\n    """Sum of the values."""\n';
const TASK = { type: 'code', preamble: 'from typing import List', prefix: PROMPT, entryPoint: 'total', harness: 'assert total([1, 2, 3]) == 6\nassert total([]) == 0' } as const;

describe('code grader', () => {
  it('runs a full function from a Markdown answer against the harness', async () => {
    const answer = 'Here you go:\n```python\ndef total(values: List[int]) -> int:\n    return sum(values)\n```\nThis sums the list.';
    expect(await grade({ text: answer }, TASK)).toMatchObject({ pass: true, reason: 'tests passed' });
  });

  it('appends a body-only answer to the prompt', async () => {
    const program = assembleProgram('    return sum(values)\n', codeConfigSchema.parse(TASK));
    expect(program).toContain(`${PROMPT}    return sum(values)`);
    expect((await grade({ text: '    return sum(values)\n' }, TASK)).pass).toBe(true);
  });

  it('fails a wrong answer and reports the assertion', async () => {
    const result = await grade({ text: 'def total(values):\n    return 0\n' }, TASK);
    expect(result.pass).toBe(false);
    expect(result.reason).toMatch(/AssertionError/);
  });

  it('runs JavaScript in a worker', async () => {
    const config = { type: 'code', language: 'javascript', entryPoint: 'total', harness: 'assert.equal(total([1, 2, 3]), 6);' } as const;
    expect((await grade({ text: '```js\nfunction total(xs) { return xs.reduce((a, b) => a + b, 0); }\n```' }, config)).pass).toBe(true);
    expect((await grade({ text: 'function total(xs) { return 0; }' }, config)).pass).toBe(false);
  });

  it('picks the fenced block that defines the entry point', () => {
    const text = '```python\nprint(total([1]))\n```\n```python\ndef total(v):\n    return sum(v)\n```';
    expect(extractCode(text, 'python', 'total')).toBe('def total(v):\n    return sum(v)\n');
    expect(extractCode('def f():\n    pass', 'python')).toBe('def f():\n    pass');
  });
});
