import { fileURLToPath } from 'node:url';

/**
 * The package's bundled `data/` folder. This file sits at `src/catalog/datasets/` (or `dist/catalog/datasets/`
 * once built), three levels below the package root, so the same relative URL works for both.
 */
export function bundledDataDir(): string {
  return fileURLToPath(new URL('../../../data/', import.meta.url));
}
