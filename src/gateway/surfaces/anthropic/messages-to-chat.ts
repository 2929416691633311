/**
 * An Anthropic Messages request → the Chat Completions request an OpenAI-compatible upstream takes.
 *
 * Carried over: `system` (one system message), every turn (text, images as `image_url` parts with data URLs,
 * PDF documents as `file` parts, text documents as text), `tool_use` blocks as the assistant's `tool_calls`,
 * `tool_result` blocks as `tool` messages (images a tool returned follow in a user message), tools, tool_choice,
 * `disable_parallel_tool_use`, `max_tokens`, `stop_sequences`, `temperature`, `top_p`, `metadata.user_id`.
 * Left out on purpose: `thinking` blocks of earlier turns (their signatures mean nothing to another model),
 * `cache_control` hints, `top_k` (not a Chat Completions field; OpenAI refuses it), `thinking` itself (an open
 * model reasons or not on its own; its reasoning is shown as thinking blocks when the request enables them).
 * Refused with a 400 naming the field: server tools, images and documents by `file_id` or document URLs (the
 * gateway has no file store and Chat Completions no document URLs).
 */
import { ValidationError } from '../../../errors.js';
import type { ChatContentPart, ChatMessage, ChatTool, ChatToolCall, ChatToolChoice } from '../../../providers/index.js';
import type { ChatRequest } from '../../request/chat-request.js';
import type { AnthropicTool, ContentBlock, CountTokensRequest, DocumentBlock, ImageBlock, MessagesRequest, ToolResultBlock } from './messages-request.js';

function imagePart(block: ImageBlock, where: string): ChatContentPart {
  const source = block.source;
  if (source.type === 'base64') return { type: 'image_url', image_url: { url: `data:${source.media_type};base64,${source.data}` } };
  if (source.type === 'url') return { type: 'image_url', image_url: { url: source.url } };
  throw new ValidationError(`${where}.source: images by file_id are not supported by this gateway; send base64 data or a URL`, `${where}.source`);
}

function documentPart(block: DocumentBlock, where: string): ChatContentPart {
  const source = block.source;
  const title = block.title ?? undefined;
  switch (source.type) {
    case 'base64':
      return { type: 'file', file: { file_data: `data:${source.media_type};base64,${source.data}`, ...(title === undefined ? {} : { filename: title }) } };
    case 'text':
      return { type: 'text', text: title === undefined ? source.data : `${title}\n\n${source.data}` };
    case 'content': {
      const text = typeof source.content === 'string' ? source.content : source.content.map((part) => (typeof part.text === 'string' ? part.text : '')).join('\n');
      return { type: 'text', text };
    }
    default:
      throw new ValidationError(`${where}.source: documents by ${source.type} are not supported by this gateway; send base64 data or text`, `${where}.source`);
  }
}

/** The parts of a user turn other than tool results. */
function userPart(block: ContentBlock, where: string): ChatContentPart | undefined {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'image':
      return imagePart(block, where);
    case 'document':
      return documentPart(block, where);
    case 'thinking':
    case 'redacted_thinking':
      return undefined;
    default:
      throw new ValidationError(`${where}: a ${block.type} block belongs in an assistant turn`, where);
  }
}

/** A tool result → its `tool` message, plus the images it returned (Chat Completions tool messages are text). */
function toolResult(block: ToolResultBlock, where: string, out: ChatMessage[], images: ChatContentPart[]): void {
  let text = '';
  if (typeof block.content === 'string') text = block.content;
  else if (block.content !== undefined) {
    block.content.forEach((part, index) => {
      const partWhere = `${where}.content[${index}]`;
      if (part.type === 'text') text += text === '' ? part.text : `\n${part.text}`;
      else if (part.type === 'image') images.push(imagePart(part, partWhere));
      else images.push(documentPart(part, partWhere));
    });
  }
  out.push({ role: 'tool', tool_call_id: block.tool_use_id, content: text });
}

function userTurn(content: string | ContentBlock[], where: string, out: ChatMessage[]): void {
  if (typeof content === 'string') {
    out.push({ role: 'user', content });
    return;
  }
  const parts: ChatContentPart[] = [];
  const images: ChatContentPart[] = [];
  content.forEach((block, index) => {
    const blockWhere = `${where}.content[${index}]`;
    if (block.type === 'tool_result') toolResult(block, blockWhere, out, images);
    else {
      const part = userPart(block, blockWhere);
      if (part !== undefined) parts.push(part);
    }
  });
  if (images.length > 0) out.push({ role: 'user', content: [{ type: 'text', text: 'Images and documents the tools returned:' }, ...images] });
  if (parts.length === 0) return;
  const [only] = parts;
  out.push({ role: 'user', content: parts.length === 1 && only?.type === 'text' ? (only as { text: string }).text : parts });
}

function assistantTurn(content: string | ContentBlock[], where: string, out: ChatMessage[]): void {
  if (typeof content === 'string') {
    out.push({ role: 'assistant', content });
    return;
  }
  let text = '';
  const toolCalls: ChatToolCall[] = [];
  content.forEach((block, index) => {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'tool_use') {
      toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input) } });
    } else if (block.type !== 'thinking' && block.type !== 'redacted_thinking') {
      throw new ValidationError(`${where}.content[${index}]: a ${block.type} block belongs in a user turn`, `${where}.content[${index}]`);
    }
  });
  if (text === '' && toolCalls.length === 0) return; // a turn of thinking only
  out.push({ role: 'assistant', content: text === '' ? null : text, ...(toolCalls.length === 0 ? {} : { tool_calls: toolCalls }) });
}

function chatTool(tool: AnthropicTool, index: number): ChatTool {
  if (tool.type !== undefined && tool.type !== 'custom') {
    throw new ValidationError(
      `tools[${index}]: "${tool.type}" is an Anthropic server tool; only tools the client runs (name, description, input_schema) can be offered to this model`,
      `tools[${index}].type`,
    );
  }
  return {
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: (tool.input_schema as Record<string, unknown> | undefined) ?? { type: 'object', properties: {} },
    },
  };
}

/** `system`, the turns and the tools of a request, as Chat Completions messages and tools. */
export function toChatPrompt(request: CountTokensRequest): { messages: ChatMessage[]; tools: ChatTool[] | undefined } {
  const messages: ChatMessage[] = [];
  const system = request.system;
  if (typeof system === 'string' && system !== '') messages.push({ role: 'system', content: system });
  else if (Array.isArray(system) && system.length > 0) messages.push({ role: 'system', content: system.map((block) => block.text).join('\n\n') });
  request.messages.forEach((message, index) => {
    const where = `messages[${index}]`;
    if (message.role === 'user') userTurn(message.content, where, messages);
    else assistantTurn(message.content, where, messages);
  });
  const tools = request.tools === undefined || request.tools.length === 0 ? undefined : request.tools.map(chatTool);
  return { messages, tools };
}

function toolChoiceOf(request: MessagesRequest): { tool_choice?: ChatToolChoice; parallel_tool_calls?: boolean } {
  const choice = request.tool_choice;
  if (choice === undefined) return {};
  const mapped: ChatToolChoice =
    choice.type === 'auto' ? 'auto' : choice.type === 'any' ? 'required' : choice.type === 'none' ? 'none' : { type: 'function', function: { name: choice.name } };
  const noParallel = choice.type !== 'none' && choice.disable_parallel_tool_use === true;
  return { tool_choice: mapped, ...(noParallel ? { parallel_tool_calls: false } : {}) };
}

/**
 * The Chat Completions request for an Anthropic Messages request. `model` is the client's (routing replaces
 * it); a stream asks for usage in its last chunk, which the translated stream reports in `message_delta`.
 */
export function messagesToChat(request: MessagesRequest): ChatRequest {
  const { messages, tools } = toChatPrompt(request);
  if (messages.length === 0) throw new ValidationError('messages: nothing to send (every turn was empty)', 'messages');
  const userId = request.metadata?.user_id;
  const stream = request.stream === true;
  return {
    model: request.model,
    messages,
    max_tokens: request.max_tokens,
    ...(tools === undefined ? {} : { tools, ...toolChoiceOf(request) }),
    ...(request.stop_sequences === undefined || request.stop_sequences.length === 0 ? {} : { stop: request.stop_sequences }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.top_p === undefined ? {} : { top_p: request.top_p }),
    ...(typeof userId === 'string' && userId !== '' ? { user: userId } : {}),
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
}
