/**
 * The privacy rule applied to one routed request: scans the body; when it holds personal data, `pin` narrows
 * the route (a chain, or each step of a cascade) to self-hosted targets, and `redact` gives every third-party
 * target a redacted copy of the body. Returns what to log (action and counts) and what dispatch needs.
 */
import type { GatewayCascade } from '../cascade/build-cascades.js';
import type { Target } from '../routing/route-table.js';
import type { PersonalDataRule, PrivacyRecord } from './personal-data-rule.js';
import type { PrivacyAction } from './privacy-config.js';

type Body = Record<string, unknown>;

export interface PrivacyDecision {
  record: PrivacyRecord;
  /** `pin`: the chain to walk instead of the decision's (undefined: the cascade below is used). */
  chain?: readonly Target[];
  /** `pin` of a cascade: the cascade with only self-hosted targets in its steps (at least two steps left). */
  cascade?: GatewayCascade;
  /** `redact`: the body a target gets (third-party targets: a redacted copy). */
  bodyFor?: <Value extends Body>(target: Target, body: Value) => Value;
}

/** Undefined when the request holds no personal data (the rule does nothing and nothing is logged). */
export function applyPrivacy(rule: PersonalDataRule, body: Body, route: string, chain: readonly Target[], cascade: GatewayCascade | undefined, action: PrivacyAction = rule.action): PrivacyDecision | undefined {
  const scan = rule.scan(body);
  if (scan.total === 0) return undefined;
  const record: PrivacyRecord = { action, kinds: scan.kinds };
  if (action === 'redact') {
    let redacted: Body | undefined;
    const bodyFor = <Value extends Body>(target: Target, value: Value): Value => {
      if (rule.isSelfHosted(target)) return value;
      // the request itself (edited per attempt: its model) reuses one redaction; any other body (a judge's) gets its own
      if (value.messages !== body.messages || value.input !== body.input) return rule.redacted(value) as Value;
      redacted ??= rule.redacted(body);
      return { ...value, ...(redacted.messages === undefined ? {} : { messages: redacted.messages }), ...(redacted.input === undefined ? {} : { input: redacted.input }) };
    };
    return { record, bodyFor };
  }
  if (cascade !== undefined) {
    const steps = cascade.steps.map((step) => ({ name: step.name, chain: step.chain.filter(rule.isSelfHosted) })).filter((step) => step.chain.length > 0);
    if (steps.length >= 2) return { record: { ...record, pinnedTo: route }, cascade: { ...cascade, steps } };
    if (steps.length === 1) return { record: { ...record, pinnedTo: route }, chain: (steps[0] as { chain: readonly Target[] }).chain };
  }
  const pinned = rule.pin(cascade === undefined ? chain : [], route);
  return { record: { ...record, pinnedTo: pinned.route }, chain: pinned.chain };
}
