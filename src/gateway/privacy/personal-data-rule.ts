/**
 * The privacy rule at run time: scans a request's text (every message's content and text parts, tool-call
 * arguments, an embeddings input) for personal data, then pins the route to self-hosted targets or prepares a
 * redacted copy for third-party ones. What it reports is the action and counts per kind — never the data.
 */
import { ConfigError, ValidationError } from '../../errors.js';
import { detectPersonalData, redact, type DetectOptions } from '../../route/index.js';
import type { GatewayConfig } from '../config/schema.js';
import type { RouteTable, Target } from '../routing/route-table.js';
import type { RequestLogPrivacy } from '../../store/index.js';
import type { PrivacyAction, PrivacyConfig } from './privacy-config.js';

/** What the log records when the rule acted (store/records.ts owns the shape). */
export type PrivacyRecord = RequestLogPrivacy;

type TextVisitor = (text: string) => string | undefined;

/** Calls `visit` on every text of a request body; a returned string replaces it (in place). */
function visitTexts(body: Record<string, unknown>, visit: TextVisitor): void {
  const messages = body.messages;
  if (Array.isArray(messages)) {
    for (const message of messages as Array<Record<string, unknown>>) {
      if (message === null || typeof message !== 'object') continue;
      if (typeof message.content === 'string') message.content = visit(message.content) ?? message.content;
      else if (Array.isArray(message.content)) {
        for (const part of message.content as Array<Record<string, unknown>>) {
          if (part !== null && typeof part === 'object' && typeof part.text === 'string') part.text = visit(part.text) ?? part.text;
        }
      }
      if (Array.isArray(message.tool_calls)) {
        for (const call of message.tool_calls as Array<{ function?: { arguments?: unknown } }>) {
          const fn = call?.function;
          if (fn !== undefined && typeof fn.arguments === 'string') fn.arguments = visit(fn.arguments) ?? fn.arguments;
        }
      }
    }
  }
  if (typeof body.input === 'string') body.input = visit(body.input) ?? body.input;
  else if (Array.isArray(body.input)) body.input = (body.input as unknown[]).map((item) => (typeof item === 'string' ? (visit(item) ?? item) : item));
}

export interface PersonalDataScan {
  /** Finds per kind (`email`, `card`, …), over the whole request. */
  kinds: Record<string, number>;
  total: number;
}

export interface PersonalDataRule {
  readonly action: PrivacyAction;
  scan(body: Record<string, unknown>): PersonalDataScan;
  /** A redacted deep copy of the body (what third-party upstreams get under `redact`). */
  redacted(body: Record<string, unknown>): Record<string, unknown>;
  isSelfHosted(target: Target): boolean;
  /**
   * `pin`: the chain's self-hosted targets, else the rule's route's chain; a ValidationError (400) when there is
   * neither — the request is refused rather than sent to a third party.
   */
  pin(chain: readonly Target[], route: string): { route: string; chain: readonly Target[] };
}

export function createPersonalDataRule(config: GatewayConfig, privacy: PrivacyConfig, table: RouteTable): PersonalDataRule {
  const selfHosted = new Set(Object.entries(config.upstreams).filter(([, upstream]) => upstream.selfHosted).map(([name]) => name));
  const options: DetectOptions = { kinds: privacy.kinds, nationalIds: privacy.nationalIds, ...(privacy.defaultCountry === undefined ? {} : { defaultCountry: privacy.defaultCountry }) };
  detectPersonalData('', options); // an unknown defaultCountry fails at start-up, not on the first request
  const isSelfHosted = (target: Target): boolean => selfHosted.has(target.upstream);
  let fallback: { route: string; chain: readonly Target[] } | undefined;
  if (privacy.route !== undefined) {
    const entry = table.resolve(privacy.route);
    if (entry === undefined) throw new ConfigError('privacy.route', `unknown name "${privacy.route}"`);
    const foreign = entry.chain.filter((target) => !isSelfHosted(target));
    if (foreign.length > 0) throw new ConfigError('privacy.route', `${foreign.map((target) => target.ref).join(', ')}: not on a self-hosted upstream (set selfHosted: true on the upstream)`);
    fallback = { route: entry.name, chain: entry.chain };
  }
  if (privacy.action === 'pin' && selfHosted.size === 0) {
    throw new ConfigError('privacy', 'action pin needs at least one upstream with selfHosted: true');
  }
  return {
    action: privacy.action,
    scan(body) {
      const kinds: Record<string, number> = {};
      let total = 0;
      visitTexts(body, (text) => {
        for (const span of detectPersonalData(text, options)) {
          kinds[span.kind] = (kinds[span.kind] ?? 0) + 1;
          total += 1;
        }
        return undefined;
      });
      return { kinds, total };
    },
    redacted(body) {
      const copy = structuredClone(body);
      visitTexts(copy, (text) => redact(text, detectPersonalData(text, options)).text);
      return copy;
    },
    isSelfHosted,
    pin(chain, route) {
      const own = chain.filter(isSelfHosted);
      if (own.length > 0) return { route, chain: own };
      if (fallback !== undefined) return fallback;
      throw new ValidationError(`the request holds personal data and route "${route}" has no self-hosted upstream (privacy.action: pin)`, 'messages');
    },
  };
}
