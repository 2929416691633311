import { chatMessageSchema, contentText } from '../src/providers/chat-message.ts';
import { z } from 'zod';
const s = z.object({ messages: z.array(chatMessageSchema) });
for (const v of [
  { messages: [{ role: 'user', content: [{ type: 'text' }] }] },
  { messages: [{ role: 'user', content: [{ type: 'video_url', video_url: { url: 'x' } }, { type: 'text', text: 'hi' }] }] },
  { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] },
  { messages: [{ role: 'robot', content: 'x' }] },
  { messages: [{ role: 'user', content: [{ foo: 1 }] }] },
]) {
  const r = s.safeParse(v);
  console.log(r.success ? JSON.stringify(r.data) : JSON.stringify(r.error.issues.map((i) => [i.path, i.message])));
}
console.log(contentText([{ type: 'text', text: 'a' }, { type: 'image_url', image_url: { url: 'u' } }, { type: 'text', text: 'b' }]));
