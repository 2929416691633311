import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../errors.js';
import { createVerifier } from '../../route/cascade/verifiers/registry.js';
import type { Verifier } from '../../route/cascade/verifiers/types.js';
import type { Target } from '../routing/route-table.js';
import { answerText, chatCompletionSchema, completionEvents } from './chat-completion.js';
import { runCascade, type CascadeHooks, type CascadePlan, type CascadeStep, type StepResult } from './run-cascade.js';

const target = (ref: string): Target => ({ ref, upstream: ref.split('/')[0] as string, model: ref.split('/')[1] as string });
const step = (ref: string): CascadeStep => ({ name: ref, chain: [target(ref)] });

/** USD per token, input and output alike, per target. */
const PRICES: Record<string, number> = { 'local/small': 1e-6, 'cloud/big': 10e-6, 'cloud/judge': 2e-6, 'mid/medium': 3e-6 };

function completion(content: string | null, extra: Record<string, unknown> = {}) {
  return chatCompletionSchema.parse({ id: 'c1', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', ...extra }], usage: { prompt_tokens: 10, completion_tokens: 5 } });
}

function hooks(answers: Record<string, StepResult | (() => StepResult)>, seen: string[] = []): CascadeHooks {
  return {
    answer: async (cascadeStep) => {
      seen.push(cascadeStep.name);
      const found = answers[cascadeStep.name];
      if (found === undefined) throw new Error(`unexpected step ${cascadeStep.name}`);
      return typeof found === 'function' ? found() : found;
    },
    cost: (called, usage) => {
      const price = PRICES[called.ref];
      return price === undefined ? undefined : (usage.promptTokens + usage.completionTokens) * price;
    },
    judgeTarget: (ref) => (ref === undefined ? undefined : target(ref)),
    // the most a call could cost: 100 input and 50 output tokens at the target's price
    unmeteredCharge: (called) => {
      const price = PRICES[called.ref];
      return price === undefined ? undefined : 150 * price;
    },
  };
}

function ok(ref: string, content: string | null, usage = { promptTokens: 10, completionTokens: 5 }, extra: Record<string, unknown> = {}): StepResult {
  const value = completion(content, extra);
  return { ok: true, answer: { target: target(ref), status: 200, completion: value, bytes: Buffer.from(JSON.stringify(value)), usage, firstByteAt: undefined } };
}

const plan = (steps: string[], verifiers: Verifier[], onVerifierError: 'escalate' | 'accept' = 'escalate'): CascadePlan => ({ name: 'c', steps: steps.map(step), verifiers, onVerifierError });
const request = { prompt: 'give me JSON', responseFormat: undefined };
const signal = new AbortController().signal;

describe('runCascade', () => {
  it('returns the first answer when the verifier accepts it, and calls nothing else', async () => {
    const seen: string[] = [];
    const outcome = await runCascade(plan(['local/small', 'cloud/big'], [createVerifier({ kind: 'json' })]), request, hooks({ 'local/small': ok('local/small', '{"a":1}') }, seen), signal);
    expect(seen).toEqual(['local/small']);
    expect(outcome.step).toBe(1);
    expect(outcome.path).toEqual(['json=accept']);
    expect(outcome.calls.map((call) => [call.role, call.step, call.outcome])).toEqual([['answer', 1, 'ok'], ['verifier', 1, 'accept']]);
    expect(outcome.costUsd).toBeCloseTo(15e-6, 12);
  });

  it('escalates exactly when the verifier rejects, and prices both calls', async () => {
    const outcome = await runCascade(
      plan(['local/small', 'cloud/big'], [createVerifier({ kind: 'json' })]),
      request,
      hooks({ 'local/small': ok('local/small', 'not json'), 'cloud/big': ok('cloud/big', '{"a":1}', { promptTokens: 10, completionTokens: 20 }) }),
      signal,
    );
    expect(outcome.step).toBe(2);
    expect(outcome.result.ok && outcome.result.answer.target.ref).toBe('cloud/big');
    expect(outcome.path).toEqual(['json=reject', 'last']);
    // 15 tokens at 1e-6 + 30 tokens at 10e-6
    expect(outcome.costUsd).toBeCloseTo(15e-6 + 300e-6, 12);
    expect(outcome.chargedUsd).toBeCloseTo(315e-6, 12);
    expect([outcome.inputTokens, outcome.outputTokens]).toEqual([20, 25]);
    expect(outcome.calls.map((call) => `${call.role}:${call.upstream}/${call.model}`)).toEqual(['answer:local/small', 'verifier:null/null', 'answer:cloud/big']);
  });

  it('a verifier that cannot decide escalates by default, and is accepted with onVerifierError: accept', async () => {
    const logprobs = createVerifier({ kind: 'logprobs', aggregate: 'mean', threshold: -1 });
    const answers = { 'local/small': ok('local/small', 'hi'), 'cloud/big': ok('cloud/big', 'hello') };
    const escalated = await runCascade(plan(['local/small', 'cloud/big'], [logprobs]), request, hooks(answers), signal);
    expect([escalated.step, escalated.path]).toEqual([2, ['logprobs=error', 'last']]);
    const accepted = await runCascade(plan(['local/small', 'cloud/big'], [logprobs], 'accept'), request, hooks(answers), signal);
    expect([accepted.step, accepted.path]).toEqual([1, ['logprobs=error']]);
  });

  it('reads the answer\'s logprobs: a confident answer is kept, an unsure one escalates', async () => {
    const verifier = createVerifier({ kind: 'logprobs', aggregate: 'min', threshold: -1 });
    const sure = ok('local/small', 'yes', undefined, { logprobs: { content: [{ token: 'yes', logprob: -0.1 }] } });
    const unsure = ok('local/small', 'no', undefined, { logprobs: { content: [{ token: 'no', logprob: -2.5 }] } });
    const big = ok('cloud/big', 'maybe');
    expect((await runCascade(plan(['local/small', 'cloud/big'], [verifier]), request, hooks({ 'local/small': sure, 'cloud/big': big }), signal)).step).toBe(1);
    expect((await runCascade(plan(['local/small', 'cloud/big'], [verifier]), request, hooks({ 'local/small': unsure, 'cloud/big': big }), signal)).step).toBe(2);
  });

  it('a step whose upstreams fail escalates; a failing last step is the outcome', async () => {
    const failed: StepResult = { ok: false, error: new ProviderError('local', 'down', { isRetryable: true }), target: target('local/small') };
    const bigFailed: StepResult = { ok: false, error: new ProviderError('cloud', 'down too', { isRetryable: true }), target: target('cloud/big') };
    const verifiers = [createVerifier({ kind: 'json' })];
    const escalated = await runCascade(plan(['local/small', 'cloud/big'], verifiers), request, hooks({ 'local/small': failed, 'cloud/big': ok('cloud/big', '{}') }), signal);
    expect([escalated.step, escalated.path]).toEqual([2, ['upstream-error', 'last']]);
    expect(escalated.costUsd).toBeCloseTo(15 * 10e-6, 12); // the failed call reported no usage
    const both = await runCascade(plan(['local/small', 'cloud/big'], verifiers), request, hooks({ 'local/small': failed, 'cloud/big': bigFailed }), signal);
    expect(both.result.ok).toBe(false);
    expect(both.step).toBe(2);
    expect(both.costUsd).toBe(0);
  });

  it('walks three steps, with every verifier of a list having to accept', async () => {
    const verifiers = [createVerifier({ kind: 'json' }), createVerifier({ kind: 'regex', pattern: '"ok"' })];
    const outcome = await runCascade(
      plan(['local/small', 'mid/medium', 'cloud/big'], verifiers),
      request,
      hooks({ 'local/small': ok('local/small', 'nope'), 'mid/medium': ok('mid/medium', '{"status":"bad"}'), 'cloud/big': ok('cloud/big', '{"status":"ok"}') }),
      signal,
    );
    expect(outcome.path).toEqual(['json=reject', 'json=accept', 'regex=reject', 'last']);
    expect(outcome.step).toBe(3);
    expect(outcome.costUsd).toBeCloseTo(15e-6 + 45e-6 + 150e-6, 12);
    const accepted = await runCascade(plan(['local/small', 'mid/medium', 'cloud/big'], verifiers), request, hooks({ 'local/small': ok('local/small', '{"status":"ok"}') }), signal);
    expect([accepted.step, accepted.path]).toEqual([1, ['json=accept', 'regex=accept']]);
  });

  it('a call that answers without usage: its cost is unknown, and the budget is charged its bound (nothing only without a price)', async () => {
    const unmetered = (ref: string, content: string): StepResult => {
      const value = completion(content);
      return { ok: true, answer: { target: target(ref), status: 200, completion: value, bytes: Buffer.from(JSON.stringify(value)), usage: undefined, firstByteAt: undefined } };
    };
    const json = [createVerifier({ kind: 'json' })];
    const accepted = await runCascade(plan(['local/small', 'cloud/big'], json), request, hooks({ 'local/small': unmetered('local/small', '{"a":1}') }), signal);
    expect(accepted.calls[0]).toMatchObject({ role: 'answer', costUsd: null, inputTokens: null, outputTokens: null, outcome: 'ok' });
    expect(accepted.costUsd).toBeNull();
    expect(accepted.chargedUsd).toBeCloseTo(150e-6, 12);
    // escalated: the unmetered first answer's bound plus the second's known cost
    const escalated = await runCascade(plan(['local/small', 'cloud/big'], json), request, hooks({ 'local/small': unmetered('local/small', 'no'), 'cloud/big': ok('cloud/big', '{}') }), signal);
    expect(escalated.chargedUsd).toBeCloseTo(150e-6 + 15 * 10e-6, 12);
    // a judge that answers without usage is charged its bound too
    const judge: Verifier = { kind: 'llm-judge', verify: async () => ({ outcome: 'accept', reason: 'fine', model: 'judge', answeredBy: 'cloud/judge' }) };
    const judged = await runCascade(plan(['local/small', 'cloud/big'], [judge]), request, hooks({ 'local/small': ok('local/small', 'good') }), signal);
    expect(judged.calls[1]).toMatchObject({ role: 'verifier', model: 'judge', costUsd: null });
    expect(judged.costUsd).toBeNull();
    expect(judged.chargedUsd).toBeCloseTo(15e-6 + 150 * 2e-6, 12);
    // no price for the target: nothing is known to charge
    const unpriced = await runCascade(plan(['free/model', 'cloud/big'], json), request, hooks({ 'free/model': unmetered('free/model', '{}') }), signal);
    expect([unpriced.costUsd, unpriced.chargedUsd]).toEqual([null, 0]);
  });

  it('prices a judge call at the target that answered it; an unknown price makes the total unknown', async () => {
    const judge = (answeredBy: string): Verifier => ({
      kind: 'llm-judge',
      verify: async (input) => ({ outcome: input.answer.includes('good') ? 'accept' : 'reject', reason: 'judged', score: 0.9, model: 'judge', answeredBy, usage: { inputTokens: 100, outputTokens: 10 } }),
    });
    const priced = await runCascade(plan(['local/small', 'cloud/big'], [judge('cloud/judge')]), request, hooks({ 'local/small': ok('local/small', 'good') }), signal);
    expect(priced.calls[1]).toMatchObject({ role: 'verifier', upstream: 'cloud', model: 'judge', inputTokens: 100, outputTokens: 10, outcome: 'accept', score: 0.9 });
    expect(priced.costUsd).toBeCloseTo(15e-6 + 110 * 2e-6, 12);
    const unpriced = await runCascade(plan(['local/small', 'cloud/big'], [judge('elsewhere/judge')]), request, hooks({ 'local/small': ok('local/small', 'good') }), signal);
    expect(unpriced.costUsd).toBeNull();
    expect(unpriced.chargedUsd).toBeCloseTo(15e-6, 12);
  });
});

describe('chat completions under a cascade', () => {
  it('gives verifiers the content, or the tool calls when there is none', () => {
    expect(answerText(completion('hello')).text).toBe('hello');
    const calls = [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{}' } }];
    expect(answerText(chatCompletionSchema.parse({ choices: [{ message: { role: 'assistant', content: null, tool_calls: calls } }] })).text).toBe(JSON.stringify(calls));
  });

  it('writes an accepted answer as chunk events a client can reassemble', () => {
    const text = completionEvents(completion('hello there'), true);
    const events = text.split('\n\n').filter((part) => part.startsWith('data: ')).map((part) => part.slice(6));
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((json) => JSON.parse(json) as { object: string; choices: { delta: { content?: string }; finish_reason: string | null }[]; usage?: unknown });
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('hello there');
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason ?? null)).toEqual([null, 'stop', null]);
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 10, completion_tokens: 5 });
    expect(completionEvents(completion('x'), false)).not.toContain('"usage"');
  });
});
