const DASH = ['/api/meta','/api/track','/api/runs/:id/matrix','/api/gateway/summary'].map((p) => new RegExp(`^${p.replace(/:id/g, '([^/]+)')}$`));
function ifChain(method: string, path: string): string | undefined {
  if (method === 'POST' && path === '/v1/chat/completions') return 'chat';
  if (method === 'POST' && path === '/v1/embeddings') return 'embeddings';
  if (path.startsWith('/api/')) { for (const r of DASH) if (r.exec(path) !== null) return 'x'; return undefined; }
  return undefined;
}
const mixes: Record<string, Array<[string, string]>> = { chat: [['POST','/v1/chat/completions']], api: [['GET','/api/gateway/summary']], miss: [['GET','/assets/x.js']] };
for (const [name, reqs] of Object.entries(mixes)) {
  for (let run = 0; run < 3; run++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < 200000; i++) { const [m, p] = reqs[i % reqs.length]!; ifChain(m, p); }
    console.log(name, Number(process.hrtime.bigint() - t) / 200000);
  }
}
