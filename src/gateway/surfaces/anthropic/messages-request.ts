/**
 * The Anthropic Messages request (`POST /v1/messages`, and `/v1/messages/count_tokens` without `max_tokens`),
 * validated with zod. Objects are loose: fields Anthropic adds later (betas, cache hints) pass validation and
 * are ignored by the translation, which says in `messages-to-chat.ts` what it carries over and what it refuses.
 */
import { z } from 'zod';
import { stringOr } from '../../../providers/index.js';

const cacheControl = z.looseObject({ type: z.string() }).nullable().optional();

export const textBlockSchema = z.looseObject({ type: z.literal('text'), text: z.string(), cache_control: cacheControl });

const imageSourceSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('base64'),
    media_type: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']),
    data: z.string().min(1),
  }),
  z.looseObject({ type: z.literal('url'), url: z.string().min(1) }),
  z.looseObject({ type: z.literal('file'), file_id: z.string().min(1) }),
]);
export const imageBlockSchema = z.looseObject({ type: z.literal('image'), source: imageSourceSchema, cache_control: cacheControl });

const documentSourceSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('base64'), media_type: z.literal('application/pdf'), data: z.string().min(1) }),
  z.looseObject({ type: z.literal('text'), media_type: z.literal('text/plain').optional(), data: z.string() }),
  z.looseObject({ type: z.literal('content'), content: stringOr(z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))) }),
  z.looseObject({ type: z.literal('url'), url: z.string().min(1) }),
  z.looseObject({ type: z.literal('file'), file_id: z.string().min(1) }),
]);
export const documentBlockSchema = z.looseObject({
  type: z.literal('document'),
  source: documentSourceSchema,
  title: z.string().nullable().optional(),
  context: z.string().nullable().optional(),
  cache_control: cacheControl,
});

export const toolUseBlockSchema = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  cache_control: cacheControl,
});

export const toolResultBlockSchema = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: stringOr(z.array(z.discriminatedUnion('type', [textBlockSchema, imageBlockSchema, documentBlockSchema]))).optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl,
});

export const thinkingBlockSchema = z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() });
export const redactedThinkingBlockSchema = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });

export const contentBlockSchema = z.discriminatedUnion('type', [
  textBlockSchema,
  imageBlockSchema,
  documentBlockSchema,
  toolUseBlockSchema,
  toolResultBlockSchema,
  thinkingBlockSchema,
  redactedThinkingBlockSchema,
]);
export type ContentBlock = z.infer<typeof contentBlockSchema>;
export type ImageBlock = z.infer<typeof imageBlockSchema>;
export type DocumentBlock = z.infer<typeof documentBlockSchema>;
export type ToolResultBlock = z.infer<typeof toolResultBlockSchema>;

export const messageParamSchema = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: stringOr(z.array(contentBlockSchema)),
});
export type MessageParam = z.infer<typeof messageParamSchema>;

/**
 * A tool the client runs (`type` absent or `custom`). Anthropic's server tools (`web_search_…`, `bash_…`,
 * `text_editor_…`, …) carry another `type`; they pass this schema and are refused by the translation, which
 * names them.
 */
export const toolSchema = z.looseObject({
  type: z.string().optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  input_schema: z.looseObject({ type: z.string() }).optional(),
});
export type AnthropicTool = z.infer<typeof toolSchema>;

const disableParallel = z.boolean().optional();
export const toolChoiceSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('auto'), disable_parallel_tool_use: disableParallel }),
  z.looseObject({ type: z.literal('any'), disable_parallel_tool_use: disableParallel }),
  z.looseObject({ type: z.literal('tool'), name: z.string().min(1), disable_parallel_tool_use: disableParallel }),
  z.looseObject({ type: z.literal('none') }),
]);

export const thinkingSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('enabled'), budget_tokens: z.number().int().positive() }),
  z.looseObject({ type: z.literal('disabled') }),
  z.looseObject({ type: z.literal('adaptive') }),
]);

const fields = {
  model: z.string().min(1),
  messages: z.array(messageParamSchema).min(1),
  system: stringOr(z.array(textBlockSchema)).optional(),
  tools: z.array(toolSchema).optional(),
  tool_choice: toolChoiceSchema.optional(),
  thinking: thinkingSchema.optional(),
};

export const messagesRequestSchema = z.looseObject({
  ...fields,
  max_tokens: z.number().int().positive(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().nonnegative().optional(),
  metadata: z.looseObject({ user_id: z.string().nullable().optional() }).optional(),
});
export type MessagesRequest = z.infer<typeof messagesRequestSchema>;

/** `POST /v1/messages/count_tokens`: the prompt side of a messages request. */
export const countTokensRequestSchema = z.looseObject(fields);
export type CountTokensRequest = z.infer<typeof countTokensRequestSchema>;
