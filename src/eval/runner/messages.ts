/** A case's chat messages: the suite's prompt template (one user turn, or system + user) filled with its vars. */
import { z } from 'zod';
import { renderTemplate } from '../suite/template.js';
import type { EvalMessage } from './ports.js';

export type PromptTemplate = string | { system?: string | undefined; user: string };

export function buildMessages(prompt: PromptTemplate, vars: Record<string, unknown>): EvalMessage[] {
  if (typeof prompt === 'string') return [{ role: 'user', content: renderTemplate(prompt, vars) }];
  const messages: EvalMessage[] = [];
  if (prompt.system) messages.push({ role: 'system', content: renderTemplate(prompt.system, vars) });
  messages.push({ role: 'user', content: renderTemplate(prompt.user, vars) });
  return messages;
}

/** The messages a run keeps per case (`store.readCaseMessages`), read back: a list of `{role, content}`. */
export const keptMessagesSchema = z.array(z.object({ role: z.string(), content: z.string() }));
