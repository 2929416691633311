import { z } from 'zod';

/** How prompt text becomes features. Stored in the policy so the gateway computes exactly what training did. */
export const featureConfigSchema = z.object({
  /** Hashed sparse features live in 2^hashBits slots. */
  hashBits: z.number().int().min(8).max(24),
  /** 1: word unigrams; 2: unigrams and bigrams. */
  wordNgrams: z.number().int().min(1).max(2),
  /** Length of character n-grams over the normalised text; 0 turns them off. */
  charNgram: z.number().int().min(0).max(8),
  /** How many leading words get their own features (imperative "write …" vs question "what is …"). */
  leadWords: z.number().int().min(0).max(4),
  /** At most maxChars characters are scanned: all of a shorter prompt, else its head and tail (see the scanner). */
  maxChars: z.number().int().min(16).max(1_000_000),
  /** Length, code, math, script and domain-marker features. */
  dense: z.boolean(),
});
export type FeatureConfig = z.infer<typeof featureConfigSchema>;

/**
 * The defaults (see src/route/README.md). Character 4-grams are off: on the development pair they changed
 * cross-validated APGR by less than 0.001 while doubling the decision time. 2^16 slots (a 512 KiB weight table
 * that stays in cache) scored the same there as 2^18. maxChars bounds the decision time: 1000 characters
 * cover 98.5% of AlpacaEval and 91.7% of arena-bench prompts whole (a longer one is read at its first 750 and
 * last 250). 2000 (the default until 2026-11-29) scored 0.002 higher mean APGR on the arena-bench pairs and the
 * same on AlpacaEval, but took ~11 µs per long prompt, and on a shared VM whose interruptions of ~35 µs hit
 * more than 1% of calls that long, p99 was 44–68 µs; at 1000 it is ~6 µs and p99 stays near p50 (see
 * bench/route/README.md).
 */
export const DEFAULT_FEATURE_CONFIG: FeatureConfig = Object.freeze({
  hashBits: 16,
  wordNgrams: 2,
  charNgram: 0,
  leadWords: 2,
  maxChars: 1000,
  dense: true,
});
