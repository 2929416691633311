/**
 * A buffered OpenAI chat completion as a cascade reads it: the answer text a verifier checks (the message's
 * content; its tool calls as JSON when it has no content), the log-probabilities the upstream returned, and,
 * for a streaming client, the same answer written as an event stream once it is accepted.
 */
import { z } from 'zod';

const choiceSchema = z
  .object({
    index: z.number().optional(),
    message: z.object({ role: z.string().optional(), content: z.string().nullish(), tool_calls: z.array(z.unknown()).optional() }).passthrough(),
    logprobs: z.unknown().optional(),
    finish_reason: z.string().nullish(),
  })
  .passthrough();

export const chatCompletionSchema = z
  .object({
    id: z.string().optional(),
    model: z.string().optional(),
    created: z.number().optional(),
    choices: z.array(choiceSchema).min(1),
    usage: z.unknown().optional(),
  })
  .passthrough();
export type ChatCompletion = z.infer<typeof chatCompletionSchema>;

/** What a verifier reads of an answer. */
export interface AnswerText {
  text: string;
  logprobs: unknown;
}

export function answerText(completion: ChatCompletion): AnswerText {
  const choice = completion.choices[0] as ChatCompletion['choices'][number];
  const content = choice.message.content;
  const calls = choice.message.tool_calls;
  const text = typeof content === 'string' && content !== '' ? content : calls !== undefined && calls.length > 0 ? JSON.stringify(calls) : (content ?? '');
  return { text, logprobs: choice.logprobs ?? undefined };
}

function event(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

/**
 * The completion as `chat.completion.chunk` events: one delta with the whole message per choice, one with the
 * finish reason, the usage chunk when the client asked for it (`stream_options.include_usage`), then [DONE].
 */
export function completionEvents(completion: ChatCompletion, includeUsage: boolean): string {
  const head = { id: completion.id ?? 'chatcmpl-cascade', object: 'chat.completion.chunk', created: completion.created ?? Math.floor(Date.now() / 1000), model: completion.model ?? '' };
  let out = '';
  completion.choices.forEach((choice, position) => {
    const index = choice.index ?? position;
    const { role, content, tool_calls: calls, ...rest } = choice.message;
    const delta: Record<string, unknown> = { role: role ?? 'assistant', ...rest };
    if (content !== undefined) delta.content = content;
    if (calls !== undefined) delta.tool_calls = calls.map((call, callIndex) => ({ index: callIndex, ...(call as object) }));
    out += event({ ...head, choices: [{ index, delta, logprobs: choice.logprobs ?? null, finish_reason: null }] });
    out += event({ ...head, choices: [{ index, delta: {}, logprobs: null, finish_reason: choice.finish_reason ?? 'stop' }] });
  });
  if (includeUsage && completion.usage !== undefined) out += event({ ...head, choices: [], usage: completion.usage });
  return `${out}data: [DONE]\n\n`;
}
