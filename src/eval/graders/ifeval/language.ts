import { franc } from 'franc';
import { iso6393To1 } from 'iso-639-3';

/**
 * Language identification for `language:response_language` and the English-only case checks, with franc
 * (wooorm/franc, trigram profiles of 187 languages; ISO 639-3 codes) mapped to the ISO 639-1 codes IFEval's
 * kwargs use. Individual languages that franc reports inside a macrolanguage (Standard Arabic `arb`, Iranian
 * Persian `pes`, …) are mapped to the macrolanguage's 639-1 code.
 */
const MACROLANGUAGE_MEMBERS: Readonly<Record<string, string>> = {
  arb: 'ar',
  pes: 'fa',
  prs: 'fa',
  npi: 'ne',
  swh: 'sw',
  cmn: 'zh',
  zlm: 'ms',
  uzn: 'uz',
  azj: 'az',
  plt: 'mg',
  als: 'sq',
  lvs: 'lv',
  ekk: 'et',
  khk: 'mn',
  pbu: 'ps',
  ydd: 'yi',
  ayr: 'ay',
  quz: 'qu',
  quy: 'qu',
  qug: 'qu',
  fuv: 'ff',
  fuf: 'ff',
  knc: 'kr',
  kng: 'kg',
  ckb: 'ku',
};

/** Shortest text franc will judge (its own default); shorter text is "undetermined". */
const MIN_LENGTH = 10;

/**
 * Scots (`sco`) is left out: franc's Scots profile is close to English and wins on short or all-capital
 * English text, while Scots itself is never an IFEval target language.
 */
const IGNORED = ['sco'];

/** The ISO 639-1 code of the text's language, or undefined when it cannot be determined. */
export function detectLanguage(text: string): string | undefined {
  const code = franc(text, { minLength: MIN_LENGTH, ignore: IGNORED });
  if (code === 'und') return undefined;
  return MACROLANGUAGE_MEMBERS[code] ?? iso6393To1[code] ?? code;
}
