import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply, startFakeUpstream, type FakeUpstream } from '../../../../test/helpers/fake-upstream.js';
import { ConfigError, ValidationError } from '../../../errors.js';
import { resolveLanguageModel } from '../../../providers/index.js';
import { createVerifier } from './registry.js';
import type { VerifierInput } from './types.js';

const input = (answer: string, extra: Partial<VerifierInput> = {}): VerifierInput => ({ prompt: 'Give me the user as JSON', answer, ...extra });

describe('json and json-schema verifiers', () => {
  const schema = { type: 'object', properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } }, required: ['name'] };

  it('json: valid JSON accepted, anything else rejected (a fence only when allowed)', async () => {
    const verifier = createVerifier({ kind: 'json' });
    expect((await verifier.verify(input('{"name": "Ada"}'))).outcome).toBe('accept');
    expect((await verifier.verify(input('Sure! {"name": "Ada"}'))).outcome).toBe('reject');
    expect((await verifier.verify(input('```json\n{"name": "Ada"}\n```'))).outcome).toBe('reject');
    expect((await createVerifier({ kind: 'json', allowFence: true }).verify(input('```json\n{"name": "Ada"}\n```'))).outcome).toBe('accept');
  });

  it('json-schema: the configured schema, with formats checked', async () => {
    const verifier = createVerifier({ kind: 'json-schema', schema });
    expect((await verifier.verify(input('{"name": "Ada", "email": "ada@example.org"}'))).outcome).toBe('accept');
    const missing = await verifier.verify(input('{"email": "ada@example.org"}'));
    expect(missing).toMatchObject({ outcome: 'reject' });
    expect(missing.reason).toMatch(/must have required property 'name'/);
    expect((await verifier.verify(input('{"name": "Ada", "email": "not an address"}'))).outcome).toBe('reject');
    expect((await verifier.verify(input('not json'))).reason).toMatch(/not valid JSON/);
  });

  it('json-schema: else the request’s response_format json_schema; none at all is an error, not a verdict', async () => {
    const verifier = createVerifier({ kind: 'json-schema' });
    const responseFormat = { type: 'json_schema', json_schema: { name: 'user', schema } };
    expect((await verifier.verify(input('{"name": "Ada"}', { responseFormat }))).outcome).toBe('accept');
    expect((await verifier.verify(input('{"nom": "Ada"}', { responseFormat }))).outcome).toBe('reject');
    expect((await verifier.verify(input('{"name": "Ada"}'))).outcome).toBe('error');
    expect((await verifier.verify(input('{}', { responseFormat: { type: 'json_schema', json_schema: { schema: { type: 'no-such-type' } } } }))).outcome).toBe('error');
  });

  it('refuses a configured schema that does not compile when built, and a bad config naming the field', () => {
    expect(() => createVerifier({ kind: 'json-schema', schema: { type: 'no-such-type' } })).toThrow(ConfigError);
    expect(() => createVerifier({ kind: 'regex' })).toThrow(ValidationError);
    expect(() => createVerifier({ kind: 'regex' })).toThrow(/verifier: pattern/);
    expect(() => createVerifier({ kind: 'nope' })).toThrow(/verifier: kind/);
  });
});

describe('regex verifier', () => {
  it('accepts on a match, or on no match (a refusal phrase)', async () => {
    const answer = createVerifier({ kind: 'regex', pattern: '^ANSWER: \\d+$', flags: 'm' });
    expect((await answer.verify(input('Working…\nANSWER: 42'))).outcome).toBe('accept');
    expect((await answer.verify(input('I think it is 42'))).outcome).toBe('reject');
    const noRefusal = createVerifier({ kind: 'regex', pattern: "I (can't|cannot) help", flags: 'i', accept: 'no-match' });
    expect((await noRefusal.verify(input('I cannot help with that.'))).outcome).toBe('reject');
    expect((await noRefusal.verify(input('Here you go.'))).outcome).toBe('accept');
    expect(() => createVerifier({ kind: 'regex', pattern: '(' })).toThrow(/invalid pattern/);
  });
});

describe('custom verifier', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-verifier-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    path.join(dir, 'check.mjs'),
    [
      'export default (input, options) => input.answer.length >= options.minLength;',
      'export const scored = (input) => (input.answer.includes("because") ? 0.9 : 0.2);',
      'export const detailed = () => ({ accept: false, reason: "cites no source" });',
      'export const broken = () => { throw new Error("boom"); };',
      'export const odd = () => "yes";',
    ].join('\n'),
  );

  it('runs the module’s export like a custom grader: a boolean, a score at the threshold, or {accept, reason}', async () => {
    const context = { baseDir: dir };
    const byDefault = createVerifier({ kind: 'custom', module: 'check.mjs', options: { minLength: 5 } }, context);
    expect((await byDefault.verify(input('long enough'))).outcome).toBe('accept');
    expect((await byDefault.verify(input('no'))).outcome).toBe('reject');
    expect(await createVerifier({ kind: 'custom', module: 'check.mjs', export: 'scored' }, context).verify(input('yes, because'))).toMatchObject({ outcome: 'accept', score: 0.9 });
    expect(await createVerifier({ kind: 'custom', module: 'check.mjs', export: 'detailed' }, context).verify(input('x'))).toMatchObject({ outcome: 'reject', reason: 'cites no source' });
  });

  it('a throw or an odd return is an error verdict; a missing export or module a ConfigError', async () => {
    const context = { baseDir: dir };
    expect(await createVerifier({ kind: 'custom', module: 'check.mjs', export: 'broken' }, context).verify(input('x'))).toMatchObject({ outcome: 'error', reason: 'the check threw: boom' });
    expect((await createVerifier({ kind: 'custom', module: 'check.mjs', export: 'odd' }, context).verify(input('x'))).outcome).toBe('error');
    await expect(createVerifier({ kind: 'custom', module: 'check.mjs', export: 'absent' }, context).verify(input('x'))).rejects.toThrow(ConfigError);
    await expect(createVerifier({ kind: 'custom', module: 'missing.mjs' }, context).verify(input('x'))).rejects.toThrow(/verifier custom \(missing\.mjs\): cannot import/);
  });
});

describe('logprobs verifier', () => {
  // choices[0].logprobs of an OpenAI chat completion asked with logprobs: true
  const logprobs = {
    content: [
      { token: 'Paris', logprob: -0.01, bytes: [80, 97, 114, 105, 115], top_logprobs: [] },
      { token: '.', logprob: -0.05, bytes: [46], top_logprobs: [] },
      { token: ' Maybe', logprob: -2.4, bytes: [32, 77, 97, 121, 98, 101], top_logprobs: [] },
    ],
    refusal: null,
  };

  it('mean and min over the answer’s tokens against the threshold', async () => {
    // mean = (−0.01 − 0.05 − 2.4) / 3 = −0.82; min = −2.4
    const mean = await createVerifier({ kind: 'logprobs', aggregate: 'mean', threshold: -1 }).verify(input('Paris. Maybe', { logprobs }));
    expect(mean.outcome).toBe('accept');
    expect(mean.score).toBeCloseTo(-0.82, 12);
    expect((await createVerifier({ kind: 'logprobs', aggregate: 'mean', threshold: -0.5 }).verify(input('x', { logprobs }))).outcome).toBe('reject');
    expect(await createVerifier({ kind: 'logprobs', aggregate: 'min', threshold: -2 }).verify(input('x', { logprobs }))).toMatchObject({ outcome: 'reject', score: -2.4 });
    expect((await createVerifier({ kind: 'logprobs', aggregate: 'min', threshold: -3 }).verify(input('x', { logprobs }))).outcome).toBe('accept');
  });

  it('no logprobs in the response is an error, never a pass or a fail', async () => {
    const verifier = createVerifier({ kind: 'logprobs', aggregate: 'mean', threshold: -1 });
    expect(await verifier.verify(input('x'))).toMatchObject({ outcome: 'error', reason: expect.stringMatching(/returned no logprobs/) });
    expect((await verifier.verify(input('x', { logprobs: { content: [] } }))).outcome).toBe('error');
    expect((await verifier.verify(input('x', { logprobs: { content: [{ token: 'a', logprob: 'high' }] } }))).outcome).toBe('error');
    expect(() => createVerifier({ kind: 'logprobs', aggregate: 'mean', threshold: 0.5 })).toThrow(/threshold/);
  });
});

describe('llm-judge verifier (a fake OpenAI-compatible upstream on 127.0.0.1)', () => {
  let upstream: FakeUpstream;
  const completion = (content: string) => ({
    id: 'chatcmpl-judge',
    object: 'chat.completion',
    created: 1_765_000_000,
    model: 'judge-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 120, completion_tokens: 18, total_tokens: 138 },
  });
  const judge = (config: Record<string, unknown> = {}) =>
    createVerifier(
      { kind: 'llm-judge', model: 'openai/judge-model', prompt: 'Q: {{prompt}}\nA: {{answer}}\nVerdict as JSON.', ...config },
      { resolveModel: (ref) => resolveLanguageModel(ref, { baseURLs: { openai: `${upstream.url}/v1` }, apiKeys: { openai: 'test-key' } }) },
    );

  beforeAll(async () => {
    upstream = await startFakeUpstream();
  });
  afterAll(async () => upstream?.close());

  it('sends the configured prompt to the configured model and returns its verdict with the tokens it used', async () => {
    upstream.reset();
    upstream.on('POST /v1/chat/completions', reply.json(completion('{"pass": true, "score": 0.8, "reason": "correct"}')));
    const verdict = await judge().verify(input('{"name": "Ada"}'));
    expect(verdict).toMatchObject({ outcome: 'accept', score: 0.8, model: 'openai/judge-model', usage: { inputTokens: 120, outputTokens: 18 } });
    const sent = upstream.requests[0]?.json as { model: string; messages: Array<{ content: string }> };
    expect(sent.model).toBe('judge-model');
    expect(sent.messages[0]?.content).toBe('Q: Give me the user as JSON\nA: {"name": "Ada"}\nVerdict as JSON.');
  });

  it('a threshold on the judge’s score overrides its pass', async () => {
    upstream.reset();
    upstream.on('POST /v1/chat/completions', reply.json(completion('{"pass": true, "score": 0.6, "reason": "partly"}')));
    expect((await judge({ threshold: 0.7 }).verify(input('x'))).outcome).toBe('reject');
  });

  it('a reply that is no verdict, an upstream error or a timeout is an error verdict', async () => {
    upstream.reset();
    upstream.on('POST /v1/chat/completions', reply.json(completion('Looks fine to me!')));
    expect(await judge().verify(input('x'))).toMatchObject({ outcome: 'error', reason: expect.stringMatching(/gave no verdict: judge verdict is not JSON/) });
    upstream.reset();
    upstream.on('POST /v1/chat/completions', reply.error(400, { error: { message: 'bad request', type: 'invalid_request_error' } }));
    expect((await judge().verify(input('x'))).outcome).toBe('error');
    upstream.reset();
    upstream.on('POST /v1/chat/completions', reply.hang());
    expect((await judge({ timeoutMs: 200 }).verify(input('x'))).outcome).toBe('error');
  });
});
