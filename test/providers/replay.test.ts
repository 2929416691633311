import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, NotFoundError } from '../../src/errors.js';
import { collectStream, createOpenAICompatible, resolveLanguageModel } from '../../src/providers/index.js';
import { type FakeUpstream, readJson, reply, startFakeUpstream } from '../helpers/fake-upstream.js';

const fixture = (name: string) => new URL(`../fixtures/providers/${name}`, import.meta.url);

let dir: string;
let upstream: FakeUpstream;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parity-replay-'));
  upstream = await startFakeUpstream();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await upstream.close();
});

const jsonl = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';

describe('replay provider', () => {
  it('answers by id and by prompt from a JSONL file found in the replay dir', async () => {
    await writeFile(
      join(dir, 'gpt-4o.jsonl'),
      jsonl([
        { id: 'case-1', output: 'Paris', usage: { inputTokens: 12, outputTokens: 1 }, latencyMs: 420 },
        { prompt: 'What is 2+2?', output: '4' },
      ]),
    );
    const model = resolveLanguageModel('replay/gpt-4o', { replay: { dir } });
    const byId = await model.generate({ id: 'case-1', messages: [{ role: 'user', content: 'Capital of France?' }] });
    expect(byId).toMatchObject({ text: 'Paris', usage: { inputTokens: 12, outputTokens: 1 }, latencyMs: 420, finishReason: 'stop' });
    const byPrompt = await model.generate({ messages: [{ role: 'system', content: 'Be terse.' }, { role: 'user', content: 'What is 2+2?' }] });
    expect(byPrompt.text).toBe('4');
    expect(byPrompt.usage).toEqual({ inputTokens: undefined, outputTokens: undefined });
    // a replay measures no time: with no recorded latency it is unknown, never ~0 ms
    expect(byPrompt.latencyMs).toBeUndefined();
    const parts = [];
    for await (const part of model.stream({ messages: [{ role: 'user', content: 'What is 2+2?' }] })) parts.push(part);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', latencyMs: undefined });
    expect(await collectStream(model.stream({ id: 'case-1', messages: [{ role: 'user', content: 'x' }] }))).toMatchObject({ latencyMs: 420 });
  });

  it('fails clearly on a miss', async () => {
    await writeFile(join(dir, 'small.json'), JSON.stringify([{ id: 'a', output: 'x' }]));
    const model = resolveLanguageModel('replay/small', { replay: { dir } });
    const error = await model.generate({ id: 'b', messages: [{ role: 'user', content: 'Unrecorded question' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toMatch(/replay\/small: no recorded output for id "b" or prompt "Unrecorded question" in .*small\.json/);
    await expect(resolveLanguageModel('replay/absent', { replay: { dir } }).generate({ messages: [{ role: 'user', content: 'x' }] })).rejects.toThrow(
      /no recording named "absent"/,
    );
  });

  it('reports the row of a bad record and of a duplicate key', async () => {
    await writeFile(join(dir, 'bad.jsonl'), jsonl([{ id: 'a', output: 'x' }, { output: 'no key' }]));
    const error = await resolveLanguageModel('replay/bad', { replay: { dir } })
      .generate({ id: 'a', messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ row: 2 });

    await writeFile(join(dir, 'dup.jsonl'), jsonl([{ id: 'a', output: 'x' }, { id: 'a', output: 'y' }]));
    await expect(
      resolveLanguageModel('replay/dup', { replay: { dir } }).generate({ id: 'a', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toThrow(/row 2: duplicate id "a"/);
  });

  it('accepts a file path as the name, eval-runner rows, and tool calls; streams like a live model', async () => {
    await writeFile(
      join(dir, 'run.jsonl'),
      jsonl([
        { caseId: 'weather-1', output: '', toolCalls: [{ toolName: 'weather', input: { location: 'Oslo' } }], inputTokens: 30, outputTokens: 9 },
      ]),
    );
    const model = resolveLanguageModel(`replay/${join(dir, 'run.jsonl')}`);
    const result = await collectStream(model.stream({ id: 'weather-1', messages: [{ role: 'user', content: 'Weather in Oslo?' }] }));
    expect(result.toolCalls).toEqual([{ toolCallId: 'call_0', toolName: 'weather', input: '{"location":"Oslo"}' }]);
    expect(result.finishReason).toBe('tool-calls');
    expect(result.usage).toEqual({ inputTokens: 30, outputTokens: 9 });
  });

  it('replays a recorded live answer exactly as the live model gave it', async () => {
    upstream.on('POST /v1/chat/completions', reply.json(readJson(fixture('openai-compatible/xai-tool-call.json'))));
    const live = createOpenAICompatible({ name: 'xai', baseURL: `${upstream.url}/v1`, apiKey: 'k' }).languageModel('grok-3-mini');
    const request = { id: 'tool-case', messages: [{ role: 'user' as const, content: 'Weather in San Francisco?' }] };
    const answer = await live.generate(request);
    const replayed = await resolveLanguageModel('replay/recorded', {
      replay: {
        records: {
          recorded: [
            { id: request.id, output: answer.text, toolCalls: answer.toolCalls, finishReason: answer.finishReason, usage: answer.usage, latencyMs: answer.latencyMs },
          ],
        },
      },
    }).generate(request);
    expect({ ...replayed, responseModelId: undefined, reasoning: undefined, rawFinishReason: undefined, responseId: undefined }).toEqual({
      ...answer,
      responseModelId: undefined,
      reasoning: undefined,
      rawFinishReason: undefined,
      responseId: undefined,
    });
    expect(replayed.usage).toMatchObject({ reasoningTokens: 255, cachedInputTokens: 244 });
  });
});
