/**
 * The chat-completions request body as the gateway sees it: validated with zod (only the fields the gateway
 * reads or that a bad value of would surely fail upstream; everything else is passed through untouched), plus
 * the features routing rules and budgets need.
 */
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';
import { chatMessageSchema, contentText } from '../../providers/index.js';

const tool = z.looseObject({
  type: z.string().min(1),
  function: z.looseObject({ name: z.string().min(1) }).optional(),
});
const positiveInt = z.number().int().positive().nullable().optional();

/** Model names are short ids; a longer one is a mistake or a probe (it would also be a label and a map key). */
const modelName = z.string().min(1).max(256);

export const chatRequestSchema = z.looseObject({
  model: modelName,
  /** The canonical Chat Completions message (src/providers/chat-message.ts), checked field by field. */
  messages: z.array(chatMessageSchema).min(1),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  max_tokens: positiveInt,
  max_completion_tokens: positiveInt,
  n: positiveInt,
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  tools: z.array(tool).optional(),
  response_format: z
    .looseObject({
      type: z.enum(['text', 'json_object', 'json_schema']),
      json_schema: z.looseObject({ name: z.string().min(1) }).optional(),
    })
    .nullable()
    .optional(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

export const embeddingsRequestSchema = z.looseObject({
  model: modelName,
  input: z.union([z.string(), z.array(z.string()), z.array(z.number()), z.array(z.array(z.number()))]),
});
export type EmbeddingsRequest = z.infer<typeof embeddingsRequestSchema>;

/** What routing rules and budget reservations look at. */
export interface RequestFeatures {
  /** A rough estimate (characters / 4) used by routing rules. */
  promptTokens: number;
  /** An upper bound on prompt tokens (the body's byte length: a BPE token is at least one byte). */
  promptTokensBound: number;
  /** An upper bound on completion tokens when the request sets one; else undefined. */
  maxOutputTokens: number | undefined;
  hasImages: boolean;
  hasTools: boolean;
  jsonOutput: boolean;
  stream: boolean;
  /** The client asked for the usage chunk (`stream_options.include_usage`). */
  clientWantsUsage: boolean;
}

/**
 * How deep objects and arrays may nest in a request body. Real requests stay far below (a JSON schema in
 * `response_format` rarely passes 20); the limit keeps recursive work on the body (serialising it upstream,
 * the cache's canonical form) from running out of stack on a hostile one.
 */
export const MAX_JSON_DEPTH = 128;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The deepest nesting of objects and arrays in JSON text (strings skipped), stopping once past `limit`. */
export function jsonDepthExceeds(bytes: Uint8Array, limit: number): boolean {
  // each level takes two bytes: a shorter text cannot nest deeper than half its length
  if (bytes.length <= 2 * limit) return false;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    if (inString) {
      if (byte === BACKSLASH) index++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** Parses JSON bytes; a body that is not a JSON object, or nests deeper than MAX_JSON_DEPTH, is a 400. */
export function parseJsonBody(bytes: Buffer): unknown {
  if (bytes.length === 0) throw new ValidationError('The request body is empty; expected a JSON object.', 'body');
  if (jsonDepthExceeds(bytes, MAX_JSON_DEPTH)) {
    throw new ValidationError(`The request body nests objects or arrays more than ${MAX_JSON_DEPTH} deep.`, 'body');
  }
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ValidationError('The request body is not valid JSON.', 'body');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError('The request body must be a JSON object.', 'body');
  }
  return value;
}

export function validateBody<T>(schema: z.ZodType<T>, value: unknown): T {
  return parseOrThrow(schema, value, (issue) => new ValidationError(`Invalid value for '${issue.field}': ${issue.message}`, issue.field, { cause: issue.error }));
}

export function chatFeatures(request: ChatRequest, bodyBytes: number): RequestFeatures {
  let characters = 0;
  let hasImages = false;
  for (const entry of request.messages) {
    const content = entry.content;
    characters += contentText(content).length;
    if (entry.role === 'user' && Array.isArray(content)) {
      for (const part of content) if (part.type === 'image_url' || part.type === 'input_image' || part.type === 'image') hasImages = true;
    }
  }
  const maxTokens = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  const choices = request.n ?? 1;
  const format = request.response_format?.type;
  return {
    promptTokens: Math.ceil(characters / 4),
    promptTokensBound: bodyBytes,
    maxOutputTokens: maxTokens === undefined ? undefined : maxTokens * choices,
    hasImages,
    hasTools: request.tools !== undefined && request.tools.length > 0,
    jsonOutput: format === 'json_object' || format === 'json_schema',
    stream: request.stream === true,
    clientWantsUsage: request.stream_options?.include_usage === true,
  };
}
