import { ChatSseParts } from '../src/gateway/surfaces/chat-sse-parts.js';
import { ServerSentEventDecoder } from '../src/providers/sse.js';
import { chatCompletionChunkSchema } from '../src/providers/openai-compatible/schemas.js';
import { MessagesStreamWriter } from '../src/gateway/surfaces/anthropic/messages-stream.js';
const usage = { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 };
const chunk = (delta: object, finish: string | null = null, extra: object = {}): string =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'bench-model', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
const sse = chunk({ role: 'assistant', content: '' }) + ['Hello', ' from', ' the', ' instant', ' upstream', '.'].map((w) => chunk({ content: w })).join('') + chunk({}, 'stop') + `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'bench-model', choices: [], usage })}\n\n` + 'data: [DONE]\n\n';
const bytes = Buffer.from(sse);
function t(name: string, f: () => void, n = 20000) { for (let i = 0; i < 2000; i++) f(); const b = process.cpuUsage(); for (let i = 0; i < n; i++) f(); const u = process.cpuUsage(b); console.log(name, ((u.user + u.system) / n).toFixed(2), 'µs'); }
const datas = new ServerSentEventDecoder().push(sse).map((e) => e.data);
t('decode text+sse', () => { new ServerSentEventDecoder().push(new TextDecoder().decode(bytes)); });
t('JSON.parse x10', () => { for (const d of datas) if (d !== '[DONE]') JSON.parse(d); });
const parsed = datas.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d));
t('zod x10', () => { for (const p of parsed) chatCompletionChunkSchema.safeParse(p); });
t('parts all', () => { const r = new ChatSseParts('local', () => {}); r.push(bytes); r.end(); });
t('parts+writer', () => { const w = new MessagesStreamWriter('local', { model: 'open', thinking: false }); const r = new ChatSseParts('local', (p) => w.write(p)); r.push(bytes); r.end(); });
