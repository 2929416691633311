/**
 * The config's cascades, checked and built once at start-up: each step resolved to its fallback chain (by the
 * route table), each verifier validated, the local ones built; an LLM judge's model must be a name of this
 * gateway (alias, group or target), so its calls go through the gateway's upstreams and are priced and counted
 * like the answers. Judges are bound per request (to that request's step caller).
 */
import { ConfigError } from '../../errors.js';
import type { Verifier, VerifierContext } from '../../route/serve.js';
import type { VerifierConfig } from '../../route/serve.js';
import type { GatewayConfig } from '../config/schema.js';
import { costUsd, type PriceTable } from '../cost/price-table.js';
import type { RequestFeatures } from '../request/chat-request.js';
import type { ResolvedName, RouteTable, Target } from '../routing/route-table.js';
import type { CascadeConfig } from './cascade-config.js';
import type { CascadeStep } from './run-cascade.js';
import { gatewayJudgeModel, type StepCaller } from './step-caller.js';

export interface GatewayCascade {
  readonly name: string;
  readonly config: CascadeConfig;
  readonly steps: readonly CascadeStep[];
  /** The verifiers for one request; its judges call through `call`. */
  verifiers(call: StepCaller): Verifier[];
  /** The LLM judges' steps (for the budget reservation). */
  readonly judges: readonly CascadeStep[];
}

function listOf(verifier: CascadeConfig['verifier']): VerifierConfig[] {
  return Array.isArray(verifier) ? verifier : [verifier];
}

export async function buildCascades(
  config: GatewayConfig,
  table: RouteTable,
  context: Pick<VerifierContext, 'baseDir'> = {},
): Promise<ReadonlyMap<string, GatewayCascade>> {
  const cascades = new Map<string, GatewayCascade>();
  if (Object.keys(config.cascades).length === 0) return cascades;
  // the verifiers and what they use (eval's JSON and judge helpers, Ajv) load only for a config with a cascade
  const { VERIFIERS } = await import('../../route/index.js');
  for (const [name, cascade] of Object.entries(config.cascades)) {
    const entry = table.resolve(name) as ResolvedName; // built by the route table
    const steps = (entry.steps ?? []).map((step) => ({ name: step.name, chain: step.chain }));
    const judges: CascadeStep[] = [];
    const build: Array<(call: StepCaller) => Verifier> = listOf(cascade.verifier).map((verifier, index) => {
      const where = `cascades.${name}.verifier${Array.isArray(cascade.verifier) ? `[${index}]` : ''}`;
      if (verifier.kind !== 'llm-judge') {
        const built = (VERIFIERS[verifier.kind] as (config: VerifierConfig, context: VerifierContext) => Verifier)(verifier, context);
        return () => built;
      }
      const judge = table.resolve(verifier.model);
      if (judge === undefined || judge.kind === 'cascade') {
        throw new ConfigError(`${where}.model`, `"${verifier.model}" is no alias, group or <upstream>/<model> of this gateway (a judge is called through the gateway's upstreams)`);
      }
      const step = { name: judge.name, chain: judge.chain };
      judges.push(step);
      return (call) => VERIFIERS['llm-judge'](verifier, { resolveModel: (ref) => gatewayJudgeModel(step, call, ref) });
    });
    cascades.set(name, Object.freeze({ name, config: cascade, steps, judges, verifiers: (call: StepCaller) => build.map((make) => make(call)) }));
  }
  return cascades;
}

/** The most one call to `target` can cost at these token counts (output: the upstream's bound when not given); undefined with no price. */
function mostAt(config: GatewayConfig, prices: PriceTable, target: Target, inputTokens: number, outputTokens: number | undefined): number | undefined {
  const upstream = config.upstreams[target.upstream];
  if (upstream === undefined) return undefined;
  return costUsd(prices.priceFor(target), inputTokens, outputTokens ?? upstream.maxOutputTokens);
}

/** The most one call on `chain` can cost: its dearest target at these token counts (0 when no price is known). */
function mostOn(config: GatewayConfig, prices: PriceTable, chain: readonly Target[], inputTokens: number, outputTokens: number | undefined): number {
  let most = 0;
  for (const target of chain) most = Math.max(most, mostAt(config, prices, target, inputTokens, outputTokens) ?? 0);
  return most;
}

/** Judge prompts add the template (~200 tokens) and the answer to the request's own text. */
const JUDGE_TEMPLATE_TOKENS = 256;

/** The most an answer of the cascade can be long: the request's output bound, else its steps' upstreams' (the largest). */
function answerBoundOf(cascade: GatewayCascade, config: GatewayConfig, features: RequestFeatures): number {
  let bound = 0;
  for (const step of cascade.steps) for (const target of step.chain) bound = Math.max(bound, features.maxOutputTokens ?? config.upstreams[target.upstream]?.maxOutputTokens ?? 0);
  return bound;
}

/**
 * What the budget is charged for a call of this cascade that answered but reported no usage: the most it could
 * have cost, as the reservation counted it — its target's price at the request's prompt bound and output bound
 * (a judge's call: the prompt, an answer and the template) — never nothing. Undefined when the target has no
 * price (then nothing is known to charge, as for any unpriced call).
 */
export function unmeteredCallCharge(cascade: GatewayCascade, config: GatewayConfig, prices: PriceTable, features: RequestFeatures): (target: Target, role: 'answer' | 'verifier') => number | undefined {
  return (target, role) =>
    role === 'answer'
      ? mostAt(config, prices, target, features.promptTokensBound, features.maxOutputTokens)
      : mostAt(config, prices, target, features.promptTokensBound + answerBoundOf(cascade, config, features) + JUDGE_TEMPLATE_TOKENS, undefined);
}

/**
 * The budget reservation for a cascade: every step may be called (each at its dearest target), and each judge
 * once per step but the last, reading the prompt and an answer of up to the request's output bound.
 */
export function cascadeReservation(cascade: GatewayCascade, config: GatewayConfig, prices: PriceTable, features: RequestFeatures): number {
  let total = 0;
  for (const step of cascade.steps) total += mostOn(config, prices, step.chain, features.promptTokensBound, features.maxOutputTokens);
  const answerBound = answerBoundOf(cascade, config, features);
  const checks = cascade.steps.length - 1;
  for (const judge of cascade.judges) total += checks * mostOn(config, prices, judge.chain, features.promptTokensBound + answerBound + JUDGE_TEMPLATE_TOKENS, undefined);
  return total;
}
