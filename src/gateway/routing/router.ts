/**
 * Picks the fallback chain for one request and says why. Order: the `x-parity-route` header (when enabled),
 * the key's own route, then for requests naming a group or a policy-routed name: the first matching rule,
 * then the learned policy; otherwise the requested alias, group or target itself.
 */
import type { GatewayConfig, RouteRule } from '../config/schema.js';
import { ModelNotFoundError } from '../errors/openai-error.js';
import { ValidationError } from '../../errors.js';
import type { RequestFeatures } from '../request/chat-request.js';
import type { PolicyDecision, PolicyMessage, RoutePolicy } from './policy.js';
import type { ResolvedName, RouteTable, Target } from './route-table.js';

export interface RouteInput {
  model: string;
  features: RequestFeatures | undefined;
  messages: readonly PolicyMessage[] | undefined;
  keyId: string | undefined;
  keyName: string | undefined;
  /** The `x-parity-route` header value. */
  header: string | undefined;
}

export interface RouteDecision {
  /** The name the chain was resolved from (a group, alias or target). */
  route: string;
  chain: readonly Target[];
  /** Short machine-readable reason: `header`, `key`, `rule:<name>`, `policy:weak`, `alias`, `group`, `target`. */
  reason: string;
  /** The learned policy's score, when it decided. */
  score: number | undefined;
}

export interface Router {
  /** A promise only when a learned policy needs an embedding fetched first. */
  decide(input: RouteInput): RouteDecision | Promise<RouteDecision>;
}

function ruleMatches(rule: RouteRule, requested: string, features: RequestFeatures | undefined): boolean {
  const when = rule.when;
  if (when.models !== undefined && !when.models.includes(requested)) return false;
  if (features === undefined) return false;
  if (when.promptTokensAbove !== undefined && !(features.promptTokens > when.promptTokensAbove)) return false;
  if (when.hasImages !== undefined && features.hasImages !== when.hasImages) return false;
  if (when.hasTools !== undefined && features.hasTools !== when.hasTools) return false;
  if (when.jsonOutput !== undefined && features.jsonOutput !== when.jsonOutput) return false;
  return true;
}

function ruleName(rule: RouteRule, index: number): string {
  if (rule.name !== undefined) return rule.name;
  const parts: string[] = [];
  if (rule.when.promptTokensAbove !== undefined) parts.push(`prompt-tokens>${rule.when.promptTokensAbove}`);
  if (rule.when.hasImages !== undefined) parts.push(rule.when.hasImages ? 'images' : 'no-images');
  if (rule.when.hasTools !== undefined) parts.push(rule.when.hasTools ? 'tools' : 'no-tools');
  if (rule.when.jsonOutput !== undefined) parts.push(rule.when.jsonOutput ? 'json' : 'no-json');
  return parts.length === 0 ? String(index) : parts.join('+');
}

export function createRouter(config: GatewayConfig, table: RouteTable, policy: RoutePolicy | undefined): Router {
  const rules = config.rules.map((rule, index) => ({ rule, name: `rule:${ruleName(rule, index)}` }));
  const policyNames = new Set(config.router?.models ?? []);
  const router = config.router;

  const resolved = (name: string, reason: string, score?: number): RouteDecision => {
    const entry = table.resolve(name) as ResolvedName; // checked at start-up
    return { route: entry.name, chain: entry.chain, reason, score };
  };

  return {
    decide(input) {
      if (input.header !== undefined && config.routeHeader) {
        const entry = table.resolve(input.header);
        if (entry === undefined) {
          throw new ValidationError(`x-parity-route names no alias, group or target: "${input.header}"`, 'x-parity-route');
        }
        return { route: entry.name, chain: entry.chain, reason: 'header', score: undefined };
      }
      if (input.keyId !== undefined) {
        const keyRoute = config.keyRoutes[input.keyId] ?? (input.keyName === undefined ? undefined : config.keyRoutes[input.keyName]);
        if (keyRoute !== undefined) return resolved(keyRoute, 'key');
      }
      const requested = table.resolve(input.model);
      const isPolicyName = policyNames.has(input.model) && policy !== undefined && router !== undefined;
      if (requested === undefined && !isPolicyName) throw new ModelNotFoundError(input.model);
      if (isPolicyName || requested?.kind === 'group') {
        for (const { rule, name } of rules) {
          if (ruleMatches(rule, input.model, input.features)) return resolved(rule.route, name);
        }
      }
      if (isPolicyName) {
        const toDecision = (verdict: PolicyDecision): RouteDecision =>
          resolved(verdict.route === 'weak' ? router.weak : router.strong, `policy:${verdict.route}`, verdict.score);
        const verdict = policy.decide(input.messages ?? []);
        return verdict instanceof Promise ? verdict.then(toDecision) : toDecision(verdict);
      }
      const entry = requested as ResolvedName;
      return { route: entry.name, chain: entry.chain, reason: entry.kind, score: undefined };
    },
  };
}
