/**
 * Recorded model outputs for the replay provider. A file is JSONL (one record a line) or JSON (an array, or
 * `{ "records": [...] }`). A record is found by `id` (an eval case id) or by `prompt` (the text of the last
 * user message). Rows written by the eval runner (`caseId`, `output`, `inputTokens`, `outputTokens`) load as is.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DataError, NotFoundError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';
import { FINISH_REASONS, type FinishReason, type ToolCall, type Usage } from '../language-model.js';
import { safeJsonParse } from '../json.js';

const tokenCount = z.number().int().nonnegative();

const recordInputSchema = z
  .looseObject({
    id: z.string().optional(),
    caseId: z.string().optional(),
    prompt: z.string().optional(),
    output: z.string().optional(),
    text: z.string().optional(),
    toolCalls: z
      .array(
        z.object({
          toolCallId: z.string().optional(),
          toolName: z.string(),
          input: z.union([z.string(), z.record(z.string(), z.unknown())]),
        }),
      )
      .optional(),
    finishReason: z.enum(FINISH_REASONS).optional(),
    usage: z
      .object({
        inputTokens: tokenCount.optional(),
        outputTokens: tokenCount.optional(),
        reasoningTokens: tokenCount.optional(),
        cachedInputTokens: tokenCount.optional(),
      })
      .optional(),
    inputTokens: tokenCount.optional(),
    outputTokens: tokenCount.optional(),
    latencyMs: z.number().nonnegative().optional(),
    responseId: z.string().optional(),
  })
  .refine((record) => record.id !== undefined || record.caseId !== undefined || record.prompt !== undefined, {
    message: 'a record needs an "id" (or "caseId") or a "prompt"',
  })
  .refine((record) => record.output !== undefined || record.text !== undefined || record.toolCalls !== undefined, {
    message: 'a record needs an "output" (or "text") or "toolCalls"',
  });

export interface ReplayRecord {
  id?: string;
  prompt?: string;
  output: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  usage: Usage;
  latencyMs: number | undefined;
  responseId: string | undefined;
}

/** The accepted shape of one record, before normalising (for writers of replay files). */
export type ReplayRecordInput = z.input<typeof recordInputSchema>;

function normalise(input: z.output<typeof recordInputSchema>): ReplayRecord {
  const toolCalls = (input.toolCalls ?? []).map((call, index) => ({
    toolCallId: call.toolCallId ?? `call_${index}`,
    toolName: call.toolName,
    input: typeof call.input === 'string' ? call.input : JSON.stringify(call.input),
  }));
  const record: ReplayRecord = {
    output: input.output ?? input.text ?? '',
    toolCalls,
    finishReason: input.finishReason ?? (toolCalls.length > 0 ? 'tool-calls' : 'stop'),
    usage: {
      inputTokens: input.usage?.inputTokens ?? input.inputTokens,
      outputTokens: input.usage?.outputTokens ?? input.outputTokens,
      ...(input.usage?.reasoningTokens === undefined ? {} : { reasoningTokens: input.usage.reasoningTokens }),
      ...(input.usage?.cachedInputTokens === undefined ? {} : { cachedInputTokens: input.usage.cachedInputTokens }),
    },
    latencyMs: input.latencyMs,
    responseId: input.responseId,
  };
  const id = input.id ?? input.caseId;
  if (id !== undefined) record.id = id;
  if (input.prompt !== undefined) record.prompt = input.prompt;
  return record;
}

export interface ReplayIndex {
  /** Where the records came from (a path, or `memory:<name>`), for messages. */
  readonly source: string;
  readonly byId: ReadonlyMap<string, ReplayRecord>;
  readonly byPrompt: ReadonlyMap<string, ReplayRecord>;
  readonly size: number;
}

/** Validates and indexes records; duplicate ids or prompts are an error (which one would be meant?). */
export function indexRecords(source: string, rows: ReadonlyArray<{ row: number; value: unknown }>): ReplayIndex {
  const byId = new Map<string, ReplayRecord>();
  const byPrompt = new Map<string, ReplayRecord>();
  for (const { row, value } of rows) {
    const record = normalise(parseOrThrow(recordInputSchema, value, (issue) => new DataError(source, row, issue.text)));
    if (record.id !== undefined) {
      if (byId.has(record.id)) throw new DataError(source, row, `duplicate id "${record.id}"`);
      byId.set(record.id, record);
    }
    if (record.prompt !== undefined) {
      if (byPrompt.has(record.prompt)) throw new DataError(source, row, `duplicate prompt "${record.prompt.slice(0, 60)}"`);
      byPrompt.set(record.prompt, record);
    }
  }
  return { source, byId, byPrompt, size: rows.length };
}

/** Reads a `.jsonl` or `.json` replay file. */
export async function loadReplayFile(path: string): Promise<ReplayIndex> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new NotFoundError(`replay file ${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const rows: Array<{ row: number; value: unknown }> = [];
  if (path.endsWith('.jsonl')) {
    for (const [index, line] of text.split('\n').entries()) {
      if (line.trim() === '') continue;
      const parsed = safeJsonParse(line);
      if (!parsed.success) throw new DataError(path, index + 1, `not valid JSON (${parsed.message})`);
      rows.push({ row: index + 1, value: parsed.value });
    }
  } else {
    const parsed = safeJsonParse(text);
    if (!parsed.success) throw new DataError(path, undefined, `not valid JSON (${parsed.message})`);
    const list = Array.isArray(parsed.value) ? parsed.value : z.object({ records: z.array(z.unknown()) }).safeParse(parsed.value).data?.records;
    if (list === undefined) throw new DataError(path, undefined, 'expected an array of records or {"records": [...]}');
    list.forEach((value: unknown, index: number) => rows.push({ row: index + 1, value }));
  }
  return indexRecords(path, rows);
}
