/**
 * The OpenAI Chat Completions message, declared once: roles, content parts (text, images, audio, files,
 * refusals), the assistant's tool calls and the tool results that answer them. Objects are loose (fields this
 * schema does not name pass through untouched, as OpenAI-compatible servers add their own), but every field it
 * names is checked. Content parts of a type OpenAI does not document (`video_url` on vLLM, …) pass through as
 * long as they carry a `type`.
 *
 * `contentText` is the one way to read the text out of a message's content.
 */
import { z } from 'zod';
import { choose, stringOr, typeOf } from './schema-choice.js';

export const chatTextPartSchema = z.looseObject({ type: z.literal('text'), text: z.string() });
export const chatImagePartSchema = z.looseObject({
  type: z.literal('image_url'),
  /** An http(s) URL or a `data:<media type>;base64,<data>` URL. */
  image_url: z.looseObject({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
});
export const chatAudioPartSchema = z.looseObject({
  type: z.literal('input_audio'),
  input_audio: z.looseObject({ data: z.string(), format: z.string().min(1) }),
});
export const chatFilePartSchema = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({ file_data: z.string().optional(), file_id: z.string().optional(), filename: z.string().optional() }),
});
export const chatRefusalPartSchema = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

export const CHAT_PART_TYPES = ['text', 'image_url', 'input_audio', 'file', 'refusal'] as const;
const knownPartTypes: ReadonlySet<string> = new Set(CHAT_PART_TYPES);

const knownPartSchema = z.discriminatedUnion('type', [
  chatTextPartSchema,
  chatImagePartSchema,
  chatAudioPartSchema,
  chatFilePartSchema,
  chatRefusalPartSchema,
]);
/** A part type OpenAI does not document, passed through to servers that know it. */
const otherPartSchema = z.looseObject({
  type: z.string().min(1).refine((type) => !knownPartTypes.has(type), { message: 'a known part type with the wrong fields' }),
});
/** Known types are checked field by field; any other `type` passes through. */
export const chatContentPartSchema = choose<z.infer<typeof knownPartSchema> | z.infer<typeof otherPartSchema>>((value) => {
  const type = typeOf(value);
  return typeof type === 'string' && knownPartTypes.has(type) ? knownPartSchema : otherPartSchema;
});
export type ChatContentPart = z.infer<typeof chatContentPartSchema>;
const chatAssistantPartSchema = choose<ChatTextPart | z.infer<typeof chatRefusalPartSchema>>((value) =>
  typeOf(value) === 'refusal' ? chatRefusalPartSchema : chatTextPartSchema,
);
export type ChatTextPart = z.infer<typeof chatTextPartSchema>;
export type ChatImagePart = z.infer<typeof chatImagePartSchema>;

export const chatToolCallSchema = z.looseObject({
  id: z.string().min(1),
  type: z.literal('function'),
  /** `arguments` is the JSON text the model produced (it may be invalid JSON). */
  function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
});
export type ChatToolCall = z.infer<typeof chatToolCallSchema>;

const textContent = stringOr(z.array(chatTextPartSchema));
const name = z.string().optional();

export const chatMessageSchema = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content: textContent, name }),
  z.looseObject({ role: z.literal('developer'), content: textContent, name }),
  z.looseObject({ role: z.literal('user'), content: stringOr(z.array(chatContentPartSchema)), name }),
  z.looseObject({
    role: z.literal('assistant'),
    content: stringOr(z.array(chatAssistantPartSchema)).nullable().optional(),
    refusal: z.string().nullable().optional(),
    tool_calls: z.array(chatToolCallSchema).optional(),
    name,
  }),
  z.looseObject({ role: z.literal('tool'), content: textContent, tool_call_id: z.string().min(1) }),
  /** Deprecated by OpenAI (use `tool`), still sent by old clients. */
  z.looseObject({ role: z.literal('function'), content: z.string().nullable(), name: z.string().min(1) }),
]);
export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type ChatRole = ChatMessage['role'];
export type ChatContent = ChatMessage['content'];

/** A function tool offered to the model. */
export const chatToolSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().optional(),
    /** A JSON Schema object. */
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullable().optional(),
  }),
});
export type ChatTool = z.infer<typeof chatToolSchema>;

export type ChatToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

/** `response_format` as Chat Completions takes it. */
export type ChatResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; schema?: Record<string, unknown>; description?: string; strict?: boolean | null } };

/**
 * The text of a message's content: a string as is, or the text parts joined by newlines (images, audio,
 * files and parts of unknown types carry no text). Refusal parts are text the model wrote, so they count.
 */
export function contentText(content: ChatContent | readonly ChatContentPart[] | null | undefined): string {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  let out = '';
  let first = true;
  for (const part of content) {
    let text: unknown;
    if (part.type === 'text') text = part.text;
    else if (part.type === 'refusal') text = (part as { refusal?: unknown }).refusal;
    if (typeof text !== 'string') continue;
    out += first ? text : `\n${text}`;
    first = false;
  }
  return out;
}
