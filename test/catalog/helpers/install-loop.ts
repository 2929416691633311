/**
 * Child process of the SIGKILL test: installs two catalog versions, A and B, one after the other for ever into
 * the user data directory given as argv[2] (A first, then "ready" and the milliseconds it took), until the parent
 * kills it. A is the bundled
 * catalog; B is the same with the last benchmark result left out (both valid).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { bundledCatalogDir, MANIFEST_FILE, USER_DATA_FORMAT } from '../../../src/catalog/data-location.js';
import { DATA_FILES } from '../../../src/catalog/data-files.js';
import { installVersion, removeStale, type VersionFile } from '../../../src/catalog/update/install.js';

const root = process.argv[2] as string;
const bundled = bundledCatalogDir();
const catalog = Object.values(DATA_FILES).map((name) => ({ name, text: readFileSync(path.join(bundled, name), 'utf8') }));
const imported = readdirSync(path.join(bundled, 'imported')).map((name): VersionFile => ({ name: `imported/${name}`, data: { linkFrom: path.join(bundled, 'imported', name) } }));

function variant(drop: boolean): VersionFile[] {
  const files: VersionFile[] = catalog.map(({ name, text }) => {
    if (!drop || name !== DATA_FILES.results) return { name, data: text };
    const lines = text.trimEnd().split('\n');
    lines.splice(lines.length - 2, 1); // the last result row
    lines[lines.length - 2] = (lines[lines.length - 2] as string).replace(/,$/, '');
    return { name, data: `${lines.join('\n')}\n` };
  });
  const manifest = { format: USER_DATA_FORMAT, createdAt: new Date().toISOString(), sources: {} };
  return [...files, ...imported, { name: MANIFEST_FILE, data: JSON.stringify(manifest) }];
}

const versions = [variant(false), variant(true)];
const started = Date.now();
installVersion(root, versions[0] as VersionFile[]);
process.stdout.write(`ready ${Date.now() - started}\n`);
for (let round = 1; ; round++) {
  const { version } = installVersion(root, versions[round % 2] as VersionFile[]);
  removeStale(root, [version]);
}
