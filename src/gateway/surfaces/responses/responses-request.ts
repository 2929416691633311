/**
 * The OpenAI Responses request (`POST /v1/responses`), validated with zod. Objects are loose: fields OpenAI
 * adds later pass validation; `responses-to-chat.ts` says what the translation carries over and what it
 * refuses.
 */
import { z } from 'zod';
import { choose, stringOr, typeOf } from '../../../providers/index.js';

const detail = z.enum(['low', 'high', 'auto']).optional();

export const inputTextSchema = z.looseObject({ type: z.literal('input_text'), text: z.string() });
export const inputImageSchema = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.string().min(1).nullable().optional(),
  file_id: z.string().min(1).nullable().optional(),
  detail,
});
export const inputFileSchema = z.looseObject({
  type: z.literal('input_file'),
  file_data: z.string().optional(),
  file_id: z.string().nullable().optional(),
  file_url: z.string().optional(),
  filename: z.string().optional(),
});
export const outputTextSchema = z.looseObject({ type: z.literal('output_text'), text: z.string() });
export const refusalSchema = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

export const inputContentSchema = z.discriminatedUnion('type', [inputTextSchema, inputImageSchema, inputFileSchema, outputTextSchema, refusalSchema]);
export type InputContent = z.infer<typeof inputContentSchema>;

/** A message item: `{role, content}` (the "easy" form, `type` optional) or `{type: "message", …}`. */
export const messageItemSchema = z.looseObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: stringOr(z.array(inputContentSchema)),
});
export const functionCallItemSchema = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});
export const functionCallOutputItemSchema = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1),
  output: stringOr(z.array(inputContentSchema)),
});
/** Reasoning an earlier response returned; another model cannot use it, so it is dropped. */
export const reasoningItemSchema = z.looseObject({ type: z.literal('reasoning') });
/** A reference to an item of a stored response (needs the response store). */
export const itemReferenceSchema = z.looseObject({ type: z.literal('item_reference'), id: z.string().min(1) });
/** Built-in tools' items (web search, file search, computer use, …): refused by the translation, which names them. */
export const otherItemSchema = z.looseObject({ type: z.string().min(1) });

export type MessageItem = z.infer<typeof messageItemSchema>;
export type FunctionCallItem = z.infer<typeof functionCallItemSchema>;
export type FunctionCallOutputItem = z.infer<typeof functionCallOutputItemSchema>;
export type InputItem =
  | MessageItem
  | FunctionCallItem
  | FunctionCallOutputItem
  | z.infer<typeof reasoningItemSchema>
  | z.infer<typeof itemReferenceSchema>
  | z.infer<typeof otherItemSchema>;

const ITEM_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  message: messageItemSchema,
  function_call: functionCallItemSchema,
  function_call_output: functionCallOutputItemSchema,
  reasoning: reasoningItemSchema,
  item_reference: itemReferenceSchema,
};

/** An input item, checked by the schema its `type` names (no type and a role: a message), issues kept precise. */
export const inputItemSchema = choose<InputItem>((value) => {
  const type = typeOf(value);
  return type === undefined ? messageItemSchema : typeof type === 'string' ? (ITEM_SCHEMAS[type] ?? otherItemSchema) : otherItemSchema;
});

/** A function tool (the Responses form: name at the top level). Built-in tools are refused by the translation. */
export const toolSchema = z.looseObject({
  type: z.string().min(1),
  name: z.string().min(1).optional(),
  description: z.string().nullable().optional(),
  parameters: z.record(z.string(), z.unknown()).nullable().optional(),
  strict: z.boolean().nullable().optional(),
});
export type ResponsesTool = z.infer<typeof toolSchema>;

export const toolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), name: z.string().min(1) }),
  z.looseObject({ type: z.string().min(1) }),
]);

export const textFormatSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'names are 1-64 letters, digits, _ or -'),
    schema: z.record(z.string(), z.unknown()),
    description: z.string().optional(),
    strict: z.boolean().nullable().optional(),
  }),
]);
export type TextFormat = z.infer<typeof textFormatSchema>;

export const responsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: stringOr(z.array(inputItemSchema)),
  instructions: z.string().nullable().optional(),
  tools: z.array(toolSchema).optional(),
  tool_choice: toolChoiceSchema.optional(),
  parallel_tool_calls: z.boolean().nullable().optional(),
  text: z.looseObject({ format: textFormatSchema.optional() }).nullable().optional(),
  max_output_tokens: z.number().int().positive().nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  stream: z.boolean().nullable().optional(),
  /** Keep the response for `previous_response_id` (parity's default is false: stateless). */
  store: z.boolean().nullable().optional(),
  previous_response_id: z.string().min(1).nullable().optional(),
  reasoning: z.looseObject({ effort: z.string().nullable().optional() }).nullable().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  user: z.string().optional(),
  safety_identifier: z.string().optional(),
  background: z.boolean().nullable().optional(),
  conversation: z.unknown().optional(),
  truncation: z.enum(['auto', 'disabled']).nullable().optional(),
});
export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;
