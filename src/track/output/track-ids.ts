/**
 * The ids the track outputs are made of (methods, open definitions, transforms, datasets), without the outputs'
 * zod schemas: `parity track` parses its flags with them and never builds the report's schema (track-report.ts
 * and epoch-2024-output.ts re-export them).
 */
export const TRACK_METHODS = ['threshold', 'area', 'daily'] as const;
export type TrackMethod = (typeof TRACK_METHODS)[number];
export const OPEN_DEFINITIONS = ['weights', 'permissive'] as const;
export type OpenDefinition = (typeof OPEN_DEFINITIONS)[number];
export const SCORE_TRANSFORMS = ['none', 'neg-log-error'] as const;
export type ScoreTransform = (typeof SCORE_TRANSFORMS)[number];
export const TRACK_DATASETS = ['catalog', 'eci'] as const;

/** The methods of Epoch AI's Nov 2024 report (`--dataset epoch-2024`). */
export const EPOCH_2024_METHODS = ['threshold', 'area'] as const;
export type Epoch2024Method = (typeof EPOCH_2024_METHODS)[number];
