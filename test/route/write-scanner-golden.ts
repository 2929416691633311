/**
 * Writes test/fixtures/route/scanner-golden.json: the digest of every scan of the scanner corpus under every
 * golden config (see scanner-corpus.ts). Run it only when the features are meant to change — then every
 * policy trained before must be retrained, and the policy format's dense-feature check may need a new name.
 *
 *   npx tsx test/route/write-scanner-golden.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { TextScanner } from '../../src/route/features/text-scanner.js';
import { GOLDEN_CONFIGS, scanDigest, scannerCorpus, seededLogistic, type ScannerGolden } from './scanner-corpus.js';
import { REPO_ROOT } from './helpers.js';

const corpus = scannerCorpus();
const golden: ScannerGolden = {
  configs: [...GOLDEN_CONFIGS],
  prompts: corpus.length,
  digests: GOLDEN_CONFIGS.map((config) => {
    const scanner = new TextScanner(config);
    const model = seededLogistic(config);
    return corpus.map((text) => {
      scanner.scan(text);
      return scanDigest(scanner, model.scoreScan(scanner));
    });
  }),
};
const file = path.join(REPO_ROOT, 'test/fixtures/route/scanner-golden.json');
writeFileSync(file, `${JSON.stringify(golden)}\n`);
process.stdout.write(`${file}: ${GOLDEN_CONFIGS.length} configs × ${corpus.length} prompts\n`);
