/**
 * The replay provider: answers from recorded outputs instead of a live model, so recorded answers are graded
 * exactly like a live run. `replay/<name>` finds its records in `records[name]`, `files[name]`, the file
 * `<name>` itself when it ends in .json/.jsonl, or `<dir>/<name>.jsonl|.json`. A request with no recording
 * fails with NotFoundError. An answer's latency is the one recorded with it, else unknown (`undefined`): a replay
 * measures nothing.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { NotFoundError } from '../../errors.js';
import { excerpt } from '../json.js';
import type { CallOptions, GenerateResult, LanguageModel, Provider, StreamPart } from '../language-model.js';
import { type GenerateRequest, lastUserText } from '../request.js';
import { type ReplayIndex, type ReplayRecordInput, indexRecords, loadReplayFile } from './records.js';

export interface ReplaySettings {
  /** Recording name → file path. */
  files?: Readonly<Record<string, string>>;
  /** Folder searched for `<name>.jsonl` / `<name>.json`, and base for relative paths. */
  dir?: string;
  /** In-memory recordings by name. */
  records?: Readonly<Record<string, readonly ReplayRecordInput[]>>;
}

function locate(name: string, settings: ReplaySettings): string {
  const base = settings.dir ?? process.cwd();
  const mapped = settings.files?.[name];
  if (mapped !== undefined) return isAbsolute(mapped) ? mapped : resolve(base, mapped);
  if (/\.jsonl?$/.test(name)) return isAbsolute(name) ? name : resolve(base, name);
  const tried: string[] = [];
  if (settings.dir !== undefined) {
    for (const extension of ['.jsonl', '.json']) {
      const candidate = join(settings.dir, `${name}${extension}`);
      if (existsSync(candidate)) return candidate;
      tried.push(candidate);
    }
  }
  throw new NotFoundError(
    `replay/${name}: no recording named "${name}"` +
      (tried.length > 0 ? ` (looked for ${tried.join(', ')})` : '; give a file path (replay/<file>.jsonl) or set a replay dir'),
  );
}

function createReplayModel(name: string, load: () => Promise<ReplayIndex>): LanguageModel {
  async function find(request: GenerateRequest) {
    const index = await load();
    const prompt = lastUserText(request);
    const record =
      (request.id === undefined ? undefined : index.byId.get(request.id)) ??
      (prompt === undefined ? undefined : index.byPrompt.get(prompt));
    if (record === undefined) {
      const keys = [request.id === undefined ? undefined : `id "${request.id}"`, prompt === undefined ? undefined : `prompt "${excerpt(prompt)}"`]
        .filter((key) => key !== undefined)
        .join(' or ');
      throw new NotFoundError(`replay/${name}: no recorded output for ${keys || 'this request'} in ${index.source}`);
    }
    return record;
  }

  async function generate(request: GenerateRequest, options: CallOptions = {}): Promise<GenerateResult> {
    options.signal?.throwIfAborted();
    const record = await find(request);
    return {
      text: record.output,
      reasoning: undefined,
      toolCalls: record.toolCalls.map((call) => ({ ...call })),
      usage: { ...record.usage },
      finishReason: record.finishReason,
      rawFinishReason: undefined,
      responseId: record.responseId,
      responseModelId: name,
      // a replayed answer took no measurable time: its latency is the recorded one, else unknown (never ~0 ms)
      latencyMs: record.latencyMs,
      warnings: [],
    };
  }

  async function* stream(request: GenerateRequest, options: CallOptions = {}): AsyncGenerator<StreamPart> {
    const result = await generate(request, options);
    if (result.text !== '') yield { type: 'text-delta', text: result.text };
    for (const call of result.toolCalls) yield { type: 'tool-call', ...call };
    yield {
      type: 'finish',
      finishReason: result.finishReason,
      rawFinishReason: undefined,
      usage: result.usage,
      responseId: result.responseId,
      responseModelId: result.responseModelId,
      latencyMs: result.latencyMs,
      firstPartMs: undefined,
      warnings: [],
    };
  }

  return { provider: 'replay', modelId: name, generate, stream };
}

export function createReplay(settings: ReplaySettings = {}): Provider {
  const loaded = new Map<string, Promise<ReplayIndex>>();
  const loader = (name: string) => (): Promise<ReplayIndex> => {
    let pending = loaded.get(name);
    if (pending === undefined) {
      const inline = settings.records?.[name];
      pending =
        inline !== undefined
          ? Promise.resolve().then(() => indexRecords(`memory:${name}`, inline.map((value, index) => ({ row: index + 1, value }))))
          : Promise.resolve().then(() => loadReplayFile(locate(name, settings)));
      // a failed load is not cached, so fixing the file and retrying works
      pending.catch(() => loaded.delete(name));
      loaded.set(name, pending);
    }
    return pending;
  };
  return Object.freeze({ name: 'replay', languageModel: (name: string) => createReplayModel(name, loader(name)) });
}
