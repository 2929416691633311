/**
 * A cascade in the gateway config (`cascades.<name>`): the cheaper steps answer first and a verifier decides
 * whether that answer is returned or the request escalates to the next step; the last step's answer is always
 * returned. A cascade's name is a name clients (and rules, key routes and the router) can route to, like a group.
 */
import { z } from 'zod';
import { verifierConfigSchema } from '../../route/serve.js';

/**
 * How a streaming request (`stream: true`) is served under a cascade. `buffer`: every step is asked without
 * streaming, the verified answer is then sent as one event stream (the client sees no bytes until the answer
 * is accepted); `first` / `last`: the verifier is off for streaming requests, which stream directly from the
 * first (cheapest) or the last step, as a plain fallback chain.
 */
export const CASCADE_STREAMING = ['buffer', 'first', 'last'] as const;
export type CascadeStreaming = (typeof CASCADE_STREAMING)[number];

/** What a verifier that could not decide (no logprobs, a judge that failed) means: escalate (default) or accept. */
export const VERIFIER_ERROR_ACTIONS = ['escalate', 'accept'] as const;

export const cascadeConfigSchema = z
  .object({
    /** Cheapest first: groups, aliases or `<upstream>/<model>` (each a fallback chain of its own). */
    steps: z
      .array(z.string().min(1))
      .min(2)
      .max(8)
      .describe('Cheapest first: groups, aliases or <upstream>/<model>; the last step\'s answer is always returned'),
    /** Checks every answer but the last; several: all must accept (checked in order, the first that does not decides). */
    verifier: z
      .union([verifierConfigSchema, z.array(verifierConfigSchema).min(1).max(4)])
      .describe('json | json-schema | regex | custom | logprobs | llm-judge (model: a name of this gateway), or a list that must all accept'),
    onVerifierError: z.enum(VERIFIER_ERROR_ACTIONS).default('escalate'),
    streaming: z.enum(CASCADE_STREAMING).default('buffer').describe('stream: true requests — buffer until verified, or skip the verifier and stream from the first or last step'),
  })
  .strict();
export type CascadeConfig = z.infer<typeof cascadeConfigSchema>;
