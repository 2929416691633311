/**
 * Maps a model to the licence facts that govern it, deterministically and from data: redirects (R1
 * distills inherit their base model's licence), then family name patterns, then the catalog's licence
 * field (family patterns, then plain SPDX ids). Closed-weight models have no weights licence at all.
 */
import { licenseKey, parametersFromName } from '../../catalog/index.js';
import type {
  LicenseFamily,
  LicenseRedirect,
  LicenseTerms,
  LicenseVariant,
  LicensesFile,
} from '../../catalog/index.js';
import { spdxTerms, type SpdxTerms } from './spdx.js';

/** The model being checked. A catalog `Model` fits; models outside the catalog give what they know. */
export interface LicenseSubject {
  id: string;
  name?: string | null;
  /** false: closed weights (API only); null/undefined: not known. */
  openWeights?: boolean | null;
  /** Licence of the weights as the catalog records it (SPDX id or name). */
  license?: string | null;
  parametersB?: number | null;
  inputModalities?: readonly string[] | null;
}

export const MATCH_KINDS = ['redirect', 'name-pattern', 'license-field', 'spdx', 'closed', 'none'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

export type FamilyMatch =
  | {
      kind: 'redirect' | 'name-pattern' | 'license-field';
      family: LicenseFamily;
      /** The family's terms, or the size variant's when the family's licence depends on size. */
      terms: LicenseTerms;
      variant: LicenseVariant | null;
      /** Size used to pick a variant; null when the family has none or the size is not known. */
      sizeB: number | null;
      redirect: LicenseRedirect | null;
      detail: string;
    }
  | { kind: 'spdx'; spdx: SpdxTerms; detail: string }
  | { kind: 'closed'; detail: string }
  | { kind: 'none'; detail: string };

function compile(pattern: string): RegExp {
  return new RegExp(pattern, 'i');
}

function keysOf(subject: LicenseSubject): string[] {
  const keys = [licenseKey(subject.id)];
  if (subject.name) keys.push(licenseKey(subject.name));
  return [...new Set(keys)];
}

/** Nearest listed size within 15% (catalog counts like 7.616B stand for the nominal 7B). */
function nearestSize(sizes: readonly number[], size: number): boolean {
  return sizes.some((entry) => Math.abs(entry - size) / entry <= 0.15);
}

function withVariant(
  family: LicenseFamily,
  subject: LicenseSubject,
): { terms: LicenseTerms; variant: LicenseVariant | null; sizeB: number | null } {
  if (family.variants.length === 0) return { terms: family.terms, variant: null, sizeB: null };
  // The nominal size written in the name first: it is what the licence lists (3B, 72B).
  const sizeB = parametersFromName(subject.name ?? '') ?? parametersFromName(subject.id) ?? subject.parametersB ?? null;
  const variant =
    sizeB === null
      ? undefined
      : (family.variants.find((entry) => entry.sizesB.includes(sizeB)) ??
        family.variants.find((entry) => nearestSize(entry.sizesB, sizeB)));
  return variant === undefined ? { terms: family.terms, variant: null, sizeB } : { terms: variant.terms, variant, sizeB };
}

/** Licence strings as catalogs write them: `Llama-3.1-Community` and `llama 3.1 community` compare equal. */
function normaliseLicense(text: string): string {
  return text.trim().toLowerCase().replace(/[-_\s]+/g, ' ');
}

export function matchFamily(subject: LicenseSubject, licenses: LicensesFile): FamilyMatch {
  if (subject.openWeights === false) {
    return { kind: 'closed', detail: 'the catalog lists this model as closed-weight (API access only)' };
  }
  const keys = keysOf(subject);
  const byId = new Map(licenses.families.map((family) => [family.id, family]));

  for (const redirect of licenses.redirects) {
    const pattern = compile(redirect.namePattern);
    const key = keys.find((candidate) => pattern.test(candidate));
    const family = byId.get(redirect.familyId);
    if (key !== undefined && family !== undefined) {
      return {
        kind: 'redirect',
        family,
        ...withVariant(family, subject),
        redirect,
        detail: `"${key}" matches /${redirect.namePattern}/ → ${family.id} (${redirect.note})`,
      };
    }
  }
  for (const family of licenses.families) {
    for (const pattern of family.match.namePatterns) {
      const key = keys.find((candidate) => compile(pattern).test(candidate));
      if (key !== undefined) {
        return {
          kind: 'name-pattern',
          family,
          ...withVariant(family, subject),
          redirect: null,
          detail: `"${key}" matches /${pattern}/ of family ${family.id}`,
        };
      }
    }
  }
  const field = subject.license?.trim();
  if (field) {
    const normalised = normaliseLicense(field);
    for (const family of licenses.families) {
      const pattern = family.match.licensePatterns.find((candidate) => compile(candidate).test(normalised));
      if (pattern !== undefined) {
        return {
          kind: 'license-field',
          family,
          ...withVariant(family, subject),
          redirect: null,
          detail: `catalog licence "${field}" matches /${pattern}/ of family ${family.id}`,
        };
      }
    }
    const spdx = spdxTerms(field);
    if (spdx !== null) return { kind: 'spdx', spdx, detail: `catalog licence "${field}" is SPDX ${spdx.id}` };
    return { kind: 'none', detail: `catalog licence "${field}" is neither a known family nor a plain SPDX id` };
  }
  return {
    kind: 'none',
    detail:
      subject.openWeights === true
        ? 'open-weight model with no licence field and no matching family in licenses.json'
        : 'not in a known licence family, and neither a licence nor open/closed status is recorded',
  };
}
