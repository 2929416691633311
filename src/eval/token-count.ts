/**
 * Counting tokens where no provider did: `--estimate` before a run, and the charge of an answer that came back
 * without its token counts. One tokenizer for both, OpenAI's o200k_base (exact for recent OpenAI models, an
 * approximation for others), loaded on first use: a run whose answers all report usage never loads it.
 */
import type { EvalMessage } from './runner/ports.js';

export const ESTIMATE_TOKENIZER = 'o200k_base';

export interface TokenCounter {
  /** Chat tokens as OpenAI counts them: each message's content plus 3 for its framing, and 3 to prime the reply. */
  chat(messages: readonly EvalMessage[]): number;
  text(text: string): number;
}

let loading: Promise<TokenCounter> | undefined;

export function tokenCounter(): Promise<TokenCounter> {
  loading ??= import('gpt-tokenizer/encoding/o200k_base').then(({ countTokens }) => ({
    chat: (messages) => messages.reduce((sum, message) => sum + countTokens(message.content) + 3, 3),
    text: (text) => countTokens(text),
  }));
  return loading;
}
