/**
 * The dispatch stage of a request routed to a cascade: runs the cascade over the gateway's step caller, then
 * sends the accepted answer — as the upstream's JSON, or, for a streaming request, as one event stream written
 * once the answer is verified (nothing reaches the client before) — with headers saying which step answered
 * and why. Streaming requests of a cascade whose `streaming` is `first` or `last` never get here: they are
 * routed to that step's chain as a plain fallback chain (see `directStep`).
 */
import type { ServerResponse } from 'node:http';
import type { GatewayContext } from '../context.js';
import { costUsd } from '../cost/price-table.js';
import type { ChatMessage } from '../../providers/index.js';
import { promptText } from '../../route/serve.js';
import type { Target } from '../routing/route-table.js';
import { signalFor } from '../upstream/adapter.js';
import { STREAM_HEADERS } from '../upstream/passthrough.js';
import type { RequestAbort } from '../upstream/request-abort.js';
import type { RequestFeatures } from '../request/chat-request.js';
import { unmeteredCallCharge, type GatewayCascade } from './build-cascades.js';
import { completionEvents } from './chat-completion.js';
import { runCascade, type CascadeOutcome, type CascadeStep, type StepAnswer } from './run-cascade.js';
import { createStepCaller, type ChatBody } from './step-caller.js';


export interface CascadeRequestInput {
  cascade: GatewayCascade;
  /** The chat request (for translated surfaces, its Chat Completions translation). */
  body: ChatBody;
  /** Its token bounds (what a call that reports no usage is charged from). */
  features: RequestFeatures;
  stream: boolean;
  /** The client asked for the usage chunk (`stream_options.include_usage`). */
  includeUsage: boolean;
  response: ServerResponse;
  abort: RequestAbort;
  /** Response headers so far (request id, route), as a flat [name, value, …] list. */
  headers: readonly string[];
  /** The body a target gets (the privacy rule's redaction for third-party upstreams). */
  bodyFor?: (target: Target, body: ChatBody) => ChatBody;
  onAttempt?: (target: Target) => void;
  /** Sends the accepted answer in the client's API (default: Chat Completions JSON or events). */
  deliver?: (answer: StepAnswer, headers: string[]) => void;
}

/** The step a streaming request goes to when the cascade's verifier is off for streams; undefined: buffer. */
export function directStep(cascade: GatewayCascade, stream: boolean): CascadeStep | undefined {
  if (!stream) return undefined;
  const streaming = cascade.config.streaming;
  if (streaming === 'buffer') return undefined;
  return streaming === 'first' ? cascade.steps[0] : cascade.steps[cascade.steps.length - 1];
}

/** `x-parity-cascade*` headers: the cascade, the step that answered (`2/3`) and the path of verdicts. */
export function cascadeHeaders(cascade: GatewayCascade, outcome: CascadeOutcome): string[] {
  return ['x-parity-cascade', cascade.name, 'x-parity-cascade-step', `${outcome.step}/${cascade.steps.length}`, 'x-parity-cascade-path', outcome.path.join(',')];
}

function deliverChat(input: CascadeRequestInput, answer: StepAnswer, headers: string[]): void {
  const { response } = input;
  if (response.destroyed) return;
  if (input.stream) {
    response.writeHead(200, [...headers, ...STREAM_HEADERS]);
    response.end(completionEvents(answer.completion, input.includeUsage));
    return;
  }
  response.writeHead(answer.status, [...headers, 'content-type', 'application/json', 'content-length', String(answer.bytes.length)]);
  response.end(answer.bytes);
}

/** Runs the cascade and, when it produced an answer, sends it. The caller sends a failure and logs the outcome. */
export async function serveCascade(context: GatewayContext, input: CascadeRequestInput): Promise<CascadeOutcome> {
  const call = createStepCaller(context, { abort: input.abort, response: input.response, ...(input.bodyFor === undefined ? {} : { bodyFor: input.bodyFor }), ...(input.onAttempt === undefined ? {} : { onAttempt: input.onAttempt }) });
  const signal = signalFor(input.abort);
  const outcome = await runCascade(
    { name: input.cascade.name, steps: input.cascade.steps, verifiers: input.cascade.verifiers(call), onVerifierError: input.cascade.config.onVerifierError },
    { prompt: promptText((input.body.messages ?? []) as readonly ChatMessage[]), responseFormat: input.body.response_format },
    {
      answer: (step) => call(step, input.body),
      cost: (target, usage) => costUsd(context.prices.priceFor(target), usage.promptTokens, usage.completionTokens),
      judgeTarget: (ref) => (ref === undefined ? undefined : context.table.resolve(ref)?.chain[0]),
      unmeteredCharge: unmeteredCallCharge(input.cascade, context.config, context.prices, input.features),
    },
    signal,
  );
  if (outcome.result.ok) {
    const { answer } = outcome.result;
    const headers = [...input.headers, 'x-parity-upstream', answer.target.upstream, 'x-parity-model', answer.target.model, ...cascadeHeaders(input.cascade, outcome)];
    (input.deliver ?? ((value, sent) => deliverChat(input, value, sent)))(answer, headers);
  }
  return outcome;
}
