/**
 * Which router for the one HTTP app: the per-request routing and dispatch cost of the hand-written `if` chain
 * of server.ts, find-my-way, and Hono on @hono/node-server (idiomatic: Web Request/Response; and "direct":
 * Hono routing, the handler writing to node's response itself), on node:http with the gateway's route set
 * (the /v1 API with the new surfaces, /healthz, /metrics, /admin/keys, the dashboard API, static files).
 *
 *   npx tsx bench/gateway/router.ts [--rounds 7] [--requests 4000] [--concurrency 16]
 *
 * In one process: one node:http server per variant on 127.0.0.1 and an undici keep-alive client sending the
 * same request mix to each. Each round runs every variant once (the order rotates); a variant's cost is the
 * process CPU per request minus that of a server with no routing at all (the client's share cancels out).
 * Medians over rounds. A bare lookup timed alone (no sockets) is sub-microsecond for each of them and moved
 * with the JIT's state from run to run, so it is not reported: on node:http what a router costs is its
 * adapter and its dispatch, which this measures.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import FindMyWay from 'find-my-way';
import { Hono } from 'hono';
import { Pool } from 'undici';
import { median, numberFlag } from './bench-support.js';

const ROUNDS = numberFlag('rounds', 7);
const REQUESTS = numberFlag('requests', 4000);
const CONCURRENCY = numberFlag('concurrency', 16);

type Method = 'GET' | 'POST' | 'DELETE';
/** The gateway's routes (server.ts, the new surfaces, admin) and the dashboard API (create-dashboard.ts). */
const ROUTES: Array<[Method, string]> = [
  ['POST', '/v1/chat/completions'],
  ['POST', '/v1/embeddings'],
  ['POST', '/v1/messages'],
  ['POST', '/v1/messages/count_tokens'],
  ['POST', '/v1/responses'],
  ['GET', '/v1/responses/:id'],
  ['DELETE', '/v1/responses/:id'],
  ['GET', '/v1/models'],
  ['GET', '/healthz'],
  ['GET', '/metrics'],
  ['POST', '/admin/keys'],
  ['GET', '/admin/keys'],
  ['DELETE', '/admin/keys/:id'],
  ...(
    [
      '/api/meta',
      '/api/track',
      '/api/track/domain',
      '/api/catalog/models',
      '/api/catalog/model',
      '/api/runs',
      '/api/runs/:id',
      '/api/runs/:id/matrix',
      '/api/runs/:id/case',
      '/api/route/evals',
      '/api/route/split',
      '/api/gateway/summary',
      '/api/gateway/requests',
      '/api/cost',
      '/api/license',
    ] as const
  ).map((path): [Method, string] => ['GET', path]),
];

/** The traffic: mostly model requests, then the rest. [method, path, weight]. */
const MIX: Array<[Method, string, number]> = [
  ['POST', '/v1/chat/completions', 60],
  ['POST', '/v1/messages', 12],
  ['POST', '/v1/responses', 12],
  ['POST', '/v1/embeddings', 4],
  ['GET', '/v1/models', 2],
  ['GET', '/healthz', 2],
  ['GET', '/metrics', 2],
  ['GET', '/api/runs/run_1/matrix', 2],
  ['GET', '/api/gateway/summary', 2],
  ['GET', '/assets/index.js', 1],
  ['GET', '/nowhere/at/all', 1],
];
const BODY = JSON.stringify({ model: 'open', messages: [{ role: 'user', content: 'Hello there, how are you today?' }] });
const requests: Array<[Method, string]> = MIX.flatMap(([method, path, weight]) => Array.from({ length: weight }, (): [Method, string] => [method, path]));

const answer = (response: ServerResponse, route: string): void => {
  const body = `{"route":"${route}"}`;
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  response.end(body);
};
const notFound = (response: ServerResponse): void => {
  response.writeHead(404, { 'content-length': '0' });
  response.end();
};
/** Every variant reads the body of a POST, as the gateway does. */
const drain = (request: IncomingMessage, then: () => void): void => {
  if (request.method !== 'POST') return then();
  request.on('data', () => undefined);
  request.on('end', then);
};

// ---- the variants ---------------------------------------------------------------------------------------

const DASHBOARD = ROUTES.filter(([, path]) => path.startsWith('/api/')).map(([, path]) => ({ path, pattern: new RegExp(`^${path.replace(/:id/g, '([^/]+)')}$`) }));

/** server.ts's shape: exact compares, a prefix for /admin, the dashboard's regex list, then static files. */
function ifChain(method: string, path: string): string | undefined {
  if (method === 'POST' && path === '/v1/chat/completions') return 'chat';
  if (method === 'POST' && path === '/v1/embeddings') return 'embeddings';
  if (method === 'POST' && path === '/v1/messages') return 'messages';
  if (method === 'POST' && path === '/v1/messages/count_tokens') return 'count_tokens';
  if (method === 'POST' && path === '/v1/responses') return 'responses';
  if ((method === 'GET' || method === 'DELETE') && path.startsWith('/v1/responses/')) return 'response';
  if (method === 'GET' && path === '/v1/models') return 'models';
  if (method === 'GET' && path === '/healthz') return 'health';
  if (method === 'GET' && path === '/metrics') return 'metrics';
  if (path.startsWith('/admin/')) return 'admin';
  if (path.startsWith('/api/')) {
    for (const route of DASHBOARD) if (route.pattern.exec(path) !== null) return route.path;
    return undefined;
  }
  return method === 'GET' && path.startsWith('/assets/') ? 'static' : undefined;
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

const variants: Record<string, (request: IncomingMessage, response: ServerResponse) => void> = {
  'no routing (baseline)': (request, response) => drain(request, () => answer(response, 'x')),
  'if chain (server.ts)': (request, response) => {
    const route = ifChain(request.method ?? 'GET', pathOf(request.url ?? '/'));
    drain(request, () => (route === undefined ? notFound(response) : answer(response, route)));
  },
};

const fmw = FindMyWay({ defaultRoute: (request, response) => drain(request, () => notFound(response)) });
for (const [method, path] of ROUTES) fmw.on(method, path, (request, response) => drain(request, () => answer(response, path)));
fmw.on('GET', '/assets/*', (request, response) => answer(response, 'static'));
variants['find-my-way'] = (request, response) => fmw.lookup(request, response);

const hono = new Hono();
for (const [method, path] of ROUTES) {
  hono.on(method, path, async (context) => {
    if (method === 'POST') await context.req.arrayBuffer();
    return context.json({ route: path });
  });
}
hono.get('/assets/*', (context) => context.json({ route: 'static' }));
variants['Hono (Web Request/Response)'] = getRequestListener(hono.fetch);

const honoDirect = new Hono<{ Bindings: { incoming: IncomingMessage; outgoing: ServerResponse } }>();
for (const [method, path] of ROUTES) {
  honoDirect.on(method, path, (context) => {
    drain(context.env.incoming, () => answer(context.env.outgoing, path));
    return RESPONSE_ALREADY_SENT;
  });
}
honoDirect.get('/assets/*', (context) => {
  answer(context.env.outgoing, 'static');
  return RESPONSE_ALREADY_SENT;
});
variants['Hono (handlers write to node)'] = getRequestListener(honoDirect.fetch);

// ---- measuring -----------------------------------------------------------------------------------------

async function listen(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer({ keepAliveTimeout: 65_000 }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Sends `count` requests of the mix; returns how many were answered 200 (the rest must be the mix's 404s). */
async function drive(pool: Pool, count: number): Promise<number> {
  let next = 0;
  let ok = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const [method, path] = requests[next++ % requests.length] as [Method, string];
      const response = await pool.request({ method, path, ...(method === 'POST' ? { body: BODY, headers: { 'content-type': 'application/json' } } : {}) });
      await response.body.text();
      if (response.statusCode === 200) ok++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return ok;
}

async function main(): Promise<void> {
  const names = Object.keys(variants);
  const servers = await Promise.all(names.map((name) => listen(variants[name] as (request: IncomingMessage, response: ServerResponse) => void)));
  const pools = servers.map(({ url }) => new Pool(url, { connections: CONCURRENCY, pipelining: 1 }));
  // the answers must be right before they are timed
  for (const [index, name] of names.entries()) {
    if (index === 0) continue;
    const pool = pools[index] as Pool;
    const check = async (method: Method, path: string, status: number): Promise<void> => {
      const response = await pool.request({ method, path, ...(method === 'POST' ? { body: BODY } : {}) });
      const text = await response.body.text();
      if (response.statusCode !== status) throw new Error(`${name}: ${method} ${path} answered ${response.statusCode} ${text}`);
      if (status === 200 && typeof (JSON.parse(text) as { route?: unknown }).route !== 'string') throw new Error(`${name}: ${method} ${path} answered ${text}`);
    };
    await check('POST', '/v1/chat/completions', 200);
    await check('GET', '/api/runs/run_1/case', 200);
    await check('DELETE', '/admin/keys/key_1', 200);
    await check('GET', '/nowhere', 404);
    await check('POST', '/v1/responses', 200); // after a 404 on the same connection
  }
  for (const pool of pools) await drive(pool, 1000); // warm-up
  const cpu: number[][] = names.map(() => []);
  const wall: number[][] = names.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (let step = 0; step < names.length; step++) {
      const index = (step + round) % names.length;
      const before = process.cpuUsage();
      const startedAt = performance.now();
      const ok = await drive(pools[index] as Pool, REQUESTS);
      const used = process.cpuUsage(before);
      (wall[index] as number[]).push(((performance.now() - startedAt) * 1000) / REQUESTS);
      const expected = REQUESTS - Math.round((REQUESTS * 1) / requests.length);
      if (index > 0 && Math.abs(ok - expected) > 2) throw new Error(`${names[index]}: ${ok} of ${REQUESTS} answered 200, expected ${expected}`);
      (cpu[index] as number[]).push((used.user + used.system) / REQUESTS);
    }
  }
  const base = cpu[0] as number[];
  console.log(`router bench: ${ROUNDS} rounds × ${REQUESTS} requests per variant, ${CONCURRENCY} connections, node ${process.version}`);
  console.log('| variant | CPU µs/request (whole process) | over no routing (median of per-round differences) | wall µs/request |');
  console.log('| --- | --- | --- | --- |');
  for (const [index, name] of names.entries()) {
    const own = cpu[index] as number[];
    const over = index === 0 ? '—' : `${median(own.map((value, round) => value - (base[round] as number))).toFixed(1)} µs`;
    console.log(`| ${name} | ${median(own).toFixed(1)} | ${over} | ${median(wall[index] as number[]).toFixed(1)} |`);
  }
  await Promise.all(pools.map((pool) => pool.close()));
  for (const { server } of servers) server.close();
}

await main();
