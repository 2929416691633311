#!/usr/bin/env node
/**
 * Is the build (dist/ and web/dist/) current? A digest of every input of `npm run build` — the sources (src/,
 * web/ but its output), bin/, the TypeScript and Vite configs, package.json and package-lock.json — is written
 * next to the output when a build ends, and compared on start.
 *
 *   node scripts/build-state.mjs --write     # after a build: record the digest (the last step of `npm run build`)
 *   node scripts/build-state.mjs --check     # exit 0 when current, 1 (saying why) when not
 *   node scripts/build-state.mjs --ensure    # build when not current, else nothing (`npm start` runs this)
 *
 * Plain JavaScript with no dependency, so it runs before anything is built.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = path.join(root, 'dist', '.build-state');
const outputs = [path.join(root, 'dist', 'cli', 'main.js'), path.join(root, 'dist', 'cli-bundle', 'main.js'), path.join(root, 'web', 'dist', 'index.html')];
const inputFolders = ['src', 'web', 'bin'];
const inputFiles = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json', 'scripts/build-state.mjs', 'scripts/bundle-cli.mjs'];
const skipped = new Set([path.join(root, 'web', 'dist'), path.join(root, 'web', 'node_modules')]);

function listFiles(folder) {
  const found = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (skipped.has(full)) continue;
    if (entry.isDirectory()) found.push(...listFiles(full));
    else if (entry.isFile() && !entry.name.endsWith('.test.ts')) found.push(full);
  }
  return found;
}

/** The digest of every build input: relative path and content, in a fixed order. */
export function inputDigest() {
  const files = [
    ...inputFolders.flatMap((folder) => (existsSync(path.join(root, folder)) ? listFiles(path.join(root, folder)) : [])),
    ...inputFiles.map((file) => path.join(root, file)).filter((file) => existsSync(file)),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(path.relative(root, file).split(path.sep).join('/'));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Why the build is not current, or undefined when it is. */
export function staleReason() {
  const missing = outputs.find((file) => !existsSync(file));
  if (missing !== undefined) return `${path.relative(root, missing)} is missing`;
  if (!existsSync(stampFile)) return 'no record of the last build';
  if (readFileSync(stampFile, 'utf8').trim() !== inputDigest()) return 'sources changed since the last build';
  return undefined;
}

function main(argv) {
  const mode = argv[2];
  if (mode === '--write') {
    writeFileSync(stampFile, `${inputDigest()}\n`);
    return 0;
  }
  if (mode === '--check' || mode === '--ensure') {
    const reason = staleReason();
    if (reason === undefined) return 0;
    if (mode === '--check') {
      process.stderr.write(`the build is not current: ${reason} (npm run build)\n`);
      return 1;
    }
    process.stderr.write(`building: ${reason}\n`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
    return result.status ?? 1;
  }
  process.stderr.write('usage: node scripts/build-state.mjs --check | --ensure | --write\n');
  return 2;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv);
}
