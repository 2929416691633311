import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../errors.js';
import { caseFileRows } from './case-file.js';
import { loadSuite, openCaseFile } from './load.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parity-case-file-'));
function write(name: string, text: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A CSV cell with the awkward parts: commas, quotes, line breaks (CRLF too) inside quotes, accents. */
function cell(index: number): string {
  const kinds = [`plain ${index}`, `"with, comma ${index}"`, `"quote ""${index}"" inside"`, `"two\nlines ${index}"`, `"crlf\r\nbreak ${index}"`, `naïve ${index} ✓`];
  return kinds[index % kinds.length]!;
}

describe('cases files, read a slice at a time', () => {
  it('reads a CSV with quoted line breaks across many slices exactly as one whole-file parse does', () => {
    const lines = ['id,question,expected'];
    for (let index = 0; index < 300; index++) lines.push(`c${index},${cell(index)},${cell(index + 1)}`);
    lines.splice(120, 0, ''); // a blank line: skipped, as before
    const text = `\uFEFF${lines.join('\r\n')}\r\n`;
    const file = write('awkward.csv', text);
    const whole = parseCsv(text, { columns: true, skip_empty_lines: true, bom: true }) as Array<Record<string, string>>;
    const streamed = [...caseFileRows(file, Buffer.from(text))];
    expect(streamed).toHaveLength(300);
    expect(streamed.map((testCase) => ({ id: testCase.id, question: testCase.vars.question, expected: testCase.expected }))).toEqual(whole);
  });

  it('reads a file without a final line break and one with nothing but the header', () => {
    expect([...caseFileRows('a.csv', Buffer.from('q,expected\nx,1\ny,2'))].map((testCase) => testCase.vars.q)).toEqual(['x', 'y']);
    expect([...caseFileRows('a.csv', Buffer.from('q,expected\n'))]).toEqual([]);
  });

  it('names the line of a malformed record far into the file', () => {
    const lines = ['id,q'];
    for (let index = 0; index < 100; index++) lines.push(`c${index},"two\nlines"`);
    lines.push('c100,too,many,fields');
    const read = () => Array.from(caseFileRows('bad.csv', Buffer.from(lines.join('\n'))));
    expect(read).toThrow(DataError);
    // the header, then 100 records of two lines each: the bad record is on line 202
    expect(read).toThrow(/bad\.csv, row 202: malformed CSV/);
  });

  it('reads JSONL line by line, naming the line of a bad one', () => {
    const text = '{"id":"a","vars":{"x":1}}\n\n{"vars":{"x":2},"graders":[{"type":"equals"}]}\n';
    const cases = [...caseFileRows('cases.jsonl', Buffer.from(text))];
    expect(cases).toEqual([
      { id: 'a', vars: { x: 1 } },
      { vars: { x: 2 }, graders: [expect.objectContaining({ type: 'equals' })] },
    ]);
    expect(() => [...caseFileRows('cases.jsonl', Buffer.from(`${text}[1]\n`))]).toThrow(/cases\.jsonl, row 4: expected a JSON object per line/);
  });

  it('opens a cases file as a list that counts its cases and reads them afresh on every pass', () => {
    const file = write('many.csv', `q,expected\n${Array.from({ length: 70 }, (_, index) => `q${index},${index}`).join('\n')}\n`);
    const cases = openCaseFile(file);
    expect(cases.length).toBe(70);
    const first = [...cases];
    const second = [...cases];
    expect(second).toEqual(first);
    expect(second[0]).not.toBe(first[0]); // made anew: nothing is held between passes
    expect(first.map((testCase) => testCase.id)).toEqual(Array.from({ length: 70 }, (_, index) => String(index + 1)));
  });

  it('refuses a duplicate id when the suite is loaded, before any case runs', () => {
    write('dup.csv', 'id,q\na,1\nb,2\na,3\n');
    const suite = write('dup.yaml', "name: dup\nproviders: [{ ref: vllm/m }]\nprompt: '{{q}}'\ncases: { file: dup.csv }\ngraders: [{ type: equals }]\n");
    expect(() => loadSuite(suite)).toThrow(/dup\.yaml, row 3: duplicate case id "a"/);
  });
});
