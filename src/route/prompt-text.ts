/**
 * What the router reads from a request: the text of the user turns. System prompts are left out on purpose:
 * they are usually the same boilerplate on every request of an application, so they carry no signal about
 * whether this request is hard, and they would drown the user's words. The message and the text of its content
 * are the providers' (src/providers/chat-message.ts); the router only chooses which turns to read.
 */
import { contentText, type ChatMessage } from '../providers/index.js';

/** A prompt as text, or a conversation; the router reads only each turn's role and content. */
export type RouteInput = string | readonly Pick<ChatMessage, 'role' | 'content'>[];

/** The user turns joined by blank lines; when there is no user turn, every turn's text. */
export function promptText(input: RouteInput): string {
  if (typeof input === 'string') return input;
  let user = '';
  let all = '';
  for (const message of input) {
    const text = contentText(message.content);
    if (text === '') continue;
    all += (all === '' ? '' : '\n\n') + text;
    if (message.role === 'user') user += (user === '' ? '' : '\n\n') + text;
  }
  return user === '' ? all : user;
}
