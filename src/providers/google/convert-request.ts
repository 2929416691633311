/** Turns a GenerateRequest into a Gemini `generateContent` request body. */
import type { GenerateRequest, ImagePart, Message } from '../request.js';
import { splitDataUrl } from '../request.js';
import { parseToolInput } from '../stream-support.js';

type Part = Record<string, unknown>;

const IMAGE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' };

function imagePart(part: ImagePart): Part {
  const data = splitDataUrl(part.url);
  if (data !== undefined) return { inlineData: { mimeType: part.mediaType ?? data.mediaType, data: data.base64 } };
  const extension = /\.([a-z]+)(?:[?#].*)?$/i.exec(part.url)?.[1]?.toLowerCase() ?? '';
  return { fileData: { mimeType: part.mediaType ?? IMAGE_TYPES[extension] ?? 'image/jpeg', fileUri: part.url } };
}

function toParts(message: Exclude<Message, { role: 'system' }>, provider: string): Part[] {
  if (typeof message.content === 'string') return [{ text: message.content }];
  return message.content.map((part): Part => {
    switch (part.type) {
      case 'text':
        return { text: part.text };
      case 'image':
        return imagePart(part);
      case 'tool-call':
        return { functionCall: { name: part.toolName, args: parseToolInput(provider, part) } };
      case 'tool-result':
        return { functionResponse: { name: part.toolName, response: { name: part.toolName, content: part.output } } };
    }
  });
}

export function toGenerateContentBody(request: GenerateRequest, provider: string): Record<string, unknown> {
  const system: string[] = [];
  const contents: Array<{ role: 'user' | 'model'; parts: Part[] }> = [];
  for (const message of request.messages) {
    if (message.role === 'system') {
      system.push(message.content);
      continue;
    }
    const role = message.role === 'assistant' ? 'model' : 'user'; // function responses travel in user turns
    const parts = toParts(message, provider);
    const last = contents.at(-1);
    if (last !== undefined && last.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  }
  const body: Record<string, unknown> = { contents };
  if (system.length > 0) body.systemInstruction = { parts: system.map((text) => ({ text })) };
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = [
      {
        functionDeclarations: request.tools.map((tool) => ({
          name: tool.name,
          ...(tool.description === undefined ? {} : { description: tool.description }),
          parametersJsonSchema: tool.inputSchema,
        })),
      },
    ];
  }
  const choice = request.toolChoice;
  if (choice !== undefined) {
    body.toolConfig = {
      functionCallingConfig:
        typeof choice !== 'string'
          ? { mode: 'ANY', allowedFunctionNames: [choice.toolName] }
          : { mode: choice === 'required' ? 'ANY' : choice === 'none' ? 'NONE' : 'AUTO' },
    };
  }
  const generationConfig: Record<string, unknown> = {};
  if (request.temperature !== undefined) generationConfig.temperature = request.temperature;
  if (request.maxTokens !== undefined) generationConfig.maxOutputTokens = request.maxTokens;
  if (request.stop !== undefined && request.stop.length > 0) generationConfig.stopSequences = request.stop;
  if (request.seed !== undefined) generationConfig.seed = request.seed;
  if (request.responseFormat?.type === 'json') {
    generationConfig.responseMimeType = 'application/json';
    if (request.responseFormat.schema !== undefined) generationConfig.responseJsonSchema = request.responseFormat.schema;
  }
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  return body;
}
