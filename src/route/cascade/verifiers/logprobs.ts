/**
 * The answer's own token log-probabilities, as an OpenAI-compatible upstream returns them with `logprobs: true`
 * (`choices[0].logprobs.content[].logprob`): accept when their mean (or their minimum, the least likely token)
 * is at least the threshold. No log-probabilities in the response is an `error` verdict: nothing was measured.
 */
import { z } from 'zod';
import type { VerifierConfigOf } from './verifier-schema.js';
import { verdict, type Verifier } from './types.js';

const logprobsSchema = z.object({
  content: z.array(z.object({ token: z.string(), logprob: z.number().max(0) })).nullable(),
});

/** The aggregate of the payload's token log-probabilities, or a reason why there is none. */
export function aggregateLogprobs(payload: unknown, aggregate: 'mean' | 'min'): { ok: true; value: number; tokens: number } | { ok: false; reason: string } {
  if (payload === undefined || payload === null) return { ok: false, reason: 'the upstream returned no logprobs (the request must ask for logprobs: true, and the upstream must support it)' };
  const parsed = logprobsSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, reason: 'the logprobs payload is not {content: [{token, logprob}]}' };
  const values = (parsed.data.content ?? []).map((entry) => entry.logprob);
  if (values.length === 0) return { ok: false, reason: 'the logprobs payload holds no tokens' };
  const value = aggregate === 'mean' ? values.reduce((sum, logprob) => sum + logprob, 0) / values.length : Math.min(...values);
  return { ok: true, value, tokens: values.length };
}

export function logprobsVerifier(config: VerifierConfigOf<'logprobs'>): Verifier {
  return {
    kind: 'logprobs',
    async verify(input) {
      const result = aggregateLogprobs(input.logprobs, config.aggregate);
      if (!result.ok) return verdict('error', result.reason);
      const accepted = result.value >= config.threshold;
      return verdict(accepted ? 'accept' : 'reject', `${config.aggregate} token logprob ${result.value.toFixed(3)} over ${result.tokens} tokens ${accepted ? '>=' : '<'} ${config.threshold}`, { score: result.value });
    },
  };
}
