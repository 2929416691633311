/**
 * The main job of `parity start`: the track report on the catalog, both reproductions, and the HTML page
 * that holds them. Pure given loaded data: callers load the catalog and the datasets.
 */
import type { EciDataset } from '../catalog/index.js';
import type { Epoch2024Dataset } from '../catalog/index.js';
import type { TrackCatalog } from './catalog-input.js';
import type { ClaimsFile } from './claims/claim-schema.js';
import { evaluateClaims } from './claims/evaluate-claims.js';
import { computeTrack } from './compute-track.js';
import type { TrackOptions } from './options.js';
import type { Epoch2024Output } from './output/epoch-2024-output.js';
import type { ClaimsReport } from './output/claims-report.js';
import type { TrackReport } from './output/track-report.js';
import { ECI_WINDOW, eciCatalog } from './reproduce/eci.js';
import { reproduceEpoch2024 } from './reproduce/epoch-2024.js';
import { renderTrackHtml } from './report/html.js';

export interface FullReportInput {
  catalog: TrackCatalog;
  epoch2024: Epoch2024Dataset;
  eci: EciDataset;
  options?: TrackOptions;
  /** `computeTrack(catalog, options)` when the caller already has it (`parity start` prints it first). */
  report?: TrackReport;
  /** Claims to check against the catalog (the shipped example by default in `parity start`), and their file. */
  claims?: { file: ClaimsFile; name: string };
}

export interface FullReport {
  report: TrackReport;
  epoch2024: Epoch2024Output;
  eci: TrackReport;
  claims: ClaimsReport | null;
  html: string;
}

/** The ECI comparison: `computeTrack` on the ECI catalog over Jan 2023 – Oct 2025 unless a window is given. */
export function computeEciTrack(dataset: EciDataset, options: TrackOptions = {}): TrackReport {
  return computeTrack(eciCatalog(dataset), {
    ...options,
    since: options.since ?? ECI_WINDOW.since,
    until: options.until ?? ECI_WINDOW.until,
    domains: null,
    benchmarks: null,
    dataset: 'eci',
  });
}

export function buildFullReport(input: FullReportInput): FullReport {
  const report = input.report ?? computeTrack(input.catalog, input.options ?? {});
  const epoch2024 = reproduceEpoch2024(input.epoch2024);
  const eci = computeEciTrack(input.eci, { methods: input.options?.methods, openDefinition: input.options?.openDefinition });
  const claims = input.claims === undefined ? null : evaluateClaims(input.catalog, input.claims.file, input.claims.name, report);
  return { report, epoch2024, eci, claims, html: renderTrackHtml({ report, epoch2024, eci, ...(claims === null ? {} : { claims }) }) };
}
