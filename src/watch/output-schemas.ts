/**
 * The JSON printed by `parity data update --json` and `parity watch --json`, as JSON Schemas
 * (schemas/data-update.schema.json, schemas/watch-output.schema.json; `npm run schemas` writes them).
 */
import { z } from 'zod';
import { updateResultSchema } from '../catalog/update/index.js';
import { dataChangesSchema } from './changes.js';
import { watchReportSchema } from './watch.js';

export const dataUpdateOutputSchema = updateResultSchema.extend({ kind: z.literal('data-update'), changes: dataChangesSchema });
export type DataUpdateOutput = z.infer<typeof dataUpdateOutputSchema>;

export function dataUpdateJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(dataUpdateOutputSchema, { io: 'output' }) as Record<string, unknown>;
}

export function watchOutputJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(watchReportSchema, { io: 'output' }) as Record<string, unknown>;
}
