/**
 * Writes the import's files atomically: everything goes to a temporary folder next to the output, is read
 * back and validated exactly as the loader would, and only then replaces the files in the output folder
 * (each by a rename; on a failed rename the files already moved are put back). Files of the output folder
 * that the import does not write (curated/, datasets/, reference/) are never touched.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readCatalogData } from '../load.js';

export interface OutputFile {
  /** Relative to the output folder; may name a subfolder (`imported/litellm.json`). */
  name: string;
  text: string;
  /** Rows of a data file, for the import's summary. */
  rows?: number | null;
}

export function writeOutputAtomically(outDir: string, files: readonly OutputFile[]): void {
  mkdirSync(outDir, { recursive: true });
  const staging = mkdtempSync(path.join(outDir, '.import-'));
  const backup = mkdtempSync(path.join(outDir, '.previous-'));
  const moved: string[] = [];
  try {
    for (const file of files) {
      mkdirSync(path.dirname(path.join(staging, file.name)), { recursive: true });
      writeFileSync(path.join(staging, file.name), file.text);
    }
    readCatalogData(staging); // read back through the loader: throws DataError on any problem
    try {
      for (const file of files) {
        const target = path.join(outDir, file.name);
        mkdirSync(path.dirname(target), { recursive: true });
        mkdirSync(path.dirname(path.join(backup, file.name)), { recursive: true });
        if (existsSync(target)) renameSync(target, path.join(backup, file.name));
        moved.push(file.name);
        renameSync(path.join(staging, file.name), target);
      }
    } catch (error) {
      for (const name of moved.reverse()) {
        const saved = path.join(backup, name);
        if (existsSync(saved)) renameSync(saved, path.join(outDir, name));
        else rmSync(path.join(outDir, name), { force: true });
      }
      throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(backup, { recursive: true, force: true });
  }
}
