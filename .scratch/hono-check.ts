import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { createServer } from 'node:http';
import { Pool } from 'undici';
const hono = new Hono();
hono.post('/v1/chat/completions', async (c) => { await c.req.arrayBuffer(); return c.json({ route: 'x' }); });
const server = createServer(getRequestListener(hono.fetch));
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const pool = new Pool(`http://127.0.0.1:${(server.address() as any).port}`, { connections: 4 });
for (let i = 0; i < 3; i++) {
  const r = await pool.request({ method: 'POST', path: '/v1/chat/completions', body: '{"a":1}' });
  console.log(r.statusCode, r.headers['connection'], r.headers['content-length'], await r.body.text());
}
const t = process.hrtime.bigint(); const before = process.cpuUsage();
for (let i = 0; i < 2000; i++) { const r = await pool.request({ method: 'POST', path: '/v1/chat/completions', body: '{"a":1}' }); await r.body.dump(); }
const u = process.cpuUsage(before); console.log('cpu µs/req', (u.user + u.system) / 2000, 'wall µs/req', Number(process.hrtime.bigint() - t) / 2000 / 1000);
await pool.close(); server.close();
