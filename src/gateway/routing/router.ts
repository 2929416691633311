/**
 * Picks the fallback chain for one request and says why. Order: the `x-parity-route` header (when enabled),
 * the key's own route, then for requests naming a group or a policy-routed name: the first matching rule,
 * then the learned policy; otherwise the requested alias, group or target itself.
 */
import type { GatewayConfig, RouteRule } from '../config/schema.js';
import { ModelNotFoundError } from '../errors/openai-error.js';
import { ConfigError, ValidationError } from '../../errors.js';
import type { RequestFeatures } from '../request/chat-request.js';
import { POLICY_ROUTES, type PolicyDecision, type PolicyMessage, type RoutePolicy } from './policy.js';
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
  /**
   * Short machine-readable reason: `header`, `key`, `rule:<name>`, `policy:weak` / `policy:strong` (a weak/strong
   * policy), `policy:<route>` (a ladder policy: the route its chosen model maps to), `alias`, `group`, `target`.
   */
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

/**
 * The route each answer of the policy maps to, and the reason it is logged with: a weak/strong policy's two
 * sides through `router.weak`/`router.strong`, a ladder's models through `router.routes`. A config that does not
 * cover every answer of the policy fails at start-up, naming what is missing.
 */
function policyTargets(router: NonNullable<GatewayConfig['router']>, policy: RoutePolicy): ReadonlyMap<string, { route: string; reason: string }> {
  const answers = policy.routes ?? POLICY_ROUTES;
  const isPair = answers.length === POLICY_ROUTES.length && POLICY_ROUTES.every((side) => answers.includes(side));
  const targets = new Map<string, { route: string; reason: string }>();
  if (isPair) {
    if (router.weak === undefined || router.strong === undefined) {
      throw new ConfigError('router', `${router.policy} is a weak/strong policy: give router.weak and router.strong (router.routes is for a k-model policy)`);
    }
    targets.set('weak', { route: router.weak, reason: 'policy:weak' });
    targets.set('strong', { route: router.strong, reason: 'policy:strong' });
    return targets;
  }
  const routes = router.routes;
  if (routes === undefined) {
    throw new ConfigError('router.routes', `${router.policy} is a policy over ${answers.length} models (${answers.join(', ')}): map each to a group, alias or target in router.routes`);
  }
  const missing = answers.filter((model) => routes[model] === undefined);
  if (missing.length > 0) throw new ConfigError('router.routes', `no route for ${missing.join(', ')} (the policy's models: ${answers.join(', ')})`);
  const unknown = Object.keys(routes).filter((model) => !answers.includes(model));
  if (unknown.length > 0) throw new ConfigError('router.routes', `${unknown.join(', ')}: not a model of ${router.policy} (its models: ${answers.join(', ')})`);
  for (const model of answers) targets.set(model, { route: routes[model] as string, reason: `policy:${routes[model] as string}` });
  return targets;
}

export function createRouter(config: GatewayConfig, table: RouteTable, policy: RoutePolicy | undefined): Router {
  const rules = config.rules.map((rule, index) => ({ rule, name: `rule:${ruleName(rule, index)}` }));
  const policyNames = new Set(config.router?.models ?? []);
  const router = config.router;
  const targets = router !== undefined && policy !== undefined ? policyTargets(router, policy) : new Map<string, { route: string; reason: string }>();

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
        const toDecision = (verdict: PolicyDecision): RouteDecision => {
          const target = targets.get(verdict.route);
          if (target === undefined) throw new ConfigError('router', `the policy answered "${verdict.route}", which is none of its routes`);
          return resolved(target.route, target.reason, verdict.score);
        };
        const verdict = policy.decide(input.messages ?? []);
        return verdict instanceof Promise ? verdict.then(toDecision) : toDecision(verdict);
      }
      const entry = requested as ResolvedName;
      return { route: entry.name, chain: entry.chain, reason: entry.kind, score: undefined };
    },
  };
}
