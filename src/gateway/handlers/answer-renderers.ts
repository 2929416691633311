/**
 * How a model's answer is written in the client's API when it is not the upstream's own bytes: the answer of
 * an Anthropic or Gemini adapter (any surface), and the translated surfaces' answers from an OpenAI-compatible
 * upstream. Both arrive as the providers' neutral shapes (GenerateResult, StreamParts); a renderer turns them
 * into the surface's JSON body or its stream events.
 */
import { errorEvent } from '../errors/openai-error.js';
import { toMessagesResponse } from '../surfaces/anthropic/messages-response.js';
import { MessagesStreamWriter } from '../surfaces/anthropic/messages-stream.js';
import { toResponseObject, type ResponseContext } from '../surfaces/responses/responses-response.js';
import { ResponsesStreamWriter } from '../surfaces/responses/responses-stream.js';
import type { AnswerRenderer } from '../upstream/answer-writer.js';
import { ChunkWriter, toChatCompletion } from '../upstream/openai-translate.js';
import type { ChatParsed, MessagesParsed, ResponsesParsed } from './parse-request.js';

function chatRenderer(parsed: ChatParsed): AnswerRenderer {
  return {
    json: (result, target) => toChatCompletion(result, target.model),
    stream(target) {
      const writer = new ChunkWriter(target.model, !parsed.stripUsage);
      return { write: (part) => writer.write(part), fail: (error) => errorEvent(error) };
    },
  };
}

function messagesRenderer(parsed: MessagesParsed): AnswerRenderer {
  const options = { model: parsed.request.model, thinking: parsed.request.thinking?.type === 'enabled' };
  return {
    json: (result, target) => toMessagesResponse(result, target.upstream, options),
    stream(target) {
      const writer = new MessagesStreamWriter(target.upstream, options);
      return { write: (part) => writer.write(part), fail: (error) => writer.write({ type: 'error', error }) };
    },
  };
}

function responsesRenderer(parsed: ResponsesParsed): AnswerRenderer {
  const context: ResponseContext = { ids: parsed.ids, createdAt: parsed.createdAt, request: parsed.request, model: parsed.request.model };
  return {
    json(result, target) {
      const object = toResponseObject(result, target.upstream, context);
      parsed.answer = object;
      return object;
    },
    stream(target) {
      const writer = new ResponsesStreamWriter(target.upstream, context);
      return {
        write(part) {
          const text = writer.write(part);
          if (part.type === 'finish') parsed.answer = writer.final;
          return text;
        },
        fail: (error) => writer.write({ type: 'error', error }),
      };
    },
  };
}

/** The renderer for a request whose answer is not passed through as the upstream's bytes. */
export function rendererFor(parsed: ChatParsed | MessagesParsed | ResponsesParsed): AnswerRenderer {
  switch (parsed.surface) {
    case 'chat':
      return chatRenderer(parsed);
    case 'messages':
      return messagesRenderer(parsed);
    case 'responses':
      return responsesRenderer(parsed);
  }
}
