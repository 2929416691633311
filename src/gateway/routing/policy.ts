/**
 * The seam to the learned router (src/route): a policy file, loaded once, that scores a request's messages and
 * names the route to take. A weak/strong policy answers `weak` or `strong` (the config's `router.weak` and
 * `router.strong`); a ladder policy over k models answers one of its models (each mapped to a route by the
 * config's `router.routes`). Swapping the policy implementation is a change here only.
 */
import type { ChatMessage } from '../../providers/index.js';
import { loadAnyPolicy } from '../../route/serve.js';

export const POLICY_ROUTES = ['weak', 'strong'] as const;

export interface PolicyDecision {
  /** `weak` or `strong` for a weak/strong policy; one of `routes` for a ladder. */
  route: string;
  score: number;
  reason: string;
}

/** The request's messages: the canonical Chat Completions message (src/providers/chat-message.ts). */
export type PolicyMessage = ChatMessage;

export interface RoutePolicy {
  /** Every route decide() can answer (default: weak and strong), so the config can be checked at start-up. */
  readonly routes?: readonly string[];
  /** Synchronous for text-feature policies; a promise when the policy must fetch an embedding first. */
  decide(messages: readonly PolicyMessage[]): PolicyDecision | Promise<PolicyDecision>;
}

export type PolicyLoader = (file: string, threshold: number | undefined) => Promise<RoutePolicy>;

/** Loads a policy file written by `parity route train` (src/route), either kind, with the config's threshold if set. */
export const loadRoutePolicy: PolicyLoader = async (file, threshold) => {
  const loaded = loadAnyPolicy(file);
  if (loaded.kind === 'ladder') {
    const ladder = threshold === undefined ? loaded : loaded.withThreshold(threshold);
    return {
      routes: ladder.models,
      decide: (messages) => {
        const decision = ladder.decide(messages);
        return { route: decision.model, score: decision.score, reason: decision.reason };
      },
    };
  }
  const policy = threshold === undefined ? loaded : loaded.withThreshold(threshold);
  if (policy.requiresEmbedding) return { routes: POLICY_ROUTES, decide: (messages) => policy.decideAsync(messages) };
  return { routes: POLICY_ROUTES, decide: (messages) => policy.decide(messages) };
};
