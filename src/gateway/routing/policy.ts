/**
 * The seam to the learned router (src/route): a policy file, loaded once, that scores a request's messages and
 * says whether the open ("weak") side can carry it. Swapping the policy implementation is a change here only.
 */
import { loadPolicy } from '../../route/policy.js';
import type { RouteMessage } from '../../route/prompt-text.js';

export const POLICY_ROUTES = ['weak', 'strong'] as const;
export type PolicyRoute = (typeof POLICY_ROUTES)[number];

export interface PolicyDecision {
  route: PolicyRoute;
  score: number;
  reason: string;
}

/** OpenAI-style messages, accepted by shape. */
export interface PolicyMessage {
  role: string;
  content?: unknown;
}

export interface RoutePolicy {
  /** Synchronous for text-feature policies; a promise when the policy must fetch an embedding first. */
  decide(messages: readonly PolicyMessage[]): PolicyDecision | Promise<PolicyDecision>;
}

export type PolicyLoader = (file: string, threshold: number | undefined) => Promise<RoutePolicy>;

/** Loads a policy file written by `parity route train` (src/route), with the config's threshold if set. */
export const loadRoutePolicy: PolicyLoader = async (file, threshold) => {
  const loaded = loadPolicy(file);
  const policy = threshold === undefined ? loaded : loaded.withThreshold(threshold);
  const toInput = (messages: readonly PolicyMessage[]): RouteMessage[] =>
    messages.map((message) => ({
      role: message.role,
      content: typeof message.content === 'string' || Array.isArray(message.content) ? (message.content as RouteMessage['content']) : null,
    }));
  if (policy.requiresEmbedding) return { decide: (messages) => policy.decideAsync(toInput(messages)) };
  return { decide: (messages) => policy.decide(toInput(messages)) };
};
