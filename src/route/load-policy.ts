/**
 * Either kind of policy file, told apart by its `format`: a weak/strong policy (`parity-route-policy`) or a
 * ladder over k models (`parity-route-ladder`). What `parity route decide` and the gateway load.
 */
import { ConfigError } from '../errors.js';
import { LADDER_POLICY_FORMAT } from './ladder/ladder-policy-schema.js';
import { parseLadderPolicy, type LadderPolicy } from './ladder/ladder-policy.js';
import { readPolicyJson } from './policy-file.js';
import { parsePolicy, type RoutePolicy } from './policy.js';
import { ROUTE_POLICY_FORMAT } from './policy-schema.js';

export type AnyRoutePolicy = RoutePolicy | LadderPolicy;

export function parseAnyPolicy(value: unknown, where = 'policy'): AnyRoutePolicy {
  const format = typeof value === 'object' && value !== null && 'format' in value ? value.format : undefined;
  if (format === LADDER_POLICY_FORMAT) return parseLadderPolicy(value, where);
  if (format === ROUTE_POLICY_FORMAT) return parsePolicy(value, where);
  throw new ConfigError(`${where}: format`, `not a route policy: expected format "${ROUTE_POLICY_FORMAT}" (weak/strong) or "${LADDER_POLICY_FORMAT}" (k models), written by \`parity route train\``);
}

/** Reads and validates a policy file of either kind. */
export function loadAnyPolicy(path: string): AnyRoutePolicy {
  return parseAnyPolicy(readPolicyJson(path), path);
}
