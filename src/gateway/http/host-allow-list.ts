/**
 * The DNS-rebinding guard. A page on an attacker's domain can re-point that domain at 127.0.0.1 and then talk to
 * the gateway as "same origin" — but its requests still carry `Host: attacker.example`. So only names nobody else
 * can re-point are accepted by default: IP literals, `localhost` (and `*.localhost`, which browsers resolve to
 * loopback themselves), this machine's own hostname and the configured listening host — plus the names in
 * `server.allowedHosts` (a reverse proxy's public name; `.example.com` for its subdomains; `*` for any).
 * A request without a Host header (HTTP/1.0 tools) is no browser's and passes.
 *
 * The check is string work on one header; a small set remembers accepted header values, so the usual request
 * (`Host: 127.0.0.1:8787` on every request) costs one lookup.
 */
import { isIP } from 'node:net';
import { hostname } from 'node:os';

export interface HostAllowList {
  allows(host: string | undefined): boolean;
}

export interface HostAllowListOptions {
  /** `server.host`: a name given here was chosen by the operator. */
  listenHost: string;
  allowedHosts: readonly string[];
  /** This machine's name; default `os.hostname()`. */
  machineName?: string;
}

/** Accepted Host header values remembered for the fast path (bounded: they come from clients). */
const REMEMBERED = 64;

/** The name part of a Host header (`name`, `name:port`, `[v6]:port`), lower-cased; undefined when malformed. */
export function hostName(header: string): string | undefined {
  let name: string;
  let rest: string;
  if (header.startsWith('[')) {
    const close = header.indexOf(']');
    if (close === -1) return undefined;
    name = header.slice(1, close);
    rest = header.slice(close + 1);
  } else {
    const colon = header.indexOf(':');
    if (colon !== header.lastIndexOf(':')) return undefined; // a bare IPv6 address or junk
    name = colon === -1 ? header : header.slice(0, colon);
    rest = colon === -1 ? '' : header.slice(colon);
  }
  if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return undefined;
  if (name === '') return undefined;
  name = name.toLowerCase();
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

export function createHostAllowList(options: HostAllowListOptions): HostAllowList {
  const exact = new Set<string>();
  const suffixes: string[] = [];
  let any = false;
  for (const entry of options.allowedHosts) {
    const name = entry.trim().toLowerCase();
    if (name === '*') any = true;
    else if (name.startsWith('.')) {
      suffixes.push(name);
      exact.add(name.slice(1));
    } else exact.add(name.endsWith('.') ? name.slice(0, -1) : name);
  }
  const listen = options.listenHost.toLowerCase();
  if (isIP(listen) === 0 && listen !== '') exact.add(listen);
  const machine = (options.machineName ?? hostname()).toLowerCase();
  if (machine !== '') exact.add(machine);

  const remembered = new Set<string>();

  const nameAllowed = (name: string): boolean => {
    if (isIP(name) !== 0) return true;
    if (name === 'localhost' || name.endsWith('.localhost')) return true;
    if (exact.has(name)) return true;
    return suffixes.some((suffix) => name.endsWith(suffix));
  };

  return {
    allows(host) {
      if (any || host === undefined) return true;
      if (remembered.has(host)) return true;
      const name = hostName(host);
      if (name === undefined || !nameAllowed(name)) return false;
      if (remembered.size < REMEMBERED) remembered.add(host);
      return true;
    },
  };
}
