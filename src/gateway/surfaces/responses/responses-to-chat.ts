/**
 * An OpenAI Responses request → the Chat Completions request an OpenAI-compatible upstream takes.
 *
 * Carried over: `instructions` (a system message first), `input` as a string or items — messages (text,
 * images by URL, files by data or id), `function_call` items (the assistant's `tool_calls`; consecutive calls
 * and the assistant text before them make one assistant message), `function_call_output` items (`tool`
 * messages) — function tools, `tool_choice`, `parallel_tool_calls`, `text.format` (→ `response_format`),
 * `max_output_tokens`, `temperature`, `top_p`, `reasoning.effort`, `user`/`safety_identifier`. `developer` and
 * `system` messages become `system` messages (what every OpenAI-compatible server knows).
 * Dropped on purpose: `reasoning` items (another model cannot use them), `metadata`, `truncation`.
 * Refused with a 400 naming the field: built-in tools and their items, images by `file_id`, files by URL,
 * `background`, `conversation`, and `item_reference` / `previous_response_id` without the response store.
 */
import { ValidationError } from '../../../errors.js';
import { contentText, type ChatContentPart, type ChatMessage, type ChatResponseFormat, type ChatTool, type ChatToolCall, type ChatToolChoice } from '../../../providers/index.js';
import type { ChatRequest } from '../../request/chat-request.js';
import type { InputContent, InputItem, ResponsesRequest, ResponsesTool, TextFormat } from './responses-request.js';

function part(content: InputContent, where: string): ChatContentPart {
  switch (content.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: content.text };
    case 'refusal':
      return { type: 'refusal', refusal: content.refusal };
    case 'input_image': {
      if (typeof content.image_url !== 'string') {
        throw new ValidationError(`${where}: images by file_id are not supported by this gateway; send image_url (a URL or a data URL)`, `${where}.file_id`);
      }
      return { type: 'image_url', image_url: { url: content.image_url, ...(content.detail === undefined ? {} : { detail: content.detail }) } };
    }
    case 'input_file': {
      if (content.file_url !== undefined) {
        throw new ValidationError(`${where}: files by URL cannot be passed to a Chat Completions upstream; send file_data`, `${where}.file_url`);
      }
      const fileId = content.file_id ?? undefined;
      return {
        type: 'file',
        file: {
          ...(content.file_data === undefined ? {} : { file_data: content.file_data }),
          ...(fileId === undefined ? {} : { file_id: fileId }),
          ...(content.filename === undefined ? {} : { filename: content.filename }),
        },
      };
    }
  }
}

function parts(content: string | InputContent[], where: string): string | ChatContentPart[] {
  if (typeof content === 'string') return content;
  const out = content.map((item, index) => part(item, `${where}[${index}]`));
  const [only] = out;
  return out.length === 1 && only?.type === 'text' ? (only as { text: string }).text : out;
}

/** The conversation of a request's input, as Chat Completions messages (without the instructions). */
export function inputToMessages(input: ResponsesRequest['input']): ChatMessage[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  const messages: ChatMessage[] = [];
  /** The assistant message that following function calls join (the last message, while it is one). */
  let assistant: Extract<ChatMessage, { role: 'assistant' }> | undefined;
  input.forEach((item: InputItem, index) => {
    const where = `input[${index}]`;
    const type = item.type ?? 'message';
    if (type === 'message') {
      const message = item as Extract<InputItem, { role: string }>;
      const content = parts(message.content, `${where}.content`);
      if (message.role === 'assistant') {
        assistant = { role: 'assistant', content: contentText(typeof content === 'string' ? content : content) };
        messages.push(assistant);
        return;
      }
      assistant = undefined;
      if (message.role === 'user') messages.push({ role: 'user', content });
      else messages.push({ role: 'system', content: typeof content === 'string' ? content : contentText(content) });
      return;
    }
    if (type === 'function_call') {
      const call = item as Extract<InputItem, { type: 'function_call' }>;
      const toolCall: ChatToolCall = { id: call.call_id, type: 'function', function: { name: call.name, arguments: call.arguments } };
      if (assistant === undefined) {
        assistant = { role: 'assistant', content: null, tool_calls: [] };
        messages.push(assistant);
      }
      (assistant.tool_calls ??= []).push(toolCall);
      return;
    }
    assistant = undefined;
    if (type === 'function_call_output') {
      const output = item as Extract<InputItem, { type: 'function_call_output' }>;
      const content = parts(output.output, `${where}.output`);
      if (typeof content === 'string') messages.push({ role: 'tool', tool_call_id: output.call_id, content });
      else {
        messages.push({ role: 'tool', tool_call_id: output.call_id, content: contentText(content) });
        const media = content.filter((entry) => entry.type !== 'text');
        if (media.length > 0) messages.push({ role: 'user', content: [{ type: 'text', text: 'Images and files the tool returned:' }, ...media] });
      }
      return;
    }
    if (type === 'reasoning') return;
    if (type === 'item_reference') {
      throw new ValidationError(`${where}: item_reference needs the response store, which this gateway does not keep yet`, `${where}.type`);
    }
    // the items of OpenAI's hosted tools are named `<tool>_call` / `<tool>_call_output` (web_search_call,
    // computer_call_output, mcp_call, …) or start with `mcp_`; anything else is no Responses item at all
    if (/_call(_output)?$/.test(type) || type.startsWith('mcp_')) {
      throw new ValidationError(`${where}: "${type}" items belong to OpenAI's built-in tools, which an OpenAI-compatible upstream does not run`, `${where}.type`);
    }
    throw new ValidationError(
      `${where}: "${type.slice(0, 100)}" is not an input item type this gateway knows (message, function_call, function_call_output, reasoning, item_reference)`,
      `${where}.type`,
    );
  });
  return messages;
}

function chatTool(tool: ResponsesTool, index: number): ChatTool {
  if (tool.type !== 'function' || tool.name === undefined) {
    throw new ValidationError(
      `tools[${index}]: "${tool.type}" is an OpenAI built-in tool; only function tools can be offered to an OpenAI-compatible upstream`,
      `tools[${index}].type`,
    );
  }
  return {
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description === undefined || tool.description === null ? {} : { description: tool.description }),
      parameters: tool.parameters ?? { type: 'object', properties: {} },
      ...(tool.strict === undefined || tool.strict === null ? {} : { strict: tool.strict }),
    },
  };
}

function toolChoiceOf(choice: ResponsesRequest['tool_choice']): ChatToolChoice | undefined {
  if (choice === undefined || typeof choice === 'string') return choice;
  if (choice.type === 'function' && typeof choice.name === 'string') return { type: 'function', function: { name: choice.name } };
  throw new ValidationError(`tool_choice: "${choice.type}" names a built-in tool; use "auto", "none", "required" or a function`, 'tool_choice.type');
}

export function responseFormatOf(format: TextFormat | undefined): ChatResponseFormat | undefined {
  if (format === undefined) return undefined;
  if (format.type !== 'json_schema') return { type: format.type };
  return {
    type: 'json_schema',
    json_schema: {
      name: format.name,
      schema: format.schema,
      ...(format.description === undefined ? {} : { description: format.description }),
      ...(format.strict === undefined || format.strict === null ? {} : { strict: format.strict }),
    },
  };
}

/**
 * The Chat Completions request for a Responses request. `previous` is the conversation a
 * `previous_response_id` continues from (`conversationOf` in stored-response.ts); without it such a request
 * is refused.
 */
export function responsesToChat(request: ResponsesRequest, previous?: readonly ChatMessage[]): ChatRequest {
  if (request.background === true) throw new ValidationError('background: background responses are not supported by this gateway', 'background');
  if (request.conversation !== undefined && request.conversation !== null) {
    throw new ValidationError('conversation: conversations are not supported by this gateway; use previous_response_id', 'conversation');
  }
  const previousId = request.previous_response_id ?? undefined;
  if (previousId !== undefined && previous === undefined) {
    throw new ValidationError('previous_response_id: this gateway keeps no responses yet; send the whole conversation as input', 'previous_response_id');
  }
  const messages: ChatMessage[] = [];
  const instructions = request.instructions ?? undefined;
  if (instructions !== undefined && instructions !== '') messages.push({ role: 'system', content: instructions });
  if (previous !== undefined) messages.push(...previous);
  messages.push(...inputToMessages(request.input));
  const tools = request.tools === undefined || request.tools.length === 0 ? undefined : request.tools.map(chatTool);
  const toolChoice = toolChoiceOf(request.tool_choice);
  const responseFormat = responseFormatOf(request.text?.format);
  const user = request.user ?? request.safety_identifier;
  const effort = request.reasoning?.effort ?? undefined;
  return {
    model: request.model,
    messages,
    ...(tools === undefined ? {} : { tools }),
    ...(tools === undefined || toolChoice === undefined ? {} : { tool_choice: toolChoice }),
    ...(tools === undefined || request.parallel_tool_calls === undefined || request.parallel_tool_calls === null ? {} : { parallel_tool_calls: request.parallel_tool_calls }),
    ...(responseFormat === undefined ? {} : { response_format: responseFormat }),
    ...(request.max_output_tokens === undefined || request.max_output_tokens === null ? {} : { max_tokens: request.max_output_tokens }),
    ...(request.temperature === undefined || request.temperature === null ? {} : { temperature: request.temperature }),
    ...(request.top_p === undefined || request.top_p === null ? {} : { top_p: request.top_p }),
    ...(effort === undefined ? {} : { reasoning_effort: effort }),
    ...(user === undefined || user === '' ? {} : { user }),
    ...(request.stream === true ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
}
