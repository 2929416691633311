import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { SpanKind, ROOT_CONTEXT, trace } from '@opentelemetry/api';
function t(name: string, f: () => void, n = 20000) { for (let i = 0; i < 2000; i++) f(); const b = process.cpuUsage(); for (let i = 0; i < n; i++) f(); const u = process.cpuUsage(b); console.log(name, ((u.user + u.system) / n).toFixed(2), 'µs'); }
const p = new BasicTracerProvider({ spanProcessors: [new NoopSpanProcessor()] });
const tr = p.getTracer('x');
const work = () => { const s = tr.startSpan('chat open', { kind: SpanKind.SERVER, attributes: { a: 'chat', b: 'open', c: 'chat' } }); const ctx = trace.setSpan(ROOT_CONTEXT, s); const c = tr.startSpan('chat m', { kind: SpanKind.CLIENT, attributes: { a: 1, b: 'x', c: 'y', d: 'z', e: 1 } }, ctx); c.setAttribute('o', 'ok'); c.setAttribute('s', 200); c.end(); for (let i = 0; i < 9; i++) s.setAttribute('k' + i, i); s.end(); };
t('2 spans, noop processor', work);
const mem = new InMemorySpanExporter();
const p2 = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(mem)] });
const spans: any[] = [];
const tr2 = p2.getTracer('x');
for (let i = 0; i < 100; i++) { const s = tr2.startSpan('chat open', { attributes: { a: 'chat', b: 'open' } }); for (let j = 0; j < 9; j++) s.setAttribute('k' + j, j); s.end(); }
const got = mem.getFinishedSpans();
t('serialize JSON per span', () => { JsonTraceSerializer.serializeRequest(got.slice(0, 2)); }, 5000);
t('serialize JSON 100 spans /50', () => { JsonTraceSerializer.serializeRequest(got); }, 200);
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
t('serialize proto 100 spans /50', () => { ProtobufTraceSerializer.serializeRequest(got); }, 200);
