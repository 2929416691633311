import { describe, expect, it } from 'vitest';
import { layoutTable, tableWidth, wrapParagraph } from './table-layout.js';

const widest = (text: string): number => Math.max(...text.split('\n').map((line) => [...line].length));
const head = ['Domain', 'Best', 'Lag a', 'Lag b', 'Sources'];
const rows = [
  ['Coding', 'Some-Model-70B-Instruct\n60.1% (2026-06-15)', '3.6 mo', '4.1 mo', 'epoch-external\nevalplus'],
  ['Agentic', 'Other model\n73.7% (2026-06-15)', '2.7 mo', null, 'epoch-external\nevalplus'],
];

describe('layoutTable', () => {
  it('leaves a table that fits as it is', () => {
    const text = layoutTable(head, rows, { width: 200, footnote: ['Sources'] });
    expect(text).toMatch(/│ Sources +│/);
    expect(text).toContain('60.1% (2026-06-15)');
    expect(text).toContain('—'); // an empty cell
  });

  it('moves the named columns to numbered footnotes, one number per distinct text, then puts dates under values', () => {
    const text = layoutTable(head, rows, { width: 66, footnote: ['Sources'] });
    expect(widest(text)).toBeLessThanOrEqual(66);
    expect(text).not.toMatch(/│ Sources/);
    expect(text).toContain('Coding [1]');
    expect(text).toContain('Agentic [1]');
    expect(text).toMatch(/\nSources:\n\[1\] epoch-external, evalplus$/);
  });

  it('stacks grouped columns, wraps, and falls back to one block per row when nothing else fits', () => {
    const stacked = layoutTable(head, rows, { width: 56, footnote: ['Sources'], stack: [{ head: 'Lag', columns: ['Lag a', 'Lag b'] }] });
    expect(widest(stacked)).toBeLessThanOrEqual(56);
    expect(stacked).toMatch(/│ Lag +│/);
    expect(stacked).toContain('a 3.6 mo');
    const blocks = layoutTable(head, rows, { width: 30, footnote: ['Sources'], stack: [{ head: 'Lag', columns: ['Lag a', 'Lag b'] }] });
    expect(widest(blocks)).toBeLessThanOrEqual(30);
    expect(blocks).toMatch(/^Coding \[1\]\n {2}Best +Some-Model-70B-/);
    // no character of a value is lost in the wrapping
    expect(blocks.replace(/\s+/g, '')).toContain('Some-Model-70B-Instruct,60.1%(2026-06-15)');
  });
});

describe('widths', () => {
  it('COLUMNS wins, then a terminal’s columns, else 100', () => {
    expect(tableWidth({ isTTY: true, columns: 132 }, { COLUMNS: '80' })).toBe(80);
    expect(tableWidth({ isTTY: true, columns: 132 }, {})).toBe(132);
    expect(tableWidth({ isTTY: false }, {})).toBe(100);
    expect(tableWidth({ isTTY: false }, { COLUMNS: 'wide' })).toBe(100);
  });

  it('wraps prose with a hanging indent and keeps every word', () => {
    const text = 'port 8787 is already in use on 127.0.0.1: choose another port with --port (0 picks a free one)';
    const wrapped = wrapParagraph(text, { width: 40 });
    expect(widest(wrapped)).toBeLessThanOrEqual(40);
    expect(wrapped.split('\n').slice(1).every((line) => line.startsWith('  '))).toBe(true);
    expect(wrapped.replace(/\s+/g, ' ')).toBe(text);
  });
});
