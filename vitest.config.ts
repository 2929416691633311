import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    sequence: { shuffle: true },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    allowOnly: false,
    pool: 'forks',
    // tests read the bundled data, never a `parity data update` of the machine's user (data tests set their own)
    env: { PARITY_DATA_DIR: path.join(tmpdir(), 'parity-tests-no-user-data') },
  },
});
