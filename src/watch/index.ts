/** The watch: what changed between two catalogs, the crossings a user asked to hear about, and the webhook that tells them. */
export type { DataChanges } from './changes.js';
export type { DataUpdateOutput } from './output-schemas.js';
