import path from 'node:path';
import { packageRoot } from '../data-location.js';

/** The package's bundled `data/` folder. */
export function bundledDataDir(): string {
  return path.join(packageRoot(), 'data');
}
