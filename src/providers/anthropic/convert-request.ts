/** Turns a GenerateRequest into an Anthropic Messages API request body. */
import type { GenerateRequest, ImagePart, Message } from '../request.js';
import { splitDataUrl } from '../request.js';
import { parseToolInput } from '../stream-support.js';

/** The tool Anthropic is forced to call when a JSON answer is asked for (it has no response_format). */
export const JSON_TOOL_NAME = 'json';

export interface MessagesBodyOptions {
  provider: string;
  modelId: string;
  stream: boolean;
  /** Anthropic requires max_tokens; used when the request has none. */
  defaultMaxTokens: number;
}

export interface MessagesBody {
  body: Record<string, unknown>;
  warnings: string[];
  /** True when the answer comes back as the input of the JSON tool. */
  jsonTool: boolean;
}

type Block = Record<string, unknown>;

function imageBlock(part: ImagePart): Block {
  const data = splitDataUrl(part.url);
  if (data !== undefined) {
    return { type: 'image', source: { type: 'base64', media_type: part.mediaType ?? data.mediaType, data: data.base64 } };
  }
  return { type: 'image', source: { type: 'url', url: part.url } };
}

function toBlocks(message: Exclude<Message, { role: 'system' }>, provider: string): Block[] {
  if (typeof message.content === 'string') return message.content === '' ? [] : [{ type: 'text', text: message.content }];
  const blocks: Block[] = [];
  for (const part of message.content) {
    if (part.type === 'text') {
      if (part.text !== '') blocks.push({ type: 'text', text: part.text });
    } else if (part.type === 'image') blocks.push(imageBlock(part));
    else if (part.type === 'tool-call') {
      blocks.push({ type: 'tool_use', id: part.toolCallId, name: part.toolName, input: parseToolInput(provider, part) });
    } else {
      blocks.push({
        type: 'tool_result',
        tool_use_id: part.toolCallId,
        content: part.output,
        ...(part.isError === true ? { is_error: true } : {}),
      });
    }
  }
  return blocks;
}

export function toMessagesBody(request: GenerateRequest, options: MessagesBodyOptions): MessagesBody {
  const warnings: string[] = [];
  const system: string[] = [];
  const messages: Array<{ role: 'user' | 'assistant'; content: Block[] }> = [];
  for (const message of request.messages) {
    if (message.role === 'system') {
      system.push(message.content);
      continue;
    }
    const role = message.role === 'assistant' ? 'assistant' : 'user'; // tool results travel in user turns
    const blocks = toBlocks(message, options.provider);
    const last = messages.at(-1);
    if (last !== undefined && last.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  }

  const body: Record<string, unknown> = {
    model: options.modelId,
    max_tokens: request.maxTokens ?? options.defaultMaxTokens,
    messages,
  };
  if (system.length > 0) body.system = system.join('\n\n');
  const tools: Block[] = (request.tools ?? []).map((tool) => ({
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    input_schema: tool.inputSchema,
  }));
  const choice = request.toolChoice;
  if (choice !== undefined) {
    body.tool_choice =
      typeof choice !== 'string'
        ? { type: 'tool', name: choice.toolName }
        : { type: choice === 'required' ? 'any' : choice };
  }
  let jsonTool = false;
  if (request.responseFormat?.type === 'json') {
    jsonTool = true;
    tools.push({
      name: JSON_TOOL_NAME,
      description: request.responseFormat.description ?? 'Respond with a JSON object.',
      input_schema: request.responseFormat.schema ?? { type: 'object', additionalProperties: true },
    });
    body.tool_choice = { type: 'tool', name: JSON_TOOL_NAME };
  }
  if (tools.length > 0) body.tools = tools;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.stop !== undefined && request.stop.length > 0) body.stop_sequences = request.stop;
  if (request.seed !== undefined) warnings.push(`${options.provider} does not support seed; it was not sent`);
  if (options.stream) body.stream = true;
  return { body, warnings, jsonTool };
}
