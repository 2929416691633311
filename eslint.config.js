// @ts-check
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import parity from './eslint/boundaries.js';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * Which top-level folders of src/ each folder may import (ARCHITECTURE.md). src/errors.ts and src/index.ts are
 * everyone's. store → eval: eval owns the run shapes the store keeps (#19); catalog → providers: the data update
 * fetches through the one HTTP chokepoint.
 */
const layers = {
  kernel: [],
  providers: ['kernel'],
  catalog: ['kernel', 'providers'],
  report: ['kernel'],
  store: ['kernel', 'eval'],
  track: ['kernel', 'catalog', 'report'],
  eval: ['kernel', 'providers', 'store', 'catalog', 'report'],
  route: ['kernel', 'providers', 'store', 'catalog', 'eval', 'report'],
  decide: ['kernel', 'catalog', 'store', 'eval', 'route', 'track', 'report'],
  gateway: ['kernel', 'providers', 'store', 'route', 'catalog'],
  watch: ['kernel', 'catalog', 'providers', 'store', 'track'],
  dashboard: ['kernel', 'catalog', 'providers', 'store', 'track', 'eval', 'route', 'decide', 'gateway', 'report', 'watch'],
  cli: ['kernel', 'catalog', 'providers', 'store', 'track', 'eval', 'route', 'decide', 'gateway', 'report', 'watch', 'dashboard'],
};

/**
 * A folder's public surface: the only files other folders may import — its index.ts, and for a few folders one
 * more entry with a reason: the kernel's chart.ts (Plot and linkedom; only a module that draws imports it), the
 * catalog's update/index.ts (the data update fetches through the providers; reading the catalog must not load
 * it), eval's records/index.ts (the run shapes the store keeps: the store sits below eval, so it cannot import
 * eval's index without a cycle), route's serve.ts (what a running gateway needs: index.ts loads training,
 * evaluation and reports, and eval with them), and src/report, which is one file.
 */
const surfaces = {
  kernel: ['index.ts', 'chart.ts'],
  providers: ['index.ts'],
  catalog: ['index.ts', 'update/index.ts'],
  store: ['index.ts'],
  report: ['html.ts'],
  track: ['index.ts'],
  eval: ['index.ts', 'records/index.ts'],
  route: ['index.ts', 'serve.ts'],
  decide: ['index.ts'],
  gateway: ['index.ts'],
  watch: ['index.ts'],
  dashboard: ['index.ts'],
};

/**
 * Paths that import only layers below them but may name any module there (eslint/boundaries.js): the CLI, whose
 * commands load only what they run; the files the dashboard's browser bundle imports too (web/src): an index would
 * pull Node-only modules into the bundle; and the track report memo's check with the options it keys on, which
 * `parity track` runs before anything else loads (the catalog's index would load its loader and queries).
 */
const roots = ['src/cli/', 'src/dashboard/api/', 'src/track/output/', 'src/track/report/format.ts', 'src/track/options.ts', 'src/track/report-memo.ts'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'web/dist/', 'coverage/', 'reports/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use an `as const` list instead of enum.' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { parity },
    rules: { 'parity/boundaries': ['error', { root, layers, surfaces, roots }] },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
