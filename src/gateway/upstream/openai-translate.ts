/**
 * Translation between the OpenAI chat-completions shape (what clients send and expect) and the providers'
 * GenerateRequest / GenerateResult / StreamPart (what the Anthropic and Gemini adapters speak).
 */
import { randomBytes } from 'node:crypto';
import type { FinishReason, GenerateResult, StreamPart, Usage } from '../../providers/index.js';
import { parseGenerateRequest, type GenerateRequest } from '../../providers/index.js';
import { contentText, type ChatContentPart } from '../../providers/index.js';
import type { ChatRequest } from '../request/chat-request.js';

/** The URL of an `image_url` part (the schema checked it; other part types have none). */
function imageUrlOf(part: ChatContentPart): string | undefined {
  if (part.type !== 'image_url') return undefined;
  const image: unknown = part.image_url;
  return image !== null && typeof image === 'object' && 'url' in image && typeof image.url === 'string' ? image.url : undefined;
}

/** OpenAI request → GenerateRequest; a field the adapters cannot express is a 400 naming it. */
export function toGenerateRequest(request: ChatRequest): GenerateRequest {
  const toolNames = new Map<string, string>();
  const messages: unknown[] = [];
  for (const message of request.messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        messages.push({ role: 'system', content: contentText(message.content) });
        break;
      case 'user': {
        const content = message.content;
        if (typeof content === 'string') messages.push({ role: 'user', content });
        else {
          const parts = content.map((part) => {
            if (part.type === 'text') return { type: 'text', text: part.text };
            const url = imageUrlOf(part);
            return url === undefined ? { type: part.type } : { type: 'image', url };
          });
          messages.push({ role: 'user', content: parts });
        }
        break;
      }
      case 'assistant': {
        const parts: unknown[] = [];
        const text = contentText(message.content);
        if (text !== '') parts.push({ type: 'text', text });
        for (const call of message.tool_calls ?? []) {
          toolNames.set(call.id, call.function.name);
          parts.push({ type: 'tool-call', toolCallId: call.id, toolName: call.function.name, input: call.function.arguments });
        }
        messages.push({ role: 'assistant', content: parts.length === 1 && text !== '' ? text : parts });
        break;
      }
      case 'tool':
        messages.push({
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId: message.tool_call_id, toolName: toolNames.get(message.tool_call_id) ?? '', output: contentText(message.content) }],
        });
        break;
      case 'function':
        messages.push({
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId: '', toolName: message.name, output: message.content ?? '' }],
        });
        break;
    }
  }
  const tools = request.tools?.map((tool) => {
    const fn = (tool.function ?? {}) as { name?: string; description?: string; parameters?: unknown };
    return { name: fn.name, ...(fn.description === undefined ? {} : { description: fn.description }), inputSchema: fn.parameters ?? { type: 'object', properties: {} } };
  });
  const choice = (request as { tool_choice?: unknown }).tool_choice;
  let toolChoice: unknown;
  if (typeof choice === 'string') toolChoice = choice;
  else if (choice !== null && typeof choice === 'object') {
    toolChoice = { type: 'tool', toolName: (choice as { function?: { name?: unknown } }).function?.name };
  }
  const format = request.response_format;
  let responseFormat: unknown;
  if (format?.type === 'text') responseFormat = { type: 'text' };
  else if (format?.type === 'json_object') responseFormat = { type: 'json' };
  else if (format?.type === 'json_schema') {
    const spec = (format.json_schema ?? {}) as { name?: string; description?: string; schema?: unknown; strict?: boolean | null };
    responseFormat = {
      type: 'json',
      ...(spec.schema === undefined ? {} : { schema: spec.schema }),
      ...(spec.name === undefined ? {} : { name: spec.name }),
      ...(spec.description === undefined ? {} : { description: spec.description }),
      ...(typeof spec.strict === 'boolean' ? { strict: spec.strict } : {}),
    };
  }
  const stop = (request as { stop?: unknown }).stop;
  const seed = (request as { seed?: unknown }).seed;
  const maxTokens = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  return parseGenerateRequest({
    messages,
    ...(tools === undefined ? {} : { tools }),
    ...(toolChoice === undefined ? {} : { toolChoice }),
    ...(responseFormat === undefined ? {} : { responseFormat }),
    ...(request.temperature == null ? {} : { temperature: request.temperature }),
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(stop == null ? {} : { stop: typeof stop === 'string' ? [stop] : stop }),
    ...(seed == null ? {} : { seed }),
  });
}

const FINISH: Record<FinishReason, string> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'tool_calls',
  'content-filter': 'content_filter',
  error: 'stop',
  other: 'stop',
};

export function openAIUsage(usage: Usage): { prompt_tokens: number; completion_tokens: number; total_tokens: number } | undefined {
  if (usage.inputTokens === undefined) return undefined;
  const completion = usage.outputTokens ?? 0;
  return { prompt_tokens: usage.inputTokens, completion_tokens: completion, total_tokens: usage.inputTokens + completion };
}

const newId = (): string => `chatcmpl-parity-${randomBytes(9).toString('base64url')}`;

/** GenerateResult → an OpenAI `chat.completion` object. */
export function toChatCompletion(result: GenerateResult, model: string): Record<string, unknown> {
  const toolCalls = result.toolCalls.map((call) => ({ id: call.toolCallId, type: 'function', function: { name: call.toolName, arguments: call.input } }));
  return {
    id: result.responseId ?? newId(),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: result.responseModelId ?? model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: result.text === '' && toolCalls.length > 0 ? null : result.text, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}), refusal: null },
        finish_reason: FINISH[result.finishReason],
        logprobs: null,
      },
    ],
    usage: openAIUsage(result.usage),
  };
}

/** StreamPart → OpenAI `chat.completion.chunk` SSE events, one part at a time. */
export class ChunkWriter {
  private readonly id = newId();
  private readonly created = Math.floor(Date.now() / 1000);
  private readonly toolIndex = new Map<string, number>();
  private started = false;
  usage: Usage | undefined;

  constructor(
    private readonly model: string,
    private readonly includeUsage: boolean,
  ) {}

  private event(delta: object, finish: string | null = null, extra: object = {}): string {
    return `data: ${JSON.stringify({ id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
  }

  /** SSE text for one part ('' when the part has no OpenAI counterpart). */
  write(part: StreamPart): string {
    let out = '';
    if (!this.started && part.type !== 'error') {
      this.started = true;
      out += this.event({ role: 'assistant', content: '' });
    }
    switch (part.type) {
      case 'text-delta':
        return out + this.event({ content: part.text });
      case 'reasoning-delta':
        return out + this.event({ reasoning_content: part.text });
      case 'tool-call-delta': {
        const known = this.toolIndex.get(part.toolCallId);
        const index = known ?? this.toolIndex.size;
        if (known === undefined) this.toolIndex.set(part.toolCallId, index);
        const call = known === undefined
          ? { index, id: part.toolCallId, type: 'function', function: { name: part.toolName, arguments: part.inputTextDelta } }
          : { index, function: { arguments: part.inputTextDelta } };
        return out + this.event({ tool_calls: [call] });
      }
      case 'tool-call': {
        if (this.toolIndex.has(part.toolCallId)) return out; // already streamed as deltas
        const index = this.toolIndex.size;
        this.toolIndex.set(part.toolCallId, index);
        return out + this.event({ tool_calls: [{ index, id: part.toolCallId, type: 'function', function: { name: part.toolName, arguments: part.input } }] });
      }
      case 'finish': {
        this.usage = part.usage;
        out += this.event({}, FINISH[part.finishReason]);
        const usage = openAIUsage(part.usage);
        if (this.includeUsage && usage !== undefined) {
          out += `data: ${JSON.stringify({ id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [], usage })}\n\n`;
        }
        return `${out}data: [DONE]\n\n`;
      }
      case 'error':
        return out;
    }
  }
}
