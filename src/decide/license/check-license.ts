/**
 * The licence verdict for one model under one use profile. Each question (commercial use, MAU threshold,
 * use conditions, training on outputs, redistribution, region) becomes a finding that quotes its clause;
 * the verdict is the worst finding. An unsettled question makes the verdict `unknown`, never `allowed`.
 */
import type { Clause, LicenseTerms, LicensesFile, VerificationLevel } from '../../catalog/index.js';
import { matchFamily, type FamilyMatch, type LicenseSubject, type MatchKind } from './match-family.js';
import type { SpdxTerms } from './spdx.js';
import { licenseProfileSchema, restrictedRegions, type LicenseProfile, type LicenseProfileInput } from './profile.js';

export const VERDICTS = ['allowed', 'conditions', 'not-allowed', 'unknown'] as const;
export type Verdict = (typeof VERDICTS)[number];
export type FindingOutcome = Verdict;

/**
 * What decides whether the use is allowed: the weights licence, or — for a closed-weight model — the provider's
 * API terms, which parity does not bundle (so that verdict is `unknown`, never `allowed`).
 */
export const GOVERNED_BY = ['weights-licence', 'api-terms'] as const;
export type GovernedBy = (typeof GOVERNED_BY)[number];

export const LICENSE_ASPECTS = [
  'commercial-use',
  'monthly-active-users',
  'use-conditions',
  'train-on-outputs',
  'redistribution',
  'region',
  'license',
] as const;
export type LicenseAspect = (typeof LICENSE_ASPECTS)[number];

export interface LicenseFinding {
  aspect: LicenseAspect;
  outcome: FindingOutcome;
  /** parity's one-line reading of what the clause means for this profile. */
  summary: string;
  clause: Clause | null;
}

export interface LicenseVerdict {
  model: { id: string; name: string | null };
  verdict: Verdict;
  governedBy: GovernedBy;
  family: string | null;
  licenseName: string | null;
  spdx: string | null;
  matchedBy: MatchKind;
  matchDetail: string;
  findings: LicenseFinding[];
  /** Texts of every finding that carries conditions, in order. */
  conditions: string[];
  /** The clause that decides the verdict (first not-allowed, else unknown, else conditions finding). */
  clause: Clause | null;
  /** The source of the decisive facts (the family's sources, the SPDX id, or the API terms). */
  source: string | null;
  sources: string[];
  verification: { level: VerificationLevel; text: string } | null;
  notes: string[];
  profile: LicenseProfile;
  disclaimer: string;
}

const OUTCOME_RANK: Record<FindingOutcome, number> = { allowed: 0, conditions: 1, unknown: 2, 'not-allowed': 3 };

function summaryClause(text: string): Clause {
  return { text, origin: 'parity-summary', field: null };
}

/** What a use condition is, from the source field it quotes. */
function useConditionSummary(clause: Clause): string {
  const field = clause.field ?? '';
  if (field.endsWith('.attribution')) return 'attribution / notice required';
  if (field.endsWith('.acceptable_use_policy')) return 'acceptable-use policy applies';
  return 'licence use restrictions apply';
}

function familyFindings(terms: LicenseTerms, profile: LicenseProfile): LicenseFinding[] {
  const findings: LicenseFinding[] = [];
  if (terms.commercialUse === null) {
    findings.push({
      aspect: 'commercial-use',
      outcome: 'unknown',
      summary: 'the licence facts on file do not say whether commercial use is allowed (e.g. model size not determined)',
      clause: terms.commercialClause,
    });
  } else if (!terms.commercialUse) {
    findings.push(
      profile.commercial
        ? { aspect: 'commercial-use', outcome: 'not-allowed', summary: 'commercial use is not granted; a separate licence from the licensor is needed', clause: terms.commercialClause }
        : { aspect: 'commercial-use', outcome: 'conditions', summary: 'non-commercial / research use only', clause: terms.commercialClause },
    );
  } else if (profile.commercial) {
    findings.push({ aspect: 'commercial-use', outcome: 'allowed', summary: 'commercial use is granted', clause: terms.commercialClause });
  }
  if (terms.mauThreshold !== null) {
    const over = profile.monthlyActiveUsers > terms.mauThreshold;
    const threshold = terms.mauThreshold.toLocaleString('en-US');
    const users = profile.monthlyActiveUsers.toLocaleString('en-US');
    findings.push({
      aspect: 'monthly-active-users',
      outcome: over ? 'not-allowed' : 'allowed',
      summary: over
        ? `${users} MAU is over the ${threshold} threshold: needs a separate licence from the licensor`
        : `${users} MAU is within the ${threshold} threshold (counted on the licence's release date)`,
      clause: terms.mauClause,
    });
  }
  for (const clause of terms.useConditions) {
    findings.push({ aspect: 'use-conditions', outcome: 'conditions', summary: useConditionSummary(clause), clause });
  }
  if (profile.trainOnOutputs) {
    const rule = terms.trainOnOutputs;
    findings.push({
      aspect: 'train-on-outputs',
      outcome: rule.outcome ?? 'unknown',
      summary:
        rule.outcome === null
          ? 'the licence facts on file do not settle whether outputs may train other models'
          : rule.outcome === 'not-allowed'
            ? 'using outputs to train or improve another model is not allowed'
            : rule.outcome === 'conditions'
              ? 'outputs may train other models, with conditions'
              : 'outputs may train other models',
      clause: rule.clause,
    });
  }
  if (profile.redistribute) {
    const rule = terms.redistribution;
    findings.push({
      aspect: 'redistribution',
      outcome: rule.outcome ?? 'unknown',
      summary:
        rule.outcome === null
          ? 'the licence facts on file do not settle redistribution of the weights'
          : rule.outcome === 'conditions'
            ? 'redistribution is allowed with conditions'
            : rule.outcome === 'allowed'
              ? 'redistribution is allowed'
              : 'redistribution is not allowed',
      clause: rule.clause,
    });
  }
  return findings;
}

function regionFinding(
  match: Extract<FamilyMatch, { family: unknown }>,
  subject: LicenseSubject,
  profile: LicenseProfile,
): LicenseFinding | null {
  const restriction = match.family.geographicRestriction;
  if (restriction === null || profile.regions.length === 0) return null;
  const region = (outcome: FindingOutcome, summary: string): LicenseFinding => ({
    aspect: 'region',
    outcome,
    summary,
    clause: restriction.clause,
  });
  const hit = restrictedRegions(profile.regions, restriction.regions).join(', ');
  if (hit === '') return region('allowed', `no restriction for ${profile.regions.join(', ')}`);
  const modalities = subject.inputModalities;
  if (restriction.scope === 'multimodal' && modalities != null && !modalities.includes('image')) {
    return region('allowed', `the ${hit} restriction covers multimodal models only; this one takes no images`);
  }
  if (restriction.scope === 'multimodal' && modalities == null) {
    return region('unknown', `the ${hit} restriction covers multimodal models; this model's input modalities are not known`);
  }
  return region(
    'not-allowed',
    `the licence grants no rights to licensees domiciled in ${hit} (end users of their products are not restricted)`,
  );
}

function worst(findings: readonly LicenseFinding[]): FindingOutcome {
  let result: FindingOutcome = 'allowed';
  for (const finding of findings) if (OUTCOME_RANK[finding.outcome] > OUTCOME_RANK[result]) result = finding.outcome;
  return result;
}

type Unfinished = Omit<LicenseVerdict, 'verdict' | 'conditions' | 'clause'>;

/** The verdict is the worst finding; its clause is the first finding with that outcome. */
function finish(partial: Unfinished, fixed?: { verdict: Verdict; clause: Clause }): LicenseVerdict {
  const verdict = fixed?.verdict ?? worst(partial.findings);
  const decisive = partial.findings.find((finding) => finding.outcome === verdict) ?? partial.findings[0];
  const conditions = partial.findings
    .filter((finding) => finding.outcome === 'conditions')
    .map((finding) => (finding.clause === null ? finding.summary : `${finding.summary}: ${finding.clause.text}`));
  const { model, ...rest } = partial;
  return { model, verdict, conditions, clause: fixed?.clause ?? decisive?.clause ?? null, ...rest };
}

function spdxFindings(spdx: SpdxTerms, profile: LicenseProfile): LicenseFinding[] {
  const clause = summaryClause(`SPDX ${spdx.id}`);
  const findings: LicenseFinding[] = [];
  if (!spdx.commercialUse && profile.commercial) {
    findings.push({ aspect: 'commercial-use', outcome: 'not-allowed', summary: `${spdx.id} does not permit commercial use`, clause });
  } else if (!spdx.commercialUse) {
    findings.push({ aspect: 'license', outcome: 'conditions', summary: `${spdx.id}: non-commercial use only`, clause });
  } else {
    findings.push({ aspect: 'license', outcome: 'allowed', summary: `${spdx.id} permits use, including commercial use`, clause });
  }
  if (profile.trainOnOutputs) {
    const summary = `${spdx.id} places no restriction on the use of outputs`;
    findings.push({ aspect: 'train-on-outputs', outcome: 'allowed', summary, clause });
  }
  if (profile.redistribute) {
    const summary = 'redistribution is allowed with conditions';
    findings.push({ aspect: 'redistribution', outcome: 'conditions', summary, clause: summaryClause(spdx.redistribution) });
  }
  return findings;
}

function familyNotes(match: Extract<FamilyMatch, { family: unknown }>, profile: LicenseProfile): string[] {
  const { family } = match;
  const notes = [...family.notes];
  if (match.redirect !== null) notes.unshift(`Inherited licence: ${match.redirect.note} (source: ${match.redirect.source})`);
  if (family.variants.length > 0 && match.variant === null) {
    notes.push(`Licence depends on model size; size ${match.sizeB ?? 'unknown'}B matches no listed variant.`);
  }
  if (family.litigationTermination !== null) notes.push(family.litigationTermination);
  if (family.geographicRestriction !== null && profile.regions.length === 0) {
    notes.push(`Regional restriction (${family.geographicRestriction.regions.join(', ')}): pass your region to check it.`);
  }
  if (family.verification.level === 'unverified') notes.push("These licence facts were not verified against the licensor's text.");
  return notes;
}

/** Checks one model against one use profile using the bundled (or given) licence facts. */
export function checkLicense(subject: LicenseSubject, profileInput: LicenseProfileInput, licenses: LicensesFile): LicenseVerdict {
  const profile = licenseProfileSchema.parse(profileInput);
  const match = matchFamily(subject, licenses);
  const base = {
    model: { id: subject.id, name: subject.name ?? null },
    governedBy: 'weights-licence' as GovernedBy,
    family: null,
    licenseName: null,
    spdx: null,
    matchedBy: match.kind,
    matchDetail: match.detail,
    findings: [],
    source: null,
    sources: [],
    verification: null,
    notes: [],
    profile,
    disclaimer: licenses.disclaimer,
  };
  switch (match.kind) {
    case 'closed': {
      const clause = summaryClause(
        "A closed-weight model has no weights licence; its use is governed by the provider's API terms of service, which parity does not bundle.",
      );
      const notes = ["Read the provider's API terms for output-use and volume restrictions."];
      return finish({ ...base, governedBy: 'api-terms', source: 'provider API terms (not bundled)', notes }, { verdict: 'unknown', clause });
    }
    case 'none': {
      const finding: LicenseFinding = { aspect: 'license', outcome: 'unknown', summary: `licence unknown: ${match.detail}`, clause: null };
      const notes = ["Check the model card's licence before use; an unknown licence is never treated as allowed."];
      return finish({ ...base, licenseName: subject.license ?? null, findings: [finding], notes });
    }
    case 'spdx': {
      const source = `SPDX ${match.spdx.id} (catalog licence field)`;
      const verification = { level: 'secondary' as const, text: 'licence as recorded in the catalog; not checked against the model card' };
      const findings = spdxFindings(match.spdx, profile);
      return finish({ ...base, licenseName: match.spdx.id, spdx: match.spdx.id, findings, source, sources: [source], verification });
    }
    default: {
      const { family, terms } = match;
      const findings = familyFindings(terms, profile);
      const region = regionFinding(match, subject, profile);
      if (region !== null) findings.push(region);
      if (findings.length === 0) {
        findings.push({ aspect: 'license', outcome: 'allowed', summary: `${terms.licenseName} permits this use`, clause: terms.commercialClause });
      }
      const sources = match.variant?.sources ?? family.sources;
      return finish({
        ...base,
        family: family.id,
        licenseName: terms.licenseName,
        spdx: terms.spdx,
        findings,
        source: sources.join('; '),
        sources,
        verification: family.verification,
        notes: familyNotes(match, profile),
      });
    }
  }
}

/** Convenience for many models (the memo's candidate list). */
export function checkLicenses(
  subjects: readonly LicenseSubject[],
  profile: LicenseProfileInput,
  licenses: LicensesFile,
): LicenseVerdict[] {
  return subjects.map((subject) => checkLicense(subject, profile, licenses));
}
