#!/usr/bin/env node
/**
 * The build step after tsc: bundles the CLI (dist/cli/main.js and what it imports) into dist/cli-bundle/, ESM
 * with code splitting, so `parity <command>` loads a few files instead of ~150 modules — its own code and zod
 * (without the ~60 locales it does not use). Each command's module stays a dynamic import, so a command loads
 * only the chunks of the files it can reach (esbuild splits by file: a command that imports a folder's index
 * reaches every module the index re-exports). Other packages stay outside the bundle (native modules, workers,
 * Plot and linkedom loaded on demand), resolved from node_modules as before.
 *
 * The build id (below) names the bundle's code: a memoized track report is used only by the build that wrote it.
 *
 * The gateway's log worker is an entry of its own: the writer starts it as `./log-worker.js` beside itself,
 * which in the bundle is beside the chunks. Files the code reads at run time (data/, web/dist/, the validated
 * data record) are found from the package root (catalog/data-location.ts), wherever the code runs from.
 *
 *   node scripts/bundle-cli.mjs
 *   PARITY_BUNDLE_META=meta.json node scripts/bundle-cli.mjs   # also esbuild's metafile: which file went into which chunk
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'cli-bundle');

/** Packages bundled with the CLI; every other bare import is left to Node. */
const BUNDLED_PACKAGES = ['zod'];

const externalPackages = {
  name: 'external-packages',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      return BUNDLED_PACKAGES.includes(name) ? undefined : { path: args.path, external: true };
    });
  },
};

/**
 * zod's `z` namespace re-exports its ~60 locales, which keeps them all in a bundle; parity sets none (zod
 * configures English itself, from locales/en.js), so `z.locales` is English only here.
 */
const englishZodLocales = {
  name: 'english-zod-locales',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}zod${path.sep}`) ? { path: path.join(path.dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'english-locales' } : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'english-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: path.dirname(args.path),
    }));
  },
};

/**
 * The bundle's build id: the SHA-256 of its files (names and bytes) and of package-lock.json (the versions of the
 * packages it leaves to node_modules). Written beside the chunks as `build-id`; a memoized track report is used
 * only by the build that wrote it (src/track/report-memo.ts).
 */
function buildId() {
  const hash = createHash('sha256');
  for (const name of readdirSync(outdir).filter((entry) => entry.endsWith('.js')).sort()) {
    hash.update(name).update('\0').update(readFileSync(path.join(outdir, name))).update('\0');
  }
  return hash.update(readFileSync(path.join(root, 'package-lock.json'))).digest('hex');
}

rmSync(outdir, { recursive: true, force: true });
try {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: 'dist/cli/main.js', 'log-worker': 'dist/gateway/log/log-worker.js' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunk-[hash]',
    plugins: [externalPackages, englishZodLocales],
    logLevel: 'warning',
    legalComments: 'none',
    metafile: process.env.PARITY_BUNDLE_META !== undefined,
  });
  if (result.metafile) writeFileSync(process.env.PARITY_BUNDLE_META, JSON.stringify(result.metafile));
  writeFileSync(path.join(outdir, 'build-id'), `${buildId()}\n`);
} catch (error) {
  process.stderr.write(`bundling the CLI failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
