/** The data update: fetch the public sources, rebuild and install a catalog version, and report what changed. */
export { dataStatus, dataStatusSchema, resetUserData, sourceStatusViewSchema, type DataStatus } from './status.js';
export { updateResultSchema, type UpdateResult } from './report.js';
export type { UpdateEvent } from './events.js';
export { LAST_UPDATE_FILE, mergeIsolating, readVersionManifest, selectSources, updateData, versionManifestSchema, type SourceStatus, type UpdateOptions, type UpdateOutcome, type VersionManifest } from './update-data.js';
