import { franc } from 'franc';
import { iso6393To1 } from 'iso-639-3';

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

/** The ISO 639-1 code of the text's language, or undefined when the text has nothing to judge. */
export function detectLanguage(text: string): string | undefined {
  const code = franc(text, { minLength: 1, only: LANGDETECT_LANGUAGES });
  if (code === 'und') return undefined;
  return MACROLANGUAGE_MEMBERS[code] ?? iso6393To1[code] ?? code;
}
