/** Everything `parity track --json` can print: a track report, or the Epoch 2024 reproduction. */
import { z } from 'zod';
import { claimsReportSchema } from './claims-report.js';
import { epoch2024OutputSchema } from './epoch-2024-output.js';
import { trackReportSchema } from './track-report.js';

export const trackOutputSchema = z.discriminatedUnion('kind', [trackReportSchema, epoch2024OutputSchema, claimsReportSchema]);
export type TrackOutput = z.infer<typeof trackOutputSchema>;

/** The JSON Schema committed as `schemas/track-output.schema.json`. */
export function trackOutputJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(trackOutputSchema, { target: 'draft-2020-12', reused: 'ref' }),
    $id: 'https://parity.dev/schemas/track-output.schema.json',
    title: 'parity track --json output',
    description:
      'A per-domain open-vs-closed convergence report (kind "track"), the reproduction of Epoch AI’s Nov 2024 lags (kind "epoch-2024"), or the verdicts of a claims file (kind "track-claims", `--claims FILE`).',
  };
}

export * from './claims-report.js';
export * from './epoch-2024-output.js';
export * from './track-report.js';
