/**
 * What data parity reads and how current each source is: `parity data status`, the dashboard's "last update"
 * panel. Read from the installed version's manifest and the last update's outcome (`last-update.json`, kept
 * even when that update installed nothing); bundled sources date from the bundled snapshot.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { bundledCatalogDir, CURRENT_FILE, locateData, userDataDir, VERSIONS_FOLDER } from '../data-location.js';
import { DATA_SOURCES } from '../importers/registry.js';
import { readCatalogFile } from '../load.js';
import { fetchedFileSchema, isoDate } from '../schema.js';
import { lockUserData } from './install.js';
import { SOURCE_OUTCOMES, updateResultSchema } from './report.js';
import { LAST_UPDATE_FILE, readVersionManifest } from './update-data.js';

export const sourceStatusViewSchema = z.object({
  name: z.string(),
  title: z.string(),
  licence: z.string(),
  /** Why `parity data update` cannot fetch it; null when it can. */
  bundledOnly: z.string().nullable(),
  /** The date of the data in use: the fetched files' date, or the bundled snapshot's. */
  asOf: isoDate.nullable(),
  fetchedAt: z.string().nullable(),
  files: z.array(fetchedFileSchema),
  /** The outcome of the last update that checked this source, and when; null: never checked. */
  lastCheck: z.object({ outcome: z.enum(SOURCE_OUTCOMES), reason: z.string().nullable(), at: z.string() }).nullable(),
});

export const dataStatusSchema = z.object({
  kind: z.literal('data-status'),
  reading: z.enum(['user', 'bundled']),
  dir: z.string(),
  userDir: z.string(),
  version: z.string().nullable(),
  installedAt: z.string().nullable(),
  note: z.string().nullable(),
  lastUpdate: updateResultSchema.nullable(),
  sources: z.array(sourceStatusViewSchema),
});
export type DataStatus = z.infer<typeof dataStatusSchema>;

function readLastUpdate(userDir: string): DataStatus['lastUpdate'] {
  const file = path.join(userDir, LAST_UPDATE_FILE);
  if (!existsSync(file)) return null;
  const parsed = updateResultSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : null;
}

export function dataStatus(userDir: string = userDataDir()): DataStatus {
  const location = locateData(userDir);
  const manifest = location.kind === 'user' ? readVersionManifest(location.dir) : null;
  const lastUpdate = readLastUpdate(userDir);
  // a source no update has fetched (bundled only, or not fetched yet) dates from the bundled snapshot: the
  // installed sources.json dates each catalog id by its freshest source, which may be another registry entry
  const bundledDir = bundledCatalogDir();
  const described = new Map(readCatalogFile(bundledDir, 'sources').map((source) => [source.id, source]));
  const sources = DATA_SOURCES.map((source) => {
    const installed = manifest?.sources[source.name];
    const ran = lastUpdate?.sources.find((entry) => entry.name === source.name);
    // the last update that looked at the source: the last run when it did, else the installed version's record
    const lastCheck =
      ran !== undefined && ran.outcome !== 'not-selected' && ran.outcome !== 'bundled-only'
        ? { outcome: ran.outcome, reason: ran.reason, at: lastUpdate?.finishedAt ?? '' }
        : installed !== undefined && installed.outcome !== 'not-selected' && installed.outcome !== 'bundled-only'
          ? { outcome: installed.outcome, reason: installed.reason, at: installed.checkedAt }
          : null;
    const dates = source.produces.map((id) => described.get(id)?.snapshotDate).filter((date): date is string => date !== undefined).sort();
    return {
      name: source.name,
      title: source.title,
      licence: source.licence,
      bundledOnly: source.bundledOnly ?? null,
      asOf: installed?.asOf ?? dates[dates.length - 1] ?? null,
      fetchedAt: installed?.fetchedAt ?? null,
      files: installed?.files ?? [],
      lastCheck,
    };
  });
  return {
    kind: 'data-status',
    reading: location.kind,
    dir: location.dir,
    userDir,
    version: location.version,
    installedAt: location.installedAt,
    note: location.note,
    lastUpdate,
    sources,
  };
}

/** Removes the installed updates (under the update lock); returns the folder, or null when none was installed. */
export function resetUserData(userDir: string = userDataDir()): string | null {
  if (!existsSync(path.join(userDir, CURRENT_FILE)) && !existsSync(path.join(userDir, VERSIONS_FOLDER))) return null;
  const release = lockUserData(userDir);
  try {
    rmSync(path.join(userDir, CURRENT_FILE), { force: true }); // readers switch to the bundle at once
    rmSync(path.join(userDir, VERSIONS_FOLDER), { recursive: true, force: true });
    rmSync(path.join(userDir, LAST_UPDATE_FILE), { force: true });
  } finally {
    release();
  }
  return userDir;
}
