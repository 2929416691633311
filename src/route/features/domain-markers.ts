/**
 * Marker words for the catalog's capability domains: a cheap, model-free hint of what a prompt asks for.
 * Counts per domain become dense features; the learned weights decide what they mean for a given pair.
 * Words are lower case; digits never appear (the scanner maps them to 0).
 */
import type { DomainId } from '../../catalog/index.js';
import { hashWord } from './hash.js';

/** The domains that can be recognised from words, in feature order. Part of the policy format. */
export const MARKER_DOMAINS = [
  'coding',
  'math',
  'reasoning-knowledge',
  'multilingual',
  'instruction-following',
  'function-calling',
  'agentic',
  'human-preference',
] as const satisfies readonly DomainId[];
export type MarkerDomain = (typeof MARKER_DOMAINS)[number];

const MARKER_WORDS: Record<MarkerDomain, readonly string[]> = {
  coding: [
    'code', 'function', 'python', 'javascript', 'typescript', 'java', 'c', 'cpp', 'rust', 'golang', 'sql', 'html', 'css',
    'regex', 'bash', 'script', 'program', 'compile', 'bug', 'debug', 'error', 'class', 'def', 'return', 'import',
    'const', 'var', 'let', 'int', 'string', 'array', 'api', 'algorithm', 'implement', 'library', 'json', 'react',
    'query', 'database', 'print', 'loop', 'variable', 'stack', 'git', 'linux', 'docker', 'excel', 'formula',
  ],
  math: [
    'calculate', 'solve', 'equation', 'integral', 'derivative', 'probability', 'sum', 'prime', 'matrix', 'proof',
    'prove', 'theorem', 'number', 'numbers', 'percent', 'percentage', 'average', 'area', 'triangle', 'circle',
    'x', 'y', 'sqrt', 'log', 'geometry', 'algebra', 'math', 'mathematics', 'compute', 'divide', 'multiply',
    'fraction', 'ratio', 'digits', 'expected', 'variance', 'odds',
  ],
  'reasoning-knowledge': [
    'why', 'explain', 'reason', 'difference', 'compare', 'history', 'science', 'cause', 'effect', 'logic',
    'puzzle', 'riddle', 'true', 'false', 'fact', 'define', 'definition', 'theory', 'evidence', 'analyze',
    'analysis', 'implications', 'argument', 'philosophy', 'economics', 'physics', 'chemistry', 'biology',
  ],
  multilingual: [
    'translate', 'translation', 'spanish', 'french', 'german', 'chinese', 'japanese', 'korean', 'russian',
    'arabic', 'italian', 'portuguese', 'hindi', 'language', 'english', 'dutch', 'turkish', 'polish', 'swedish',
  ],
  'instruction-following': [
    'words', 'sentences', 'sentence', 'paragraph', 'paragraphs', 'bullet', 'bullets', 'format', 'exactly',
    'only', 'must', 'without', 'table', 'list', 'title', 'summary', 'summarize', 'rewrite', 'rephrase', 'tone',
    'concise', 'brief', 'shorter', 'limit', 'markdown', 'uppercase', 'lowercase', 'respond', 'answer',
  ],
  'function-calling': ['tool', 'tools', 'call', 'calls', 'schema', 'parameters', 'arguments', 'endpoint', 'webhook'],
  agentic: ['plan', 'steps', 'step', 'strategy', 'roadmap', 'workflow', 'automate', 'agent', 'schedule', 'organize'],
  'human-preference': [
    'story', 'poem', 'essay', 'song', 'lyrics', 'joke', 'creative', 'imagine', 'advice', 'opinion', 'recommend',
    'suggest', 'ideas', 'feel', 'best', 'favorite', 'letter', 'email', 'speech', 'blog', 'dialogue', 'character',
  ],
};

/**
 * Word hash → domain position in MARKER_DOMAINS, as an open-addressing table of typed arrays (a Map lookup
 * per token would cost more than the rest of the scan). A word listed under two domains counts for the first.
 */
const TABLE_BITS = 10;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
const tableKeys = new Int32Array(1 << TABLE_BITS);
const tableValues = new Int8Array(1 << TABLE_BITS).fill(-1);

/** A bit per value of a hash's low 16 bits, set for the marker words: most words are rejected by one load. */
const filter = new Int32Array(1 << (16 - 5));

function slotFor(hash: number): number {
  return (hash ^ (hash >>> 16)) & TABLE_MASK;
}

MARKER_DOMAINS.forEach((domain, position) => {
  for (const word of MARKER_WORDS[domain]) {
    const hash = hashWord(word);
    let slot = slotFor(hash);
    while ((tableValues[slot] ?? -1) !== -1 && tableKeys[slot] !== hash) slot = (slot + 1) & TABLE_MASK;
    if ((tableValues[slot] ?? -1) === -1) {
      tableKeys[slot] = hash;
      tableValues[slot] = position;
    }
    filter[(hash & 0xffff) >>> 5] = (filter[(hash & 0xffff) >>> 5] ?? 0) | (1 << (hash & 31));
  }
});

/** The domain position of a word hash (see hashWord), or −1 when the word is not a marker. */
export function markerOf(hash: number): number {
  if ((((filter[(hash & 0xffff) >>> 5] ?? 0) >>> (hash & 31)) & 1) === 0) return -1;
  let slot = slotFor(hash);
  for (;;) {
    const value = tableValues[slot] ?? -1;
    if (value === -1) return -1;
    if (tableKeys[slot] === hash) return value;
    slot = (slot + 1) & TABLE_MASK;
  }
}
