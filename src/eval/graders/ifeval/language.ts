import type { franc as francFunction } from 'franc';
import type { iso6393To1 as iso6393To1Table } from 'iso-639-3';

// franc's trigram profiles and the ISO 639 tables (~6 MB of heap) load with the first IFEval grading, not with
// every run: `loadLanguageDetection()` before `detectLanguage`
type Detector = { franc: typeof francFunction; iso6393To1: typeof iso6393To1Table };
let detector: Detector | undefined;
let loading: Promise<void> | undefined;

/** Loads the language profiles `detectLanguage` needs (once; later calls return at once). */
export function loadLanguageDetection(): Promise<void> {
  loading ??= Promise.all([import('franc'), import('iso-639-3')]).then(([{ franc }, { iso6393To1 }]) => {
    detector = { franc, iso6393To1 };
  });
  return loading;
}

/**
 * Language identification for `language:response_language` and the English-only case checks.
 *
 * The reference calls `langdetect.detect` (the Python port of Cybozu's language-detection: character n-gram
 * profiles of 55 languages, sampled at random, unseeded) and counts the instruction as followed when it
 * raises, which happens only when the text yields no n-gram at all (no letters). Otherwise langdetect always
 * names one of its 55 languages, however short the text ("YES" gets a guess, and rarely English).
 *
 * We use franc (wooorm/franc, trigram profiles; ISO 639-3 codes), deterministic, with the same two rules:
 * it may only answer one of langdetect's 55 languages, and the text is "undetermined" (followed) only when
 * franc finds no letters to judge; any text with letters gets an answer, however short.
 */

/** langdetect's 55 profiles as franc's ISO 639-3 codes (Welsh and Estonian's `est` are not in franc's set). */
const LANGDETECT_LANGUAGES = [
  'afr', 'arb', 'bul', 'ben', 'cat', 'ces', 'cym', 'dan', 'deu', 'ell', 'eng', 'spa', 'ekk', 'pes', 'fin', 'fra',
  'guj', 'heb', 'hin', 'hrv', 'hun', 'ind', 'ita', 'jpn', 'kan', 'kor', 'lit', 'lvs', 'mkd', 'mal', 'mar', 'npi',
  'nld', 'nob', 'nno', 'pan', 'pol', 'por', 'ron', 'rus', 'slk', 'slv', 'som', 'als', 'swe', 'swh', 'tam', 'tel',
  'tha', 'tgl', 'tur', 'ukr', 'urd', 'vie', 'cmn',
];

/** franc codes for individual languages inside a macrolanguage, mapped to the macrolanguage's 639-1 code. */
const MACROLANGUAGE_MEMBERS: Readonly<Record<string, string>> = {
  arb: 'ar',
  pes: 'fa',
  npi: 'ne',
  swh: 'sw',
  cmn: 'zh',
  als: 'sq',
  lvs: 'lv',
  ekk: 'et',
  nob: 'no',
  nno: 'no',
};

/**
 * The ISO 639-1 code of the text's language, or undefined when the text has nothing to judge. Call (and await)
 * `loadLanguageDetection()` once first.
 */
export function detectLanguage(text: string): string | undefined {
  if (detector === undefined) throw new Error('detectLanguage: await loadLanguageDetection() first');
  const code = detector.franc(text, { minLength: 1, only: LANGDETECT_LANGUAGES });
  if (code === 'und') return undefined;
  return MACROLANGUAGE_MEMBERS[code] ?? detector.iso6393To1[code] ?? code;
}
