/** Turns a GenerateRequest into an OpenAI chat completions request body. */
import type { GenerateRequest, Message } from '../request.js';

export interface ChatBodyOptions {
  modelId: string;
  stream: boolean;
  /** Ask for usage in the last stream chunk (`stream_options.include_usage`). */
  includeStreamUsage: boolean;
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  seedField: 'seed' | 'random_seed';
}

type WireMessage = Record<string, unknown>;

function convertMessage(message: Message): WireMessage[] {
  switch (message.role) {
    case 'system':
      return [{ role: 'system', content: message.content }];
    case 'user': {
      if (typeof message.content === 'string') return [{ role: 'user', content: message.content }];
      const [only] = message.content;
      if (message.content.length === 1 && only?.type === 'text') return [{ role: 'user', content: only.text }];
      return [
        {
          role: 'user',
          content: message.content.map((part) =>
            part.type === 'text' ? { type: 'text', text: part.text } : { type: 'image_url', image_url: { url: part.url } },
          ),
        },
      ];
    }
    case 'assistant': {
      if (typeof message.content === 'string') return [{ role: 'assistant', content: message.content }];
      let text = '';
      const toolCalls: WireMessage[] = [];
      for (const part of message.content) {
        if (part.type === 'text') text += part.text;
        else toolCalls.push({ id: part.toolCallId, type: 'function', function: { name: part.toolName, arguments: part.input } });
      }
      return [{ role: 'assistant', content: text, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) }];
    }
    case 'tool':
      return message.content.map((part) => ({ role: 'tool', tool_call_id: part.toolCallId, content: part.output }));
  }
}

export function toChatCompletionsBody(request: GenerateRequest, options: ChatBodyOptions): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: options.modelId,
    messages: request.messages.flatMap(convertMessage),
  };
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.inputSchema,
      },
    }));
  }
  if (request.toolChoice !== undefined) {
    body.tool_choice =
      typeof request.toolChoice === 'string'
        ? request.toolChoice
        : { type: 'function', function: { name: request.toolChoice.toolName } };
  }
  const format = request.responseFormat;
  if (format?.type === 'json') {
    body.response_format =
      format.schema === undefined
        ? { type: 'json_object' }
        : {
            type: 'json_schema',
            json_schema: {
              name: format.name ?? 'response',
              ...(format.description === undefined ? {} : { description: format.description }),
              schema: format.schema,
              ...(format.strict === undefined ? {} : { strict: format.strict }),
            },
          };
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.maxTokens !== undefined) body[options.maxTokensField] = request.maxTokens;
  if (request.stop !== undefined && request.stop.length > 0) body.stop = request.stop;
  if (request.seed !== undefined) body[options.seedField] = request.seed;
  if (options.stream) {
    body.stream = true;
    if (options.includeStreamUsage) body.stream_options = { include_usage: true };
  }
  return body;
}
