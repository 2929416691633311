/**
 * `parity track --json` output against the committed JSON Schema (schemas/track-output.schema.json), with ajv.
 * The schema file must equal what the zod schema generates, so it cannot drift.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { loadEciDataset } from '../../src/catalog/datasets/eci.js';
import { loadEpoch2024Dataset } from '../../src/catalog/datasets/epoch-2024.js';
import { computeTrack } from '../../src/track/compute-track.js';
import { computeEciTrack } from '../../src/track/full-report.js';
import { trackOutputJsonSchema } from '../../src/track/output/index.js';
import { reproduceEpoch2024 } from '../../src/track/reproduce/epoch-2024.js';
import { testCatalog } from './helpers/test-catalog.js';
import { runCli } from './helpers/run-cli.js';

const committed = JSON.parse(readFileSync(new URL('../../schemas/track-output.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const validate = addFormats.default(new Ajv2020({ allErrors: true, strict: false })).compile(committed); // formats checked

function expectValid(value: unknown): void {
  // JSON round trip: what a consumer of --json sees (no undefined, no NaN).
  const parsed: unknown = JSON.parse(JSON.stringify(value));
  const ok = validate(parsed);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

describe('track output JSON Schema', () => {
  it('is the one generated from the zod schema (regenerate: npm run schemas)', () => {
    expect(committed).toEqual(JSON.parse(JSON.stringify(trackOutputJsonSchema())));
  });

  it('describes library output on the hand-made catalog, the ECI dataset and the Epoch reproduction', () => {
    expectValid(computeTrack(testCatalog()));
    expectValid(computeTrack(testCatalog(), { methods: ['daily'], tolerance: 2, transform: 'neg-log-error', openDefinition: 'permissive' }));
    expectValid(computeEciTrack(loadEciDataset()));
    expectValid(reproduceEpoch2024(loadEpoch2024Dataset()));
    expectValid(reproduceEpoch2024(loadEpoch2024Dataset(), { methods: ['threshold'] }));
  });

  it('rejects output that lacks a figure’s source', () => {
    const report = JSON.parse(JSON.stringify(computeTrack(testCatalog()))) as { domains: Array<{ bestClosed: Record<string, unknown> | null }> };
    const math = report.domains.find((domain) => domain.bestClosed !== null)!;
    delete math.bestClosed!.source;
    expect(validate(report)).toBe(false);
  });

  it('describes the real CLI output on the bundled data', async () => {
    for (const args of [
      ['track', '--json'],
      ['track', '--dataset', 'eci', '--json'],
      ['track', '--dataset', 'epoch-2024', '--method', 'area', '--json'],
      ['track', '--claims', 'examples/claims/open-vs-closed.yaml', '--json'],
    ]) {
      const run = await runCli(args);
      expect(run.code, run.stderr).toBe(0);
      expectValid(JSON.parse(run.stdout));
    }
  });
});
