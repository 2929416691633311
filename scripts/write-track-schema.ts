/** Writes `schemas/track-output.schema.json` from the zod schema of `parity track --json` output. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { trackOutputJsonSchema } from '../src/track/output/index.js';

const file = fileURLToPath(new URL('../schemas/track-output.schema.json', import.meta.url));
mkdirSync(fileURLToPath(new URL('../schemas/', import.meta.url)), { recursive: true });
writeFileSync(file, `${JSON.stringify(trackOutputJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${file}\n`);
