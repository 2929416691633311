/**
 * The scanner's output is part of every trained policy: a faster scanner must yield exactly the same hashes (in
 * the same order), namespaces, counts and dense values, and the model's fast path the same score bit for bit.
 * The golden digests were written by the scanner as it was before it was optimised (see scanner-corpus.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TextScanner } from '../../src/route/features/text-scanner.js';
import { REPO_ROOT } from './helpers.js';
import { GOLDEN_CONFIGS, scanDigest, scannerCorpus, seededLogistic, type ScannerGolden } from './scanner-corpus.js';

const golden = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/route/scanner-golden.json'), 'utf8')) as ScannerGolden;
const corpus = scannerCorpus();

describe('TextScanner golden features', () => {
  it('covers the same corpus and configs as when the digests were written', () => {
    expect(corpus.length).toBe(golden.prompts);
    expect(golden.configs).toEqual(GOLDEN_CONFIGS);
  });

  it.each(GOLDEN_CONFIGS.map((config, index) => [index, config] as const))('config %i: every scan and fast-path score matches its golden digest', (index, config) => {
    const scanner = new TextScanner(config);
    const model = seededLogistic(config);
    const expected = golden.digests[index] ?? [];
    const mismatched: number[] = [];
    // twice over, so state left by one scan (ring, word counters) cannot leak into the next
    for (let pass = 0; pass < 2; pass++) {
      corpus.forEach((text, prompt) => {
        scanner.scan(text);
        if (scanDigest(scanner, model.scoreScan(scanner)) !== expected[prompt]) mismatched.push(prompt);
      });
    }
    expect(mismatched).toEqual([]);
  });
});
