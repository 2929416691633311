/**
 * Which capability domains the eval covers, so the memo can quote the tracker's lag for them. The user names
 * them (`--domain`), and/or they are inferred where the suite makes it obvious: a standard benchmark's name
 * (humaneval, mbpp → coding; gsm8k, mgsm → math; ifeval → instruction-following), a grader kind (`code` →
 * coding, `ifeval` → instruction-following), or a catalog benchmark id written in the suite's name or
 * description (mapped through the taxonomy). Each domain says how it was chosen.
 */
import { DOMAIN_IDS, type DomainId, type Taxonomy } from '../../catalog/index.js';
import { BENCHMARK_NAMES, BENCHMARKS } from '../../eval/index.js';
import type { EvalEvidence } from './evidence.js';

/** Benchmark names (each one's main domain, as its loader declares it) and grader kinds whose domain is obvious. */
export const KIND_DOMAINS: Readonly<Record<string, DomainId>> = {
  ...Object.fromEntries(BENCHMARK_NAMES.map((name) => [name, BENCHMARKS[name].domains[0]])),
  code: 'coding',
};

export interface DomainChoice {
  domain: DomainId;
  /** How it was chosen: `--domain`, or the inference and its evidence. */
  how: string;
}

export function isDomainId(value: string): value is DomainId {
  return (DOMAIN_IDS as readonly string[]).includes(value);
}

function mentions(text: string, word: string): boolean {
  const escaped = word.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![a-z0-9])${escaped}(?![a-z0-9])`).test(text.toLowerCase());
}

function graderKinds(evidence: EvalEvidence): string[] {
  const suite = evidence.config?.suite;
  if (suite === undefined) return [];
  const kinds = suite.graders.map((grader) => grader.type);
  if (Array.isArray(suite.cases)) {
    for (const testCase of suite.cases as unknown[]) {
      if (typeof testCase !== 'object' || testCase === null) continue;
      for (const key of ['graders', 'extraGraders'] as const) {
        const list = (testCase as Record<string, unknown>)[key];
        if (!Array.isArray(list)) continue;
        for (const grader of list as unknown[]) {
          const type = typeof grader === 'object' && grader !== null ? (grader as Record<string, unknown>).type : undefined;
          if (typeof type === 'string') kinds.push(type);
        }
      }
    }
  }
  return [...new Set(kinds)];
}

/** Inferred domains with their evidence, in a stable order. */
export function inferDomains(evidence: EvalEvidence, taxonomy: Pick<Taxonomy, 'benchmarks'>): DomainChoice[] {
  const reasons = new Map<DomainId, string[]>();
  const add = (domain: DomainId, reason: string): void => {
    const list = reasons.get(domain) ?? [];
    if (!list.includes(reason)) list.push(reason);
    reasons.set(domain, list);
  };
  const benchmark = evidence.config?.kind === 'benchmark' ? evidence.config.benchmark : /^benchmark:(.+)$/.exec(evidence.name)?.[1];
  if (benchmark !== undefined) {
    const domain = KIND_DOMAINS[benchmark] ?? taxonomy.benchmarks.find((entry) => entry.id === benchmark)?.domain;
    if (domain !== undefined) add(domain, `the run is the standard benchmark ${benchmark}`);
  }
  for (const kind of graderKinds(evidence)) {
    const domain = KIND_DOMAINS[kind];
    if (domain !== undefined) add(domain, `the suite grades with the \`${kind}\` grader`);
  }
  const texts = [
    // a benchmark run's name ("benchmark:gsm8k") was read above
    ['run name', benchmark !== undefined && evidence.name === `benchmark:${benchmark}` ? undefined : evidence.name],
    ['suite name', evidence.config?.suite?.name],
    ['suite description', evidence.config?.suite?.description],
  ]
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .filter((entry, index, all) => all.findIndex((other) => other[1] === entry[1]) === index);
  for (const [where, text] of texts) {
    for (const [name, domain] of Object.entries(KIND_DOMAINS)) {
      if (name !== 'code' && mentions(text, name)) add(domain, `the ${where} "${text}" names ${name}`);
    }
    for (const entry of taxonomy.benchmarks) {
      if (KIND_DOMAINS[entry.id] === undefined && mentions(text, entry.id)) {
        add(entry.domain, `the ${where} "${text}" names the catalog benchmark ${entry.id} (taxonomy: ${entry.domain})`);
      }
    }
  }
  return DOMAIN_IDS.filter((domain) => reasons.has(domain)).map((domain) => ({
    domain,
    how: `inferred: ${(reasons.get(domain) ?? []).join('; ')}`,
  }));
}

/** The domains the memo covers: those named with `--domain`, then (unless turned off) the inferred ones. */
export function chooseDomains(
  explicit: readonly DomainId[],
  infer: boolean,
  evidence: EvalEvidence,
  taxonomy: Pick<Taxonomy, 'benchmarks'>,
): DomainChoice[] {
  const chosen: DomainChoice[] = [...new Set(explicit)].map((domain) => ({ domain, how: 'named with --domain' }));
  if (!infer) return chosen;
  for (const inferred of inferDomains(evidence, taxonomy)) {
    const existing = chosen.find((choice) => choice.domain === inferred.domain);
    if (existing === undefined) chosen.push(inferred);
    else existing.how = `${existing.how}; also ${inferred.how}`;
  }
  return chosen;
}
