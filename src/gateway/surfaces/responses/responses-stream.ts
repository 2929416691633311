/**
 * StreamParts → the typed events of an OpenAI Responses stream, each `event: <type>` with a
 * `sequence_number`:
 *
 *   response.created, response.in_progress,
 *   per item: response.output_item.added, (content_part.added, output_text.delta…, output_text.done,
 *   content_part.done | function_call_arguments.delta…, function_call_arguments.done | reasoning_text…),
 *   response.output_item.done,
 *   then response.completed | response.incomplete — or `error` and response.failed.
 *
 * Items are opened one at a time in the order the model produced them; the closing `response.*` event carries
 * the whole response, built by `responseObject` from the items as streamed.
 */
import type { StreamPart, Usage } from '../../../providers/index.js';
import { toErrorResponse } from '../../errors/openai-error.js';
import {
  outputTextPart,
  responseObject,
  responsesUsage,
  statusOf,
  type FunctionCallOutput,
  type MessageOutput,
  type OutputItem,
  type ReasoningOutput,
  type ResponseContext,
  type ResponseObject,
} from './responses-response.js';

interface OpenItem {
  index: number;
  item: OutputItem;
  /** Text or reasoning gathered so far; for a function call, its arguments live on the item. */
  text: string;
}

/**
 * The fields of an `error` event: the documented ones at the top, and the `error` object the API also sends
 * (the SDKs throw on it).
 */
export function errorEventFields(error: unknown): string {
  const body = toErrorResponse(error).body.error;
  const fields = `"code":${JSON.stringify(body.code)},"message":${JSON.stringify(body.message)},"param":${JSON.stringify(body.param)}`;
  return `${fields},"error":{"type":${JSON.stringify(body.type)},${fields}}`;
}

export class ResponsesStreamWriter {
  private sequence = 0;
  private started = false;
  private finished = false;
  private readonly output: OutputItem[] = [];
  private open: OpenItem | undefined;
  private readonly calls = new Map<string, OpenItem>();
  /** The response object of `response.completed` / `response.incomplete`, once written. */
  final: ResponseObject | undefined;

  /** `upstream` names the upstream in errors. */
  constructor(
    private readonly upstream: string,
    private readonly context: ResponseContext,
  ) {}

  /** True once the closing event was written: nothing more will be. */
  get done(): boolean {
    return this.finished;
  }

  /** The SSE text for one part ('' when it shows nothing). */
  write(part: StreamPart): string {
    if (this.finished) return '';
    let out = this.started ? '' : this.start();
    try {
      switch (part.type) {
        case 'text-delta':
          if (this.open?.item.type !== 'message') out += this.openMessage();
          return out + this.textDelta(part.text);
        case 'reasoning-delta':
          if (this.open?.item.type !== 'reasoning') out += this.openReasoning();
          return out + this.reasoningDelta(part.text);
        case 'tool-call-delta': {
          let call = this.calls.get(part.toolCallId);
          if (call === undefined) {
            out += this.close();
            call = this.openCall(part.toolCallId, part.toolName, (text) => (out += text));
          }
          (call.item as FunctionCallOutput).arguments += part.inputTextDelta;
          return out + this.argumentsDelta(call, part.inputTextDelta);
        }
        case 'tool-call': {
          if (this.calls.has(part.toolCallId)) return out;
          out += this.close();
          const call = this.openCall(part.toolCallId, part.toolName, (text) => (out += text));
          (call.item as FunctionCallOutput).arguments = part.input;
          if (part.input !== '') out += this.argumentsDelta(call, part.input);
          return out + this.close();
        }
        case 'finish':
          return out + this.finish(part.finishReason, part.usage);
        case 'error':
          return out + this.fail(part.error);
      }
    } catch (error) {
      return out + this.fail(error);
    }
  }

  private event(type: string, fields: string): string {
    return `event: ${type}\ndata: {"type":"${type}","sequence_number":${this.sequence++},${fields}}\n\n`;
  }

  private start(): string {
    this.started = true;
    const response = JSON.stringify(responseObject(this.context, 'in_progress', [], null));
    return this.event('response.created', `"response":${response}`) + this.event('response.in_progress', `"response":${response}`);
  }

  private add(item: OutputItem, text = ''): OpenItem {
    const open: OpenItem = { index: this.output.length, item, text };
    this.output.push(item);
    this.open = open;
    return open;
  }

  private itemAdded(open: OpenItem): string {
    return this.event('response.output_item.added', `"output_index":${open.index},"item":${JSON.stringify(open.item)}`);
  }

  private openMessage(): string {
    const out = this.close();
    const item: MessageOutput = { id: this.context.ids.item('msg'), type: 'message', status: 'in_progress', role: 'assistant', content: [] };
    const open = this.add(item);
    return (
      out +
      this.itemAdded(open) +
      this.event('response.content_part.added', `"item_id":"${item.id}","output_index":${open.index},"content_index":0,"part":${JSON.stringify(outputTextPart(''))}`)
    );
  }

  private openReasoning(): string {
    const out = this.close();
    const item: ReasoningOutput = { id: this.context.ids.item('rs'), type: 'reasoning', summary: [], content: [] };
    const open = this.add(item);
    return (
      out +
      this.itemAdded(open) +
      this.event('response.content_part.added', `"item_id":"${item.id}","output_index":${open.index},"content_index":0,"part":{"type":"reasoning_text","text":""}`)
    );
  }

  private openCall(callId: string, name: string, write: (text: string) => void): OpenItem {
    const item: FunctionCallOutput = { id: this.context.ids.item('fc'), type: 'function_call', status: 'in_progress', call_id: callId, name, arguments: '' };
    const open = this.add(item);
    this.calls.set(callId, open);
    write(this.itemAdded(open));
    return open;
  }

  private textDelta(delta: string): string {
    const open = this.open as OpenItem;
    open.text += delta;
    return this.event('response.output_text.delta', `"item_id":"${open.item.id}","output_index":${open.index},"content_index":0,"delta":${JSON.stringify(delta)},"logprobs":[]`);
  }

  private reasoningDelta(delta: string): string {
    const open = this.open as OpenItem;
    open.text += delta;
    return this.event('response.reasoning_text.delta', `"item_id":"${open.item.id}","output_index":${open.index},"content_index":0,"delta":${JSON.stringify(delta)}`);
  }

  private argumentsDelta(call: OpenItem, delta: string): string {
    // a delta for an earlier call (hosts that interleave calls) names that call's item
    return this.event('response.function_call_arguments.delta', `"item_id":"${call.item.id}","output_index":${call.index},"delta":${JSON.stringify(delta)}`);
  }

  /** Closes the open item with its `.done` events. */
  private close(status: 'completed' | 'incomplete' = 'completed'): string {
    const open = this.open;
    if (open === undefined) return '';
    this.open = undefined;
    const { item, index } = open;
    const where = `"item_id":"${item.id}","output_index":${index}`;
    let out = '';
    if (item.type === 'message') {
      const part = outputTextPart(open.text);
      item.content = [part];
      item.status = status;
      out += this.event('response.output_text.done', `${where},"content_index":0,"text":${JSON.stringify(open.text)},"logprobs":[]`);
      out += this.event('response.content_part.done', `${where},"content_index":0,"part":${JSON.stringify(part)}`);
    } else if (item.type === 'reasoning') {
      item.content = [{ type: 'reasoning_text', text: open.text }];
      out += this.event('response.reasoning_text.done', `${where},"content_index":0,"text":${JSON.stringify(open.text)}`);
      out += this.event('response.content_part.done', `${where},"content_index":0,"part":${JSON.stringify(item.content[0])}`);
    } else {
      item.status = status;
      out += this.event('response.function_call_arguments.done', `${where},"name":${JSON.stringify(item.name)},"arguments":${JSON.stringify(item.arguments)}`);
    }
    return out + this.event('response.output_item.done', `"output_index":${index},"item":${JSON.stringify(item)}`);
  }

  private finish(finishReason: Parameters<typeof statusOf>[0], usage: Usage): string {
    const { status, incomplete } = statusOf(finishReason, this.upstream);
    const out = this.close(status);
    this.finished = true;
    const response = responseObject(this.context, status, this.output, responsesUsage(usage), { incomplete });
    this.final = response;
    const type = status === 'completed' ? 'response.completed' : 'response.incomplete';
    return out + this.event(type, `"response":${JSON.stringify(response)}`);
  }

  /** `error`, then `response.failed` with what was produced so far. */
  private fail(error: unknown): string {
    this.finished = true;
    const body = toErrorResponse(error).body.error;
    const failed = responseObject(this.context, 'failed', this.output, null, { error: { code: body.code ?? 'server_error', message: body.message } });
    return (
      this.event('error', errorEventFields(error)) +
      this.event('response.failed', `"response":${JSON.stringify(failed)}`)
    );
  }
}
