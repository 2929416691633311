/**
 * Every package the shipped code imports is a runtime dependency: `npm install parity` (or `npm ci --omit=dev`)
 * leaves devDependencies out, so a gateway module importing one (find-my-way was a devDependency while the
 * router used it) fails only there, with ERR_MODULE_NOT_FOUND at `parity serve`. Read from the TypeScript
 * sources every shipped module is built from (tests excluded), static and dynamic imports alike.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
const runtime = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return /\.(ts|mts)$/.test(entry.name) && !/\.test\.|\.d\.ts$/.test(entry.name) ? [file] : [];
  });
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`); undefined for relative and node: ones. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

describe('runtime dependencies', () => {
  it('covers every package imported by src/ (what dist/ and the CLI bundle are built from)', () => {
    const missing: string[] = [];
    const files = sources(path.join(root, 'src'));
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      for (const { fileName } of importedFiles) {
        const name = packageOf(fileName);
        if (name !== undefined && !runtime.has(name)) missing.push(`${path.relative(root, file)} imports ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
