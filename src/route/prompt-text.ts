/**
 * What the router reads from a request: the text of the user turns. System prompts are left out on purpose:
 * they are usually the same boilerplate on every request of an application, so they carry no signal about
 * whether this request is hard, and they would drown the user's words.
 */

/** An OpenAI-style content part; only text parts are read. */
export interface RouteContentPart {
  type: string;
  text?: string;
}

/** An OpenAI-style chat message, accepted by shape. */
export interface RouteMessage {
  role: string;
  content?: string | readonly RouteContentPart[] | null;
}

export type RouteInput = string | readonly RouteMessage[];

function contentText(content: RouteMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!content) return '';
  let out = '';
  if (!Array.isArray(content)) return '';
  for (const part of content as readonly unknown[]) {
    // accepted by shape: anything but a {type: 'text', text: string} part is skipped
    if (typeof part !== 'object' || part === null) continue;
    const { type, text } = part as RouteContentPart;
    if (type === 'text' && typeof text === 'string') out += (out === '' ? '' : '\n') + text;
  }
  return out;
}

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
