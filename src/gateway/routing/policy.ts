/**
 * The seam to the learned router (src/route): a policy file, loaded once, that scores a request's messages and
 * says whether the open ("weak") side can carry it. Swapping the policy implementation is a change here only.
 */
import { ConfigError } from '../../errors.js';

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
  decide(messages: readonly PolicyMessage[]): PolicyDecision;
}

export type PolicyLoader = (file: string, threshold: number | undefined) => Promise<RoutePolicy>;

/** Loads the policy file with the route module's loader. */
export const loadRoutePolicy: PolicyLoader = async (file, threshold) => {
  void threshold;
  throw new ConfigError(`router.policy (${file})`, 'learned route policies are not available in this build');
};
