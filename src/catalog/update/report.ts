/**
 * The result of an update of the catalog: each source's outcome with the provenance of its files, and what was
 * installed. `parity data update --json` prints it with what changed in the evidence (src/watch/changes.ts).
 */
import { z } from 'zod';
import { fetchedFileSchema, isoDate } from '../schema.js';

export const SOURCE_OUTCOMES = ['updated', 'unchanged', 'failed', 'not-selected', 'bundled-only'] as const;
export type SourceOutcome = (typeof SOURCE_OUTCOMES)[number];

const rowCountsSchema = z.object({ facts: z.number().int(), results: z.number().int(), prices: z.number().int(), history: z.number().int() });
export type RowCounts = z.infer<typeof rowCountsSchema>;

export const sourceReportSchema = z.object({
  name: z.string(),
  outcome: z.enum(SOURCE_OUTCOMES),
  /** Why it failed, or why it is bundled only; null otherwise. */
  reason: z.string().nullable(),
  /** The date of the data used now for this source (its files' date when fetched); null: the bundled snapshot. */
  asOf: isoDate.nullable(),
  /** When the files in use were downloaded; null: never (the bundled snapshot). */
  fetchedAt: z.string().nullable(),
  files: z.array(fetchedFileSchema).describe('the files in use, with URL, sha256 and validators'),
  rows: z.object({ before: rowCountsSchema, after: rowCountsSchema }),
});
export type SourceReport = z.infer<typeof sourceReportSchema>;

export const updateResultSchema = z.object({
  dryRun: z.boolean(),
  mirror: z.string().nullable(),
  userDir: z.string(),
  /** The version installed by this run; null when nothing was installed (dry run, nothing new, every source failed). */
  installed: z.object({ version: z.string(), dir: z.string() }).nullable(),
  startedAt: z.string(),
  finishedAt: z.string(),
  sources: z.array(sourceReportSchema),
  /** true when every source asked for updated or was unchanged. */
  complete: z.boolean(),
});
export type UpdateResult = z.infer<typeof updateResultSchema>;
