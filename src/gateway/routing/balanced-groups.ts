/**
 * The balanced groups of a config (`groups: {name: {members, balance}}`), each with its Balancer built once at
 * start-up. Per request the admit stage asks `order(group, isOpen)` for the chain to walk: the deployment the
 * balancer picks (skipping open circuits) first, the group's other members after it as fallbacks.
 *
 * Weights are given per member as the group names it, or per target (`<upstream>/<model>`); a member that is
 * an alias or a group gives its weight to each of its targets. A weight naming neither is a config error.
 */
import { ConfigError } from '../../errors.js';
import type { GatewayConfig } from '../config/schema.js';
import { createBalancer, type Balancer } from './balancer.js';
import type { RouteTable, Target } from './route-table.js';

export interface BalancedGroup {
  readonly name: string;
  readonly balancer: Balancer;
  /** The group's targets, in the balancer's index order. */
  readonly chain: readonly Target[];
  /** The balancer's index of a target of the group, or -1. */
  indexOf(ref: string): number;
}

export function buildBalancedGroups(config: GatewayConfig, table: RouteTable, random?: () => number): ReadonlyMap<string, BalancedGroup> {
  const groups = new Map<string, BalancedGroup>();
  for (const [name, group] of Object.entries(config.groups)) {
    if (Array.isArray(group)) continue;
    const resolved = table.resolve(name);
    if (resolved === undefined) continue; // buildRouteTable has refused the config already
    const chain = resolved.chain;
    const weights = chain.map(() => 1);
    const given = group.balance.weights;
    const used = new Set<string>();
    for (const member of group.members) {
      const weight = given[member];
      if (weight === undefined) continue;
      used.add(member);
      for (const target of table.resolve(member)?.chain ?? []) weights[chain.findIndex((entry) => entry.ref === target.ref)] = weight;
    }
    chain.forEach((target, index) => {
      const weight = given[target.ref];
      if (weight === undefined) return;
      used.add(target.ref);
      weights[index] = weight;
    });
    for (const named of Object.keys(given)) {
      if (!used.has(named)) throw new ConfigError(`groups.${name}.balance.weights.${named}`, `"${named}" is no member or target of the group ${name}`);
    }
    const balancer = createBalancer({ strategy: group.balance.strategy, weights, latencyHalfLifeMs: group.balance.latencyHalfLifeMs, ...(random === undefined ? {} : { random }) });
    const indexes = new Map(chain.map((target, index) => [target.ref, index]));
    groups.set(name, { name, balancer, chain, indexOf: (ref) => indexes.get(ref) ?? -1 });
  }
  return groups;
}

/**
 * The chain to walk for one request: the picked deployment first, then the rest in the group's order. When
 * every circuit is open the group's own order is kept (the fallback walk reports the open circuits).
 */
export function balancedOrder(group: BalancedGroup, isOpen: (index: number) => boolean): readonly Target[] {
  const picked = group.balancer.pick((index) => !isOpen(index));
  if (picked <= 0) return group.chain;
  const chain = group.chain;
  const ordered: Target[] = [chain[picked] as Target];
  for (let index = 0; index < chain.length; index++) if (index !== picked) ordered.push(chain[index] as Target);
  return ordered;
}
