/**
 * Writes the JSON Schemas generated from parity's zod schemas into schemas/, for editors and other tools.
 * Run with `npm run schemas`; tests check the committed files are current.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fineTuneOutputJsonSchema } from '../src/decide/fine-tune/compute-fine-tune.js';
import { suiteJsonSchema } from '../src/eval/suite/json-schema.js';
import { gatewayConfigJsonSchema } from '../src/gateway/config/json-schema.js';
import { ladderPolicyJsonSchema, routePolicyJsonSchema } from '../src/route/index.js';
import { claimsFileJsonSchema } from '../src/track/claims/claim-schema.js';
import { trackOutputJsonSchema } from '../src/track/output/index.js';
import { dataUpdateJsonSchema, watchOutputJsonSchema } from '../src/watch/output-schemas.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemas: Record<string, Record<string, unknown>> = {
  'suite.schema.json': suiteJsonSchema(),
  'gateway-config.schema.json': gatewayConfigJsonSchema(),
  'route-policy.schema.json': routePolicyJsonSchema() as Record<string, unknown>,
  'route-ladder.schema.json': ladderPolicyJsonSchema(),
  'track-output.schema.json': trackOutputJsonSchema(),
  'claims.schema.json': claimsFileJsonSchema(),
  'fine-tune-output.schema.json': fineTuneOutputJsonSchema(),
  'data-update.schema.json': dataUpdateJsonSchema(),
  'watch-output.schema.json': watchOutputJsonSchema(),
};
for (const [file, schema] of Object.entries(schemas)) {
  writeFileSync(path.join(root, 'schemas', file), `${JSON.stringify(schema, null, 2)}\n`);
  process.stdout.write(`wrote schemas/${file}\n`);
}
