import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_SUITE } from './example.js';
import { suiteJsonSchema } from './json-schema.js';
import { loadCaseFile, loadSuite, parseSuite } from './load.js';

describe('suite format', () => {
  it('parses the example that `parity eval init` writes', () => {
    const suite = parseSuite(EXAMPLE_SUITE, 'suite.yaml');
    expect(suite.providers).toHaveLength(2);
    expect(suite.graders[0]).toMatchObject({ type: 'equals', ignoreCase: true });
    expect(suite.compare?.[0]?.margin).toBe(0.05);
  });

  it('names the field and the line of a bad value', () => {
    const text = EXAMPLE_SUITE.replace('repeats: 1 ', 'repeats: 0 ');
    expect(() => parseSuite(text, 'suite.yaml')).toThrow(/suite\.yaml: repeats \(line \d+\): .*>=1/);
  });

  it('rejects unknown fields rather than ignoring them', () => {
    expect(() => parseSuite(`${EXAMPLE_SUITE}\nconcurency: 3\n`, 'suite.yaml')).toThrow(/suite\.yaml: .*concurency/);
  });

  it('the published JSON Schema accepts the example and rejects a bad grader', () => {
    const published = JSON.parse(readFileSync(new URL('../../../schemas/suite.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    expect(published).toEqual(JSON.parse(JSON.stringify(suiteJsonSchema())));
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(published);
    expect(validate(parse(EXAMPLE_SUITE))).toBe(true);
    const bad = parse(EXAMPLE_SUITE) as { graders: unknown[] };
    bad.graders = [{ type: 'no-such-grader' }];
    expect(validate(bad)).toBe(false);
  });

  it('loads cases from CSV and JSONL, naming the row of a malformed line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-suite-'));
    writeFileSync(path.join(dir, 'cases.csv'), 'id,ticket,expected\nr1,"charged twice, please refund",billing\n');
    expect(loadCaseFile(path.join(dir, 'cases.csv'))).toEqual([{ id: 'r1', vars: { ticket: 'charged twice, please refund' }, expected: 'billing' }]);
    writeFileSync(path.join(dir, 'cases.jsonl'), '{"id":"a","vars":{"x":1}}\n{"id":"b",\n');
    expect(() => loadCaseFile(path.join(dir, 'cases.jsonl'))).toThrow(/cases\.jsonl, row 2: not valid JSON/);
    writeFileSync(path.join(dir, 'suite.yaml'), EXAMPLE_SUITE.replace(/cases:\n( {2}- [^\n]*\n( {4}[^\n]*\n)*)+/, 'cases: { file: cases.csv }\n'));
    const loaded = loadSuite(path.join(dir, 'suite.yaml'));
    expect(Array.from(loaded.cases, (testCase) => testCase.id)).toEqual(['r1']);
  });
});
