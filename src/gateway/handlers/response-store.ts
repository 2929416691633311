/**
 * The Responses API's memory (`store: true`, `previous_response_id`, `GET`/`DELETE /v1/responses/:id`) over
 * the store (migration 0006-responses). What comes back from the store is checked with the stored shape's
 * schema (`stored-response.ts`) before it is used; access follows the key that created a response: any other
 * key gets the same 404 as for an id that does not exist.
 */
import { NotFoundError, ProviderError } from '../../errors.js';
import type { ChatMessage, ChatToolCall } from '../../providers/chat-message.js';
import type { StoredResponseRecord } from '../../store/records.js';
import type { GatewayStore } from '../keys/gateway-store.js';
import type { ResponseObject } from '../surfaces/responses/responses-response.js';
import { conversationOf, MAX_CHAIN, storedResponseOf, storedResponseSchema, type StoredResponse } from '../surfaces/responses/stored-response.js';
import type { ResponsesParsed } from './parse-request.js';

function checked(record: StoredResponseRecord): StoredResponse {
  const parsed = storedResponseSchema.safeParse(record);
  if (!parsed.success) {
    throw new ProviderError('store', `stored response ${record.id} does not have the stored shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { isRetryable: false });
  }
  return parsed.data;
}

/** The messages a `previous_response_id` continues from (404 for an unknown, foreign or expired one). */
export async function loadConversation(store: GatewayStore, previousId: string, keyId: string | null, writes?: ReadonlyMap<string, Promise<void>>): Promise<ChatMessage[]> {
  await writes?.get(previousId);
  const chain = await store.readResponseChain(previousId, MAX_CHAIN + 1);
  return conversationOf(chain.map(checked), previousId, keyId, new Date());
}

/** The response object of a stored response this key may read. */
export async function readStoredResponse(store: GatewayStore, id: string, keyId: string | null): Promise<Record<string, unknown>> {
  const record = await store.readResponse(id);
  const stored = record === undefined ? undefined : checked(record);
  if (stored === undefined || stored.keyId !== keyId || (stored.expiresAt !== null && Date.parse(stored.expiresAt) <= Date.now())) {
    throw new NotFoundError(`No response found with id '${id}'.`);
  }
  return stored.response;
}

export async function deleteStoredResponse(store: GatewayStore, id: string, keyId: string | null): Promise<void> {
  await readStoredResponse(store, id, keyId);
  await store.deleteResponse(id);
}

/** The assistant's answer in a response object, as the Chat Completions message the next turn replays. */
export function answerMessage(response: ResponseObject): ChatMessage {
  let text = '';
  const calls: ChatToolCall[] = [];
  for (const item of response.output) {
    // a passed-through upstream's message may hold parts without text (a refusal): they add none
    if (item.type === 'message') for (const part of item.content) text += typeof part.text === 'string' ? part.text : '';
    else if (item.type === 'function_call') calls.push({ id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } });
  }
  return { role: 'assistant', content: text === '' && calls.length > 0 ? null : text, ...(calls.length === 0 ? {} : { tool_calls: calls }) };
}

/** Keeps an answered `store: true` response (its own turn only; the chain holds the rest). */
export async function keepResponse(store: GatewayStore, parsed: ResponsesParsed, keyId: string | null): Promise<void> {
  const answer = parsed.answer;
  if (answer === undefined) return;
  const stored = storedResponseOf({
    id: answer.id,
    keyId,
    previousResponseId: parsed.request.previous_response_id ?? null,
    model: parsed.request.model,
    input: parsed.input,
    answer: answerMessage(answer),
    response: answer,
    now: new Date(),
    retentionMs: undefined,
  });
  await store.saveResponse(stored);
}
