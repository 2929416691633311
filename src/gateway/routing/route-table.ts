/**
 * Names a client can send as `model`, each resolved once at start-up to a fallback chain of targets
 * (`<upstream>/<model>`): aliases, groups (which may name aliases, targets and other groups) and bare targets.
 * Cross-references are checked here, so a config that names a missing upstream or loops fails at start.
 */
import { LRUCache } from 'lru-cache';
import { ConfigError } from '../../errors.js';
import type { GatewayConfig } from '../config/schema.js';

export interface Target {
  /** `<upstream>/<model>`. */
  readonly ref: string;
  readonly upstream: string;
  readonly model: string;
}

export const NAME_KINDS = ['alias', 'group', 'target', 'cascade'] as const;
export type NameKind = (typeof NAME_KINDS)[number];

export interface ResolvedName {
  readonly name: string;
  readonly kind: NameKind;
  /** A cascade's targets, every step's in order (what the budget reservation and health views see). */
  readonly chain: readonly Target[];
  /** A cascade's steps, cheapest first (`cascades.<name>.steps`). */
  readonly steps?: readonly ResolvedName[];
}

export interface RouteTable {
  /** Undefined for a name that is no alias, group or target of a known upstream. */
  resolve(name: string): ResolvedName | undefined;
  /** Aliases and groups, for `GET /v1/models`. */
  publicNames(): readonly ResolvedName[];
}

export function parseTarget(ref: string, upstreams: ReadonlySet<string>): Target | undefined {
  const slash = ref.indexOf('/');
  if (slash <= 0 || slash === ref.length - 1) return undefined;
  const upstream = ref.slice(0, slash);
  if (!upstreams.has(upstream)) return undefined;
  return Object.freeze({ ref, upstream, model: ref.slice(slash + 1) });
}

export function buildRouteTable(config: GatewayConfig): RouteTable {
  const upstreams = new Set(Object.keys(config.upstreams));
  const aliases = new Map<string, readonly string[]>();
  for (const [name, value] of Object.entries(config.models)) aliases.set(name, typeof value === 'string' ? [value] : value);
  const groups = new Map<string, readonly string[]>(Object.entries(config.groups).map(([name, group]) => [name, Array.isArray(group) ? group : group.members]));
  for (const name of groups.keys()) {
    if (aliases.has(name)) throw new ConfigError(`groups.${name}`, 'a group and a model alias share this name');
  }

  const resolved = new Map<string, ResolvedName>();

  const expand = (name: string, where: string, visiting: readonly string[]): Target[] => {
    if (visiting.includes(name)) throw new ConfigError(where, `"${name}" refers to itself (${[...visiting, name].join(' → ')})`);
    const members = aliases.get(name) ?? groups.get(name);
    if (members !== undefined) {
      const chain: Target[] = [];
      for (const member of members) {
        for (const target of expand(member, where, [...visiting, name])) {
          if (!chain.some((existing) => existing.ref === target.ref)) chain.push(target);
        }
      }
      return chain;
    }
    const target = parseTarget(name, upstreams);
    if (target === undefined) {
      throw new ConfigError(where, `"${name}" is no alias, group or "<upstream>/<model>" of a configured upstream`);
    }
    return [target];
  };

  for (const [name] of aliases) {
    resolved.set(name, Object.freeze({ name, kind: 'alias', chain: Object.freeze(expand(name, `models.${name}`, [])) }));
  }
  for (const [name] of groups) {
    resolved.set(name, Object.freeze({ name, kind: 'group', chain: Object.freeze(expand(name, `groups.${name}`, [])) }));
  }
  for (const [name, cascade] of Object.entries(config.cascades)) {
    if (aliases.has(name) || groups.has(name)) throw new ConfigError(`cascades.${name}`, 'a cascade shares its name with a model alias or a group');
    const steps = cascade.steps.map((step, index) => {
      const where = `cascades.${name}.steps[${index}]`;
      if (config.cascades[step] !== undefined) throw new ConfigError(where, `"${step}" is a cascade; a step is a group, alias or target`);
      const kind = aliases.has(step) ? 'alias' : groups.has(step) ? 'group' : 'target';
      return Object.freeze({ name: step, kind, chain: Object.freeze(expand(step, where, [])) } satisfies ResolvedName);
    });
    const chain: Target[] = [];
    for (const step of steps) for (const target of step.chain) if (!chain.some((existing) => existing.ref === target.ref)) chain.push(target);
    resolved.set(name, Object.freeze({ name, kind: 'cascade', chain: Object.freeze(chain), steps: Object.freeze(steps) }));
  }
  const publicNames = Object.freeze([...resolved.values()]);
  // `<upstream>/<model>` names clients send: any model string, so only the most recent ones are kept
  const targets = new LRUCache<string, ResolvedName>({ max: 1_000 });

  const table: RouteTable = {
    resolve(name) {
      const known = resolved.get(name) ?? targets.get(name);
      if (known !== undefined) return known;
      const target = parseTarget(name, upstreams);
      if (target === undefined) return undefined;
      const entry: ResolvedName = Object.freeze({ name, kind: 'target', chain: Object.freeze([target]) });
      targets.set(name, entry);
      return entry;
    },
    publicNames: () => publicNames,
  };

  // Every name the config routes to must resolve.
  config.rules.forEach((rule, index) => {
    if (table.resolve(rule.route) === undefined) throw new ConfigError(`rules[${index}].route`, `unknown name "${rule.route}"`);
  });
  for (const [key, route] of Object.entries(config.keyRoutes)) {
    if (table.resolve(route) === undefined) throw new ConfigError(`keyRoutes.${key}`, `unknown name "${route}"`);
  }
  if (config.router !== undefined) {
    const named: Array<[string, string | undefined]> = [
      ['router.weak', config.router.weak],
      ['router.strong', config.router.strong],
      ...Object.entries(config.router.routes ?? {}).map(([model, route]): [string, string] => [`router.routes.${model}`, route]),
    ];
    for (const [where, route] of named) {
      if (route !== undefined && table.resolve(route) === undefined) throw new ConfigError(where, `unknown name "${route}"`);
    }
  }
  return table;
}
