/**
 * What `store: true` keeps of a response, so a later request can continue from it with
 * `previous_response_id` (phase 2 reads and writes it through the store; migration `0006-responses`).
 *
 * Each stored response holds only its own turn — the input items it was sent, translated once into Chat
 * Completions messages, and the assistant's answer — and names the response before it. A conversation is the
 * chain walked back from the newest (one recursive query in SQLite and Postgres), so a long conversation is
 * never copied into every row. Instructions are not part of the turn: like OpenAI, a continued request
 * carries only its own `instructions`.
 *
 * Access: a stored response belongs to the virtual key that created it (`keyId`; null when auth is off);
 * another key asking for it gets the same 404 as for an id that does not exist.
 *
 *   table responses (id text primary key, key_id text null, previous_response_id text null,
 *                    created_at text, expires_at text null, model text,
 *                    turn text,       -- JSON: ChatMessage[]
 *                    response text)   -- JSON: the response object, for GET /v1/responses/{id}
 *   index responses_key_created (key_id, created_at)
 */
import { z } from 'zod';
import { NotFoundError } from '../../../errors.js';
import { chatMessageSchema, type ChatMessage } from '../../../providers/index.js';

export const storedResponseSchema = z.object({
  id: z.string().min(1),
  keyId: z.string().nullable(),
  previousResponseId: z.string().nullable(),
  /** ISO 8601. */
  createdAt: z.string(),
  /** ISO 8601; null keeps it until deleted. */
  expiresAt: z.string().nullable(),
  /** The model name the client asked for. */
  model: z.string(),
  /** This turn: the request's input items and the answer, as Chat Completions messages. */
  turn: z.array(chatMessageSchema),
  /** The response object as the client got it. */
  response: z.record(z.string(), z.unknown()),
});
export type StoredResponse = z.infer<typeof storedResponseSchema>;

/** Most responses one conversation may chain (a bound on the walk and on the prompt it rebuilds). */
export const MAX_CHAIN = 1_000;

/**
 * The messages a continued request starts from: the chain's turns, oldest first. `chain` is the walk from
 * `previous_response_id` back (newest first), as the store returns it; a gap, a foreign key's response or an
 * expired one ends in the same 404 as an unknown id.
 */
export function conversationOf(chain: readonly StoredResponse[], previousResponseId: string, keyId: string | null, now: Date): ChatMessage[] {
  const missing = (): NotFoundError => new NotFoundError(`No response found with id '${previousResponseId}'.`);
  if (chain.length > MAX_CHAIN) throw missing();
  let expected: string | null = previousResponseId;
  for (const stored of chain) {
    if (stored.id !== expected || stored.keyId !== keyId) throw missing();
    if (stored.expiresAt !== null && Date.parse(stored.expiresAt) <= now.getTime()) throw missing();
    expected = stored.previousResponseId;
  }
  if (chain.length === 0 || expected !== null) throw missing();
  const messages: ChatMessage[] = [];
  for (let index = chain.length - 1; index >= 0; index--) messages.push(...(chain[index] as StoredResponse).turn);
  return messages;
}

export interface StoreTurn {
  id: string;
  keyId: string | null;
  previousResponseId: string | null;
  model: string;
  /** The request's own messages (without the instructions' system message and without the earlier turns). */
  input: readonly ChatMessage[];
  /** The assistant's answer. */
  answer: ChatMessage;
  response: Record<string, unknown>;
  now: Date;
  /** How long to keep it; undefined keeps it until deleted. */
  retentionMs: number | undefined;
}

export function storedResponseOf(turn: StoreTurn): StoredResponse {
  return {
    id: turn.id,
    keyId: turn.keyId,
    previousResponseId: turn.previousResponseId,
    createdAt: turn.now.toISOString(),
    expiresAt: turn.retentionMs === undefined ? null : new Date(turn.now.getTime() + turn.retentionMs).toISOString(),
    model: turn.model,
    turn: [...turn.input, turn.answer],
    response: turn.response,
  };
}
