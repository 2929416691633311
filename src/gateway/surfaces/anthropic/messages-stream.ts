/**
 * StreamParts (what an OpenAI-compatible upstream's chat stream, or any adapter's stream, turns into) → the
 * named events of an Anthropic Messages stream:
 *
 *   message_start, ping, (content_block_start, content_block_delta…, content_block_stop)…, message_delta,
 *   message_stop — or an `error` event, after which nothing follows.
 *
 * Blocks are opened in order and one at a time, as Anthropic sends them: a text block, a thinking block (only
 * when the request enabled thinking) or a tool_use block whose arguments arrive as `input_json_delta`s. Input
 * tokens are not known before the upstream's last chunk, so `message_start` reports them as null and
 * `message_delta` carries the whole usage (Anthropic's clients take input_tokens from there when present).
 */
import type { StreamPart, Usage } from '../../../providers/index.js';
import { anthropicErrorEvent } from './anthropic-error.js';
import { messageId, messagesUsage, stopReasonOf, toolInput, type MessagesOptions } from './messages-response.js';

type OpenBlock = 'text' | 'thinking' | 'tool' | undefined;

interface ToolBlock {
  index: number;
  name: string;
  input: string;
}

const PING = 'event: ping\ndata: {"type":"ping"}\n\n';

function event(type: string, data: string): string {
  return `event: ${type}\ndata: ${data}\n\n`;
}

export class MessagesStreamWriter {
  readonly id: string;
  private started = false;
  private finished = false;
  private blocks = 0;
  private open: OpenBlock;
  private openTool: ToolBlock | undefined;
  private readonly tools = new Map<string, ToolBlock>();

  /** `upstream` names the upstream in errors. */
  constructor(
    private readonly upstream: string,
    private readonly options: MessagesOptions,
  ) {
    this.id = messageId(undefined);
  }

  /** True once `message_stop` or an `error` event was written: nothing more will be. */
  get done(): boolean {
    return this.finished;
  }

  /** A keep-alive event for long silences (Anthropic sends them too); '' once the stream is done. */
  ping(): string {
    return this.finished ? '' : PING;
  }

  /** The SSE text for one part ('' when the part shows nothing, e.g. reasoning without `thinking`). */
  write(part: StreamPart): string {
    if (this.finished) return '';
    if (part.type === 'error') return this.failWith(part.error);
    let out = this.started ? '' : this.start();
    try {
      switch (part.type) {
        case 'text-delta':
          if (this.open !== 'text') out += this.openBlock('text', '{"type":"text","text":""}');
          return out + this.delta(`{"type":"text_delta","text":${JSON.stringify(part.text)}}`);
        case 'reasoning-delta':
          if (!this.options.thinking) return out;
          if (this.open !== 'thinking') out += this.openBlock('thinking', '{"type":"thinking","thinking":"","signature":""}');
          return out + this.delta(`{"type":"thinking_delta","thinking":${JSON.stringify(part.text)}}`);
        case 'tool-call-delta': {
          const tool = this.tools.get(part.toolCallId) ?? this.startTool(part.toolCallId, part.toolName, (text) => (out += text));
          tool.input += part.inputTextDelta;
          return out + this.toolDelta(tool, part.inputTextDelta);
        }
        case 'tool-call': {
          if (this.tools.has(part.toolCallId)) return out; // streamed already as deltas
          const tool = this.startTool(part.toolCallId, part.toolName, (text) => (out += text));
          tool.input = part.input;
          if (part.input !== '') out += this.toolDelta(tool, part.input);
          return out + this.closeBlock();
        }
        case 'finish':
          return out + this.finish(part.finishReason, part.usage);
      }
    } catch (error) {
      return out + this.failWith(error);
    }
  }

  private start(): string {
    this.started = true;
    const message = {
      id: this.id,
      type: 'message',
      role: 'assistant',
      model: this.options.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: null, output_tokens: null, cache_creation_input_tokens: null, cache_read_input_tokens: null },
    };
    return event('message_start', JSON.stringify({ type: 'message_start', message })) + PING;
  }

  private delta(delta: string): string {
    return event('content_block_delta', `{"type":"content_block_delta","index":${this.blocks - 1},"delta":${delta}}`);
  }

  private toolDelta(tool: ToolBlock, partialJson: string): string {
    // a delta for an earlier tool call (hosts that interleave calls) names that call's block
    return event(
      'content_block_delta',
      `{"type":"content_block_delta","index":${tool.index},"delta":{"type":"input_json_delta","partial_json":${JSON.stringify(partialJson)}}}`,
    );
  }

  private openBlock(kind: Exclude<OpenBlock, undefined>, block: string): string {
    const out = this.closeBlock();
    this.open = kind;
    const index = this.blocks++;
    return out + event('content_block_start', `{"type":"content_block_start","index":${index},"content_block":${block}}`);
  }

  private startTool(id: string, name: string, write: (text: string) => void): ToolBlock {
    write(this.openBlock('tool', JSON.stringify({ type: 'tool_use', id, name, input: {} })));
    const tool: ToolBlock = { index: this.blocks - 1, name, input: '' };
    this.tools.set(id, tool);
    this.openTool = tool;
    return tool;
  }

  /** Closes the open block; a tool call's arguments must by then be a JSON object. */
  private closeBlock(): string {
    if (this.open === undefined) return '';
    const tool = this.open === 'tool' ? this.openTool : undefined;
    this.open = undefined;
    this.openTool = undefined;
    if (tool !== undefined) toolInput({ toolCallId: '', toolName: tool.name, input: tool.input }, this.upstream);
    return event('content_block_stop', `{"type":"content_block_stop","index":${this.blocks - 1}}`);
  }

  private finish(finishReason: Parameters<typeof stopReasonOf>[0], usage: Usage): string {
    const out = this.closeBlock();
    for (const tool of this.tools.values()) toolInput({ toolCallId: '', toolName: tool.name, input: tool.input }, this.upstream);
    const stopReason = stopReasonOf(finishReason, this.upstream);
    this.finished = true;
    const delta = { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: messagesUsage(usage) };
    return out + event('message_delta', JSON.stringify(delta)) + event('message_stop', '{"type":"message_stop"}');
  }

  private failWith(error: unknown): string {
    this.finished = true;
    return anthropicErrorEvent(error);
  }
}
