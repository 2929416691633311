/**
 * What the bench's instant upstream answers (upstream.ts), shared with the in-process surfaces bench: one
 * chat completion, and a stream of a role chunk, six words, the finish chunk, a usage chunk and [DONE].
 */
const usage = { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 };

export const UPSTREAM_JSON = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'bench-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the instant upstream.' }, finish_reason: 'stop' }],
  usage,
});

const chunk = (delta: object, finish: string | null = null, extra: object = {}): string =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'bench-model', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
const words = ['Hello', ' from', ' the', ' instant', ' upstream', '.'];

export const UPSTREAM_SSE =
  chunk({ role: 'assistant', content: '' }) +
  words.map((word) => chunk({ content: word })).join('') +
  chunk({}, 'stop') +
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'bench-model', choices: [], usage })}\n\n` +
  'data: [DONE]\n\n';
