/**
 * The hand-curated inputs of the import, under `data/curated/`: labs, licence spellings, aliases for the hard
 * names, model fact overrides, source descriptions and the taxonomy. They are data, validated here with zod;
 * a malformed file fails the import with its name and the path of the bad entry.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DataError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';
import { isoDate, modality, sourceSchema, taxonomySchema } from '../schema.js';
import type { Taxonomy } from '../schema.js';
import { kebab, nameTokens } from '../normalize.js';

const labsFileSchema = z.object({
  organizations: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/), z.array(z.string())),
  families: z.record(z.string(), z.string()),
  closedFamilies: z.array(z.string()),
});

const licensesFileSchema = z.object({
  proprietary: z.array(z.string()),
  unknown: z.array(z.string()),
  licenses: z.record(z.string(), z.array(z.string())),
});

const curatedAliasSchema = z.object({
  alias: z.string().min(1),
  modelId: z.string().min(1),
  source: z.string().nullable().default(null),
  note: z.string().optional(),
});
const aliasesFileSchema = z.object({ aliases: z.array(curatedAliasSchema) });

const overrideSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9._-]*$/),
  name: z.string().optional(),
  lab: z.string().optional(),
  openWeights: z.boolean().optional(),
  license: z.string().nullable().optional(),
  releaseDate: isoDate.nullable().optional(),
  parametersB: z.number().positive().nullable().optional(),
  activeParametersB: z.number().positive().nullable().optional(),
  contextWindow: z.number().int().positive().nullable().optional(),
  inputModalities: z.array(modality).optional(),
  outputModalities: z.array(modality).optional(),
  /** Where the corrected facts are published: a URL (model card, announcement) or a bundled source and its row. */
  source: z.string().min(1),
  note: z.string(),
});
export type ModelOverride = z.infer<typeof overrideSchema>;
const overridesFileSchema = z.object({ models: z.array(overrideSchema) });

const sourcesFileSchema = z.object({
  sources: z.array(sourceSchema),
  notBundled: z.array(z.object({ name: z.string(), licence: z.string(), reason: z.string() })),
  gaps: z.array(z.string()).default([]),
});
export type SourcesFile = z.infer<typeof sourcesFileSchema>;

function readCurated<T>(dir: string, file: string, schema: z.ZodType<T>): T {
  const full = path.join(dir, file);
  const label = `curated/${file}`;
  if (!existsSync(full)) throw new DataError(label, undefined, `curated file not found in ${dir}`);
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(full, 'utf8')) as unknown;
  } catch (error) {
    throw new DataError(label, undefined, `invalid YAML: ${(error as Error).message}`, { cause: error });
  }
  return parseOrThrow(schema, raw, (issue) => new DataError(label, typeof issue.path[1] === 'number' ? issue.path[1] + 1 : undefined, issue.text));
}

/** Organisation and family names → lab ids. */
export class LabDirectory {
  private readonly byOrganization = new Map<string, string>();
  private readonly families: Array<{ tokens: string[]; lab: string }> = [];
  private readonly closedFamilies: string[][];

  constructor(file: z.infer<typeof labsFileSchema>) {
    for (const [lab, names] of Object.entries(file.organizations)) {
      for (const name of names) this.byOrganization.set(name.trim().toLowerCase(), lab);
    }
    for (const [prefix, lab] of Object.entries(file.families)) this.families.push({ tokens: nameTokens(prefix), lab });
    this.families.sort((a, b) => b.tokens.length - a.tokens.length);
    this.closedFamilies = file.closedFamilies.map((prefix) => nameTokens(prefix));
  }

  /** The name starts like a family whose weights were never released (curated). */
  isClosedFamily(name: string): boolean {
    const tokens = nameTokens(name);
    return this.closedFamilies.some((prefix) => prefix.every((token, index) => tokens[index] === token));
  }

  /** The lab of an organisation as a source writes it; unknown organisations become their kebab-case name. */
  forOrganization(organization: string | null | undefined): string | null {
    const text = (organization ?? '').trim();
    if (text === '') return null;
    const known = this.byOrganization.get(text.toLowerCase());
    if (known !== undefined) return known;
    const first = text.split(/[,+]/)[0]?.trim().toLowerCase() ?? '';
    const firstKnown = this.byOrganization.get(first);
    if (firstKnown !== undefined) return firstKnown;
    const id = kebab(first).replace(/\./g, '-');
    return /^[a-z0-9][a-z0-9-]*$/.test(id) ? id : null;
  }

  /** A known organisation (no kebab-case fallback). */
  knownOrganization(organization: string): string | null {
    return this.byOrganization.get(organization.trim().toLowerCase()) ?? null;
  }

  /** The lab a model name's family belongs to (`Llama 3 70B` → meta), or null. */
  forModelName(name: string): string | null {
    const tokens = nameTokens(name);
    const joined = tokens.join('');
    for (const family of this.families) {
      const prefix = family.tokens;
      if (prefix.every((token, index) => tokens[index] === token)) return family.lab;
      if (joined.startsWith(prefix.join('')) && prefix.length > 1) return family.lab;
    }
    return null;
  }
}

export interface LicenseReading {
  /** One spelling of the licence, or null when the text carries none. */
  license: string | null;
  /** The text says the weights are not open ("Proprietary"). */
  proprietary: boolean;
}

const squash = (text: string): string => text.toLowerCase().replace(/[\s._-]+/g, '');

export class LicenseDirectory {
  private readonly spellings = new Map<string, string>();
  private readonly proprietary = new Set<string>();
  private readonly unknown = new Set<string>();

  constructor(file: z.infer<typeof licensesFileSchema>) {
    for (const text of file.proprietary) this.proprietary.add(squash(text));
    for (const text of file.unknown) this.unknown.add(squash(text));
    for (const [license, spellings] of Object.entries(file.licenses)) {
      this.spellings.set(squash(license), license);
      for (const spelling of spellings) this.spellings.set(squash(spelling), license);
    }
  }

  read(text: string | null | undefined): LicenseReading {
    const key = squash(text ?? '');
    if (key === '' || this.unknown.has(key)) return { license: null, proprietary: false };
    if (this.proprietary.has(key)) return { license: null, proprietary: true };
    return { license: this.spellings.get(key) ?? (text ?? '').trim(), proprietary: false };
  }
}

export interface CuratedInputs {
  labs: LabDirectory;
  licenses: LicenseDirectory;
  aliases: Array<z.infer<typeof curatedAliasSchema>>;
  overrides: ModelOverride[];
  sources: SourcesFile;
  taxonomy: Taxonomy;
}

export function readCuratedInputs(dir: string): CuratedInputs {
  return {
    labs: new LabDirectory(readCurated(dir, 'labs.yaml', labsFileSchema)),
    licenses: new LicenseDirectory(readCurated(dir, 'licenses.yaml', licensesFileSchema)),
    aliases: readCurated(dir, 'aliases.yaml', aliasesFileSchema).aliases,
    overrides: readCurated(dir, 'models.yaml', overridesFileSchema).models,
    sources: readCurated(dir, 'sources.yaml', sourcesFileSchema),
    taxonomy: readCurated(dir, 'taxonomy.yaml', taxonomySchema),
  };
}
