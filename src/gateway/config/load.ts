/**
 * Reading a gateway config: from a YAML/JSON file, from a plain value, or from `--upstream NAME=URL` flags
 * (the zero-config start). Errors are ConfigErrors naming the file and the path inside it.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';
import { gatewayConfigSchema, type GatewayConfig, type GatewayConfigInput } from './schema.js';

/** Validates a config value; `where` names its origin in error messages. The result is deeply frozen. */
export function parseGatewayConfig(value: unknown, where = 'gateway config'): GatewayConfig {
  return deepFreeze(parseOrThrow(gatewayConfigSchema, value, (issue) => new ConfigError(`${where} at ${issue.field}`, issue.message, { cause: issue.error })));
}

export async function loadGatewayConfig(file: string): Promise<GatewayConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, 'cannot read the gateway config file', { cause: error });
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new ConfigError(file, `not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  return parseGatewayConfig(value, file);
}

export interface UpstreamFlagOptions {
  host?: string;
  port?: number;
  /** Require virtual keys even in zero-config mode. */
  requireKey?: boolean;
  storeUrl?: string;
  /** Extra Host header names to accept (`server.allowedHosts`). */
  allowedHosts?: readonly string[];
  /** Browser origins allowed to call the gateway (`cors.allowOrigins`). */
  allowOrigins?: readonly string[];
}

/**
 * Builds a config from `NAME=URL[#MODEL]` flags. NAME is the model or group name clients send; URL an
 * OpenAI-compatible base URL; MODEL (after `#`, never sent over the wire) the model id the upstream expects,
 * default NAME. Repeating a NAME makes a fallback chain in flag order.
 */
export function configFromUpstreamFlags(flags: readonly string[], options: UpstreamFlagOptions = {}): GatewayConfig {
  if (flags.length === 0) throw new ConfigError('--upstream', 'give at least one NAME=URL (or a --config file)');
  const upstreams: NonNullable<GatewayConfigInput['upstreams']> = {};
  const groups: Record<string, string[]> = {};
  flags.forEach((flag, index) => {
    const equals = flag.indexOf('=');
    if (equals <= 0) throw new ConfigError('--upstream', `expected NAME=URL, got "${flag}"`);
    const publicName = flag.slice(0, equals).trim();
    const rest = flag.slice(equals + 1).trim();
    const hash = rest.indexOf('#');
    const baseUrl = hash === -1 ? rest : rest.slice(0, hash);
    const model = hash === -1 ? publicName : rest.slice(hash + 1);
    if (!/^https?:\/\/\S+$/.test(baseUrl)) {
      throw new ConfigError('--upstream', `"${flag}": expected an http(s) base URL after "="`);
    }
    if (model === '') throw new ConfigError('--upstream', `"${flag}": empty model after "#"`);
    const upstreamName = `u${index + 1}`;
    upstreams[upstreamName] = { baseUrl: baseUrl.replace(/\/+$/, '') };
    (groups[publicName] ??= []).push(`${upstreamName}/${model}`);
  });
  return parseGatewayConfig(
    {
      server: { host: options.host ?? '127.0.0.1', port: options.port ?? 8787, allowedHosts: [...(options.allowedHosts ?? [])] },
      cors: { allowOrigins: [...(options.allowOrigins ?? [])] },
      auth: { required: options.requireKey ?? false },
      store: options.storeUrl === undefined ? {} : { url: options.storeUrl },
      upstreams,
      groups,
      routeHeader: true,
    },
    '--upstream',
  );
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
