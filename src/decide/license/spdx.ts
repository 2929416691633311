/**
 * Plain SPDX licences a catalog entry may carry without a family entry in licenses.json. The SPDX id is the
 * source of the verdict. Anything not listed here is not guessed at: it is reported as unknown.
 */
export interface SpdxTerms {
  id: string;
  commercialUse: boolean;
  /** What redistribution asks for, in parity's words. */
  redistribution: string;
}

const NOTICE = 'keep the licence text and copyright notices with every copy';

const SPDX_TERMS: readonly SpdxTerms[] = [
  { id: 'Apache-2.0', commercialUse: true, redistribution: 'Apache-2.0 sec. 4: give recipients a copy of the licence, keep NOTICE texts, mark modified files' },
  { id: 'MIT', commercialUse: true, redistribution: `MIT: ${NOTICE}` },
  { id: 'BSD-2-Clause', commercialUse: true, redistribution: `BSD-2-Clause: ${NOTICE}` },
  { id: 'BSD-3-Clause', commercialUse: true, redistribution: `BSD-3-Clause: ${NOTICE}` },
  { id: 'ISC', commercialUse: true, redistribution: `ISC: ${NOTICE}` },
  { id: 'CC-BY-4.0', commercialUse: true, redistribution: 'CC-BY-4.0: give credit, link the licence, indicate changes' },
  { id: 'CC-BY-NC-4.0', commercialUse: false, redistribution: 'CC-BY-NC-4.0: non-commercial only; give credit and link the licence' },
  { id: 'CC-BY-NC-SA-4.0', commercialUse: false, redistribution: 'CC-BY-NC-SA-4.0: non-commercial only; share alike; give credit' },
];

/** Looks a licence string up by SPDX id, tolerating case and the spellings leaderboards use ("Apache 2.0"). */
export function spdxTerms(license: string): SpdxTerms | null {
  const normalise = (text: string): string => text.toLowerCase().replace(/\s+license$/, '').replace(/[\s_]+/g, '-');
  const wanted = normalise(license.trim());
  return SPDX_TERMS.find((terms) => normalise(terms.id) === wanted) ?? null;
}
