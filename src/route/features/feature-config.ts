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
  /** Only the first maxChars characters are scanned (length features still see the whole prompt). */
  maxChars: z.number().int().min(16).max(1_000_000),
  /** Length, code, math, script and domain-marker features. */
  dense: z.boolean(),
});
export type FeatureConfig = z.infer<typeof featureConfigSchema>;

/** The defaults, chosen on principle (see docs in src/route/README.md), not fitted to an evaluation pair. */
export const DEFAULT_FEATURE_CONFIG: FeatureConfig = Object.freeze({
  hashBits: 18,
  wordNgrams: 2,
  charNgram: 4,
  leadWords: 2,
  maxChars: 4000,
  dense: true,
});
