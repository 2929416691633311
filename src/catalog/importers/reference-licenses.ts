/**
 * `shared/data/reference/licenses.yaml` → the `licenses.json` families. The YAML's facts (licence name,
 * commercial use, MAU threshold, quoted clauses, source, verification) are kept as written; which field
 * answers which question comes from `reference-license-rules.ts`.
 */
import { z } from 'zod';
import { DataError } from '../../errors.js';
import {
  licensesFileSchema,
  type Clause,
  type LicenseFamily,
  type LicenseRedirect,
  type LicenseRule,
  type LicenseTerms,
  type LicenseVariant,
  type LicensesFile,
  type VerificationLevel,
} from '../reference-schema.js';
import {
  FAMILY_RULES,
  PLAIN_SPDX,
  REDIRECT_RULES,
  permissiveRules,
  type FamilyRuleSpec,
  type QuotableField,
  type RuleSpec,
} from './reference-license-rules.js';
import { parseYamlRows } from './yaml-rows.js';

const positiveInt = z.number().int().positive();
const rawFamilySchema = z.looseObject({
  family: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'expected a lower-case family id'),
  models: z.array(z.string()).min(1),
  license: z.string().min(1).optional(),
  license_by_size: z.record(z.string(), z.string()).optional(),
  release_date: z.string().optional(),
  commercial_use: z.boolean().optional(),
  mau_threshold: z.union([positiveInt, z.null(), z.record(z.string(), positiveInt)]).optional(),
  attribution: z.string().optional(),
  naming: z.string().optional(),
  output_use_restriction: z.string().optional(),
  acceptable_use_policy: z.string().optional(),
  geographic_restriction: z.string().nullable().optional(),
  litigation_termination: z.string().optional(),
  inherited_licenses: z.record(z.string(), z.string()).optional(),
  source: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  verification: z.string().min(1),
  notes: z.string().optional(),
});
type RawFamily = z.infer<typeof rawFamilySchema>;
const KNOWN_KEYS = new Set(Object.keys(rawFamilySchema.shape));

const rawFileSchema = z.object({
  schema_version: z.literal(1),
  collected: z.string(),
  families: z.array(rawFamilySchema).min(1),
  epoch_model_accessibility_values: z.array(z.string()).optional(),
});

const DISCLAIMER =
  'Licence facts were hand-collected with one source per entry; this is not legal advice. ' +
  'Re-check the linked text before relying on it.';

export interface LicenseImport {
  file: LicensesFile;
  warnings: string[];
}

/** Parses and normalises the licence YAML. `fileLabel` names the file in errors. */
export function importLicenses(text: string, fileLabel: string): LicenseImport {
  const { data: source, document, lineOf } = parseYamlRows(text, fileLabel, rawFileSchema);
  const warnings: string[] = [];
  const families: LicenseFamily[] = [];
  const redirects: LicenseRedirect[] = [];
  const seen = new Set<string>();
  source.families.forEach((raw, index) => {
    const line = lineOf(['families', index]) ?? 1;
    if (seen.has(raw.family)) throw new DataError(fileLabel, line, `duplicate family "${raw.family}"`);
    seen.add(raw.family);
    if (raw.license === undefined && raw.license_by_size === undefined) {
      throw new DataError(fileLabel, line, `families[${index}] (${raw.family}): needs license or license_by_size`);
    }
    const mauComment = document.getIn(['families', index, 'mau_threshold'], true) as { comment?: string } | undefined;
    const rules = FAMILY_RULES[raw.family];
    if (rules === undefined) {
      warnings.push(`licence family "${raw.family}" has no rules in reference-license-rules.ts: no model maps to it`);
    }
    const context: FamilyContext = { raw, rules, fileLabel, line, mauComment: mauComment?.comment?.trim() };
    families.push(buildFamily(context, warnings));
    redirects.push(...buildRedirects(raw, fileLabel, line));
  });
  for (const redirect of redirects) {
    if (!seen.has(redirect.familyId)) {
      throw new DataError(fileLabel, undefined, `redirect to unknown family "${redirect.familyId}"`);
    }
  }
  const file = licensesFileSchema.parse({
    schemaVersion: 1,
    collected: source.collected,
    origin: `shared/data/reference/licenses.yaml (collected ${source.collected})`,
    disclaimer: DISCLAIMER,
    families,
    redirects,
    accessibilityTaxonomy: source.epoch_model_accessibility_values ?? [],
  });
  return { file, warnings };
}

interface FamilyContext {
  raw: RawFamily;
  rules: FamilyRuleSpec | undefined;
  fileLabel: string;
  line: number;
  mauComment: string | undefined;
}

function fieldRef(family: string, field: string): string {
  return `licenses.yaml families[${family}].${field}`;
}

function quote(context: FamilyContext, field: QuotableField): Clause {
  const value = context.raw[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DataError(
      context.fileLabel,
      context.line,
      `family "${context.raw.family}": the licence rules quote "${field}", which the entry does not have`,
    );
  }
  return { text: value.trim(), origin: 'source-text', field: fieldRef(context.raw.family, field) };
}

function ruleFrom(context: FamilyContext, spec: RuleSpec | undefined): LicenseRule {
  if (spec === undefined) return { outcome: null, clause: null };
  if (spec.from.length > 0) {
    const clauses = spec.from.map((field) => quote(context, field));
    const text = clauses.map((clause) => clause.text).join('; ');
    return { outcome: spec.outcome, clause: { text, origin: 'source-text', field: clauses.map((c) => c.field).join(', ') } };
  }
  const clause: Clause | null =
    spec.summary === undefined ? null : { text: spec.summary, origin: 'parity-summary', field: null };
  return { outcome: spec.outcome, clause };
}

function mauSummary(threshold: number): string {
  return (
    `More than ${threshold.toLocaleString('en-US')} monthly active users (counted on the licence's release date) ` +
    'requires a separate licence from the licensor'
  );
}

function buildFamily(context: FamilyContext, warnings: string[]): LicenseFamily {
  const { raw, rules } = context;
  const mau = typeof raw.mau_threshold === 'number' ? raw.mau_threshold : null;
  let mauClause: Clause | null = null;
  if (mau !== null) {
    mauClause =
      context.mauComment === undefined
        ? { text: mauSummary(mau), origin: 'parity-summary', field: fieldRef(raw.family, 'mau_threshold') }
        : { text: context.mauComment, origin: 'source-comment', field: fieldRef(raw.family, 'mau_threshold') };
  }
  const licenseName = raw.license ?? `${raw.family}: licence depends on model size`;
  const terms: LicenseTerms = {
    licenseName,
    spdx: rules?.spdx ?? null,
    commercialUse: raw.commercial_use ?? (rules?.spdx === undefined ? null : true),
    commercialClause: raw.license === undefined ? null : quote(context, 'license'),
    mauThreshold: mau,
    mauClause,
    useConditions: (rules?.useConditions ?? []).map((field) => quote(context, field)),
    trainOnOutputs: ruleFrom(context, rules?.trainOnOutputs),
    redistribution: ruleFrom(context, rules?.redistribution),
  };
  if (raw.geographic_restriction && rules?.geographic === undefined) {
    warnings.push(`family "${raw.family}": geographic_restriction is not interpreted by any rule`);
  }
  const extraNotes = Object.entries(raw)
    .filter(([key]) => !KNOWN_KEYS.has(key))
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return {
    id: raw.family,
    models: raw.models,
    releaseDate: raw.release_date ?? null,
    terms,
    variants: buildVariants(context),
    geographicRestriction:
      rules?.geographic === undefined
        ? null
        : { regions: [...rules.geographic.regions], scope: rules.geographic.scope, clause: quote(context, 'geographic_restriction') },
    litigationTermination: raw.litigation_termination ?? null,
    match: { namePatterns: [...(rules?.namePatterns ?? [])], licensePatterns: [...(rules?.licensePatterns ?? [])] },
    sources: typeof raw.source === 'string' ? [raw.source] : raw.source,
    verification: parseVerification(raw.verification, context),
    notes: [...(raw.notes === undefined ? [] : [raw.notes]), ...extraNotes],
    sourceLine: context.line,
  };
}

function parseSizes(key: string, context: FamilyContext): number[] {
  const sizes = key.split(/[,\s]+/).filter((part) => part !== '').map((part) => {
    const match = /^(\d+(?:\.\d+)?)b$/i.exec(part);
    if (match?.[1] === undefined) {
      throw new DataError(context.fileLabel, context.line, `license_by_size key "${key}": cannot read size "${part}"`);
    }
    return Number(match[1]);
  });
  return sizes;
}

function buildVariants(context: FamilyContext): LicenseVariant[] {
  const { raw, rules } = context;
  if (raw.license_by_size === undefined) return [];
  const mauBySize = typeof raw.mau_threshold === 'object' && raw.mau_threshold !== null ? raw.mau_threshold : {};
  return Object.entries(raw.license_by_size).map(([key, text]) => {
    const variantRule = rules?.variants?.[key];
    const spdx = PLAIN_SPDX.find((id) => id === text.trim()) ?? null;
    const field = `${fieldRef(raw.family, 'license_by_size')}["${key}"]`;
    const clause: Clause = { text: text.trim(), origin: 'source-text', field };
    const threshold = mauBySize[key] ?? null;
    const permissive = spdx === null ? null : permissiveRules(spdx);
    const terms: LicenseTerms = {
      licenseName: text.trim(),
      spdx,
      commercialUse: variantRule?.commercialUse ?? (spdx === null ? null : true),
      commercialClause: clause,
      mauThreshold: threshold,
      mauClause: threshold === null ? null : clause,
      useConditions: [],
      trainOnOutputs: spdx === null ? { outcome: null, clause: null } : ruleFrom(context, permissive?.trainOnOutputs),
      redistribution: spdx === null ? { outcome: null, clause: null } : ruleFrom(context, permissive?.redistribution),
    };
    return { sizesB: parseSizes(key, context), terms, sources: typeof raw.source === 'string' ? [raw.source] : raw.source };
  });
}

function buildRedirects(raw: RawFamily, fileLabel: string, line: number): LicenseRedirect[] {
  const inherited = raw.inherited_licenses ?? {};
  const rules = REDIRECT_RULES.filter((rule) => rule.fromFamily === raw.family);
  for (const key of Object.keys(inherited)) {
    if (!rules.some((rule) => rule.key === key)) {
      throw new DataError(fileLabel, line, `family "${raw.family}": inherited_licenses["${key}"] has no redirect rule`);
    }
  }
  return rules.map((rule) => {
    const note = inherited[rule.key];
    if (note === undefined) {
      throw new DataError(fileLabel, line, `family "${raw.family}": redirect rule names missing key "${rule.key}"`);
    }
    const source = typeof raw.source === 'string' ? raw.source : raw.source.join('; ');
    return { namePattern: rule.namePattern, familyId: rule.familyId, note: `${rule.key}: ${note}`, source };
  });
}

/** The weakest level the text mentions: "primary (Large); secondary (Ministral 8B)" → secondary. */
function parseVerification(text: string, context: FamilyContext): { level: VerificationLevel; text: string } {
  const lower = text.toLowerCase();
  const level: VerificationLevel | undefined = lower.includes('unverified')
    ? 'unverified'
    : lower.includes('secondary')
      ? 'secondary'
      : lower.includes('primary')
        ? 'primary'
        : undefined;
  if (level === undefined) {
    throw new DataError(context.fileLabel, context.line, `family "${context.raw.family}": unreadable verification "${text}"`);
  }
  return { level, text };
}
