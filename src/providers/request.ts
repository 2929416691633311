/**
 * What a caller asks of a model, independent of any one provider's wire format. The zod schemas are the
 * source of truth (use `parseGenerateRequest` at boundaries); the TypeScript types are inferred from them.
 */
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { parseOrThrow } from '../kernel/index.js';

export const textPartSchema = z.object({ type: z.literal('text'), text: z.string() });

/** `url` is an http(s) URL or a `data:<media type>;base64,<data>` URL (see `imageDataUrl`). */
export const imagePartSchema = z.object({
  type: z.literal('image'),
  url: z.string().min(1),
  mediaType: z.string().optional(),
});

/** A tool call the assistant made earlier in the conversation. `input` is the JSON text of the arguments. */
export const toolCallPartSchema = z.object({
  type: z.literal('tool-call'),
  toolCallId: z.string(),
  toolName: z.string(),
  input: z.string(),
});

export const toolResultPartSchema = z.object({
  type: z.literal('tool-result'),
  toolCallId: z.string(),
  toolName: z.string(),
  output: z.string(),
  isError: z.boolean().optional(),
});

export const messageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string() }),
  z.object({
    role: z.literal('user'),
    content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textPartSchema, imagePartSchema]))]),
  }),
  z.object({
    role: z.literal('assistant'),
    content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textPartSchema, toolCallPartSchema]))]),
  }),
  z.object({ role: z.literal('tool'), content: z.array(toolResultPartSchema) }),
]);

/** A JSON Schema document (an object); produce one from zod with `z.toJSONSchema(schema)`. */
export const jsonSchemaObjectSchema = z.record(z.string(), z.unknown());

export const toolSchema = z.object({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'tool names are 1-64 letters, digits, _ or -'),
  description: z.string().optional(),
  inputSchema: jsonSchemaObjectSchema,
});

export const toolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required']),
  z.object({ type: z.literal('tool'), toolName: z.string() }),
]);

export const responseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({
    type: z.literal('json'),
    schema: jsonSchemaObjectSchema.optional(),
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/).optional(),
    description: z.string().optional(),
    strict: z.boolean().optional(),
  }),
]);

export const generateRequestSchema = z.object({
  /** An identifier for this request (an eval case id); only the replay provider reads it. */
  id: z.string().optional(),
  messages: z.array(messageSchema).min(1),
  tools: z.array(toolSchema).optional(),
  toolChoice: toolChoiceSchema.optional(),
  responseFormat: responseFormatSchema.optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().positive().optional(),
  stop: z.array(z.string()).optional(),
  seed: z.number().int().optional(),
});

export type TextPart = z.infer<typeof textPartSchema>;
export type ImagePart = z.infer<typeof imagePartSchema>;
export type ToolCallPart = z.infer<typeof toolCallPartSchema>;
export type ToolResultPart = z.infer<typeof toolResultPartSchema>;
export type Message = z.infer<typeof messageSchema>;
export type UserMessage = Extract<Message, { role: 'user' }>;
export type AssistantMessage = Extract<Message, { role: 'assistant' }>;
export type JsonSchemaObject = z.infer<typeof jsonSchemaObjectSchema>;
export type Tool = z.infer<typeof toolSchema>;
export type ToolChoice = z.infer<typeof toolChoiceSchema>;
export type ResponseFormat = z.infer<typeof responseFormatSchema>;
export type GenerateRequest = z.infer<typeof generateRequestSchema>;

/** Validates an untrusted request (a file, an HTTP body); throws ValidationError naming the first bad field. */
export function parseGenerateRequest(value: unknown): GenerateRequest {
  return parseOrThrow(generateRequestSchema, value, (issue) => new ValidationError(`invalid request at ${issue.text}`, issue.field, { cause: issue.error }));
}

/** Builds a `data:` URL for an image part from raw bytes. */
export function imageDataUrl(bytes: Uint8Array, mediaType: string): string {
  return `data:${mediaType};base64,${Buffer.from(bytes).toString('base64')}`;
}

/** Splits a `data:<type>;base64,<data>` URL; undefined for any other URL. */
export function splitDataUrl(url: string): { mediaType: string; base64: string } | undefined {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (match === null) return undefined;
  return { mediaType: match[1] ?? 'application/octet-stream', base64: match[2] ?? '' };
}

/** The plain text of a message's content (text parts joined; images and tool parts skipped). */
export function messageText(message: Message): string {
  if (typeof message.content === 'string') return message.content;
  const texts: string[] = [];
  for (const part of message.content) if (part.type === 'text') texts.push(part.text);
  return texts.join('\n');
}

/** The text of the last user message: the "prompt" a replay file is keyed by. */
export function lastUserText(request: GenerateRequest): string | undefined {
  for (let index = request.messages.length - 1; index >= 0; index--) {
    const message = request.messages[index];
    if (message?.role === 'user') return messageText(message);
  }
  return undefined;
}
