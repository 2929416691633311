/**
 * The parse stage: the request guard (Host, Origin, content type) and the key, both from the headers alone,
 * then the body (within the surface's or the key's limit), validated by the surface's schema once and, for
 * the translated surfaces, translated once into the Chat Completions request that routing, budgets and every
 * upstream see. Nothing later validates the request again.
 */
import type { ChatMessage } from '../../providers/index.js';
import type { GatewayContext } from '../context.js';
import type { VirtualKey } from '../keys/gateway-store.js';
import { bearerToken, KEY_PREFIX } from '../keys/secret.js';
import {
  chatFeatures,
  chatRequestSchema,
  embeddingsRequestSchema,
  parseJsonBody,
  validateBody,
  type ChatRequest,
  type EmbeddingsRequest,
  type RequestFeatures,
} from '../request/chat-request.js';
import { countTokensRequestSchema, messagesRequestSchema, type CountTokensRequest, type MessagesRequest } from '../surfaces/anthropic/messages-request.js';
import { messagesToChat } from '../surfaces/anthropic/messages-to-chat.js';
import { responsesRequestSchema, type ResponsesRequest } from '../surfaces/responses/responses-request.js';
import { ResponseIds, type ResponseObject } from '../surfaces/responses/responses-response.js';
import { inputToMessages, responsesToChat } from '../surfaces/responses/responses-to-chat.js';
import { loadConversation } from './response-store.js';
import { header, type ModelExchange } from './exchange.js';
import { SURFACES, type SurfaceName } from './surfaces.js';

/** A chat request as the client sent it; its body is forwarded as is (the model replaced per attempt). */
export interface ChatParsed {
  surface: 'chat';
  body: ChatRequest;
  /** The gateway asked the upstream for the usage chunk; cut it out again. */
  stripUsage: boolean;
  /** The client's request before the pass-through body was edited (for Anthropic and Gemini upstreams). */
  chat: ChatRequest | undefined;
}
export interface EmbeddingsParsed {
  surface: 'embeddings';
  body: EmbeddingsRequest;
}
export interface MessagesParsed {
  surface: 'messages';
  request: MessagesRequest;
  /** The translation every OpenAI-compatible upstream gets. */
  chat: ChatRequest;
}
export interface CountTokensParsed {
  surface: 'count_tokens';
  request: CountTokensRequest;
}
export interface ResponsesParsed {
  surface: 'responses';
  request: ResponsesRequest;
  chat: ChatRequest;
  /** This turn's own messages (what `store: true` keeps). */
  input: ChatMessage[];
  ids: ResponseIds;
  /** Seconds since the epoch. */
  createdAt: number;
  /** The response object the client got, once answered (for `store: true`). */
  answer: ResponseObject | undefined;
}
export type ParsedRequest = ChatParsed | EmbeddingsParsed | MessagesParsed | CountTokensParsed | ResponsesParsed;

/** The model the client asked for. */
export function requestedModel(request: ParsedRequest): string {
  return request.surface === 'chat' || request.surface === 'embeddings' ? request.body.model : request.request.model;
}

/** The request's messages as routing policies read them (canonical Chat Completions messages). */
export function policyMessages(request: ParsedRequest): readonly ChatMessage[] | undefined {
  switch (request.surface) {
    case 'chat':
      return request.body.messages;
    case 'messages':
    case 'responses':
      return request.chat.messages;
    default:
      return undefined;
  }
}

/** The body limit: the key's own (`limits.keys`, by id or name) when it has one, else the surface's. */
function bodyLimit(context: GatewayContext, surface: SurfaceName, key: VirtualKey | undefined): number {
  const perKey = context.keyBodyLimits;
  if (key !== undefined && perKey.size > 0) {
    const own = perKey.get(key.id) ?? perKey.get(key.name);
    if (own !== undefined) return own;
  }
  return context.config.limits.body[SURFACES[surface].bodyLimit];
}

const EMBEDDING_FEATURES = (bytes: number): RequestFeatures => ({
  promptTokens: Math.ceil(bytes / 4),
  promptTokensBound: bytes,
  maxOutputTokens: 0,
  hasImages: false,
  hasTools: false,
  jsonOutput: false,
  stream: false,
  clientWantsUsage: false,
});

function parseChat(context: GatewayContext, value: unknown, bytes: number): { parsed: ChatParsed; features: RequestFeatures } {
  const body = validateBody(chatRequestSchema, value);
  // adapters translate the request later; keep the client's original (the pass-through body gets edited)
  const chat = context.adapters.size === 0 ? undefined : structuredClone(body);
  const features = chatFeatures(body, bytes);
  let stripUsage = false;
  if (features.stream && !features.clientWantsUsage) {
    body.stream_options = { ...body.stream_options, include_usage: true };
    stripUsage = true;
  }
  return { parsed: { surface: 'chat', body, stripUsage, chat }, features };
}

async function parseResponses(context: GatewayContext, value: unknown, bytes: number, key: VirtualKey | undefined) {
  const request = validateBody(responsesRequestSchema, value);
  const previousId = request.previous_response_id ?? undefined;
  const previous = previousId === undefined ? undefined : await loadConversation(context.store, previousId, key?.id ?? null, context.responseWrites);
  const chat = responsesToChat(request, previous);
  const parsed: ResponsesParsed = {
    surface: 'responses',
    request,
    chat,
    input: request.store === true ? inputToMessages(request.input) : [],
    ids: new ResponseIds(),
    createdAt: Math.floor(Date.now() / 1000),
    answer: undefined,
  };
  return { parsed, features: chatFeatures(chat, bytes) };
}

async function parseBody(
  context: GatewayContext,
  surface: SurfaceName,
  value: unknown,
  bytes: number,
  key: VirtualKey | undefined,
): Promise<{ parsed: ParsedRequest; features: RequestFeatures }> {
  switch (surface) {
    case 'chat':
      return parseChat(context, value, bytes);
    case 'embeddings':
      return { parsed: { surface, body: validateBody(embeddingsRequestSchema, value) }, features: EMBEDDING_FEATURES(bytes) };
    case 'messages': {
      const request = validateBody(messagesRequestSchema, value);
      const chat = messagesToChat(request);
      return { parsed: { surface, request, chat }, features: chatFeatures(chat, bytes) };
    }
    case 'count_tokens': {
      const request = validateBody(countTokensRequestSchema, value);
      return { parsed: { surface, request }, features: EMBEDDING_FEATURES(bytes) };
    }
    case 'responses':
      return parseResponses(context, value, bytes, key);
  }
}

export async function parseRequest(context: GatewayContext, exchange: ModelExchange): Promise<void> {
  const { incoming, response } = exchange;
  const config = context.config;
  const refused = context.guard.check(incoming, response, true);
  if (refused !== undefined) throw refused;
  // authenticate from the headers: an unauthenticated request never gets its body read
  const secret = bearerToken(header(incoming, 'authorization'), header(incoming, 'x-api-key'));
  if (config.auth.required || (secret !== undefined && secret.startsWith(KEY_PREFIX))) {
    const found = context.keys.authenticate(secret, Date.now());
    exchange.key = found instanceof Promise ? await found : found;
  }
  const bytes = await context.bodies.read(incoming, bodyLimit(context, exchange.surface, exchange.key));
  if (config.logging.bodies) exchange.requestText = bytes.toString('utf8');
  const { parsed, features } = await parseBody(context, exchange.surface, parseJsonBody(bytes), bytes.length, exchange.key);
  exchange.request = parsed;
  exchange.features = features;
}
