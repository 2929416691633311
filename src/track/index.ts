/** The track library: open-vs-closed frontiers, lags, trends, reproductions and the report. Pure; never prints. */
export { computeTrack, describeMethod, resolveTrackOptions } from './compute-track.js';
export type { TrackCatalog } from './catalog-input.js';
export { trackOptionsSchema, type TrackOptions, type ResolvedTrackOptions } from './options.js';
export { buildFullReport, computeEciTrack, type FullReport, type FullReportInput } from './full-report.js';
export { reproduceEpoch2024, EPOCH_2024_LEVELS, type Epoch2024Options } from './reproduce/epoch-2024.js';
export { eciCatalog, ECI_WINDOW } from './reproduce/eci.js';
export { renderTrackHtml, type TrackHtmlInput } from './report/html.js';
export { classifyLicence, groupOf, type Group, type LicenceClass } from './open-definition.js';
export { runningMaxFrontier, firstReaching, standingOn, type FrontierPoint, type Observation } from './frontier.js';
export { thresholdLags, levelGrid, type ThresholdResult, type Level } from './methods/threshold.js';
export { areaLag, type AreaResult } from './methods/area.js';
export { dailyLags, type DailyLag } from './methods/daily.js';
export { lagTrend } from './trend.js';
export { priceFrontier, blendedPrice } from './price-frontier.js';
export { QUANTILE_DEFINITION, quantile } from '../kernel/index.js';
export { summarize, type Summary } from './stats.js';
export * from './output/index.js';
