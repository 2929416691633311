/**
 * Serves the built front-end (`web/dist`): `/` is index.html, `/assets/*` are content-hashed files cached for
 * a year, anything else that is not a file falls through (returns false) to the next handler or the 404.
 * Paths are resolved inside the root only; files are read once and kept in memory with their gzip form
 * (only files that exist: a path that names none is never remembered).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { acceptsGzip } from './respond.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json; charset=utf-8',
};

interface CachedFile {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
  immutable: boolean;
}

/** The page shown at `/` when the front-end has not been built. */
const NOT_BUILT = (root: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>parity dashboard: not built</title></head>` +
  `<body><main><h1>The dashboard has not been built</h1><p>No <code>index.html</code> in <code>${escapeHtml(root)}</code>. ` +
  `Run <code>npm run build:web</code> (or <code>npm run build</code>) and reload. The JSON API under <code>/api/</code> works without it.</p></main></body></html>`;

function escapeHtml(value: string): string {
  return value.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] ?? char);
}

export function createStaticHandler(root: string): (request: IncomingMessage, response: ServerResponse) => boolean {
  const resolvedRoot = path.resolve(root);
  // keyed by the resolved file, and only files that exist: the cache is bounded by the files under the root,
  // however many different paths (unknown ones, or other spellings of a known one) clients ask for
  const cache = new Map<string, CachedFile>();
  const indexFile = path.join(resolvedRoot, 'index.html');

  const load = (relative: string): CachedFile | null => {
    const file = path.resolve(resolvedRoot, relative);
    if (!file.startsWith(resolvedRoot + path.sep)) return null;
    const cached = cache.get(file);
    if (cached !== undefined) return cached;
    if (!existsSync(file) || !statSync(file).isFile()) return null;
    const body = readFileSync(file);
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const compressible = /^(text\/|application\/(json|manifest)|image\/svg)/.test(type);
    const entry: CachedFile = {
      body,
      gzip: compressible && body.length > 1024 ? gzipSync(body, { level: 9 }) : null,
      type,
      immutable: path.relative(resolvedRoot, file).startsWith(`assets${path.sep}`),
    };
    // index.html is re-read each time so a rebuild shows up without a restart; hashed assets never change
    if (file !== indexFile) cache.set(file, entry);
    return entry;
  };

  return (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const url = request.url ?? '/';
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(url, 'http://localhost').pathname);
    } catch {
      return false;
    }
    if (pathname.includes('\0')) return false;
    const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
    const file = load(relative);
    if (file === null) {
      if (relative !== 'index.html') return false;
      const body = Buffer.from(NOT_BUILT(resolvedRoot));
      response.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(body.length), 'cache-control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : body);
      return true;
    }
    const gzip = file.gzip !== null && acceptsGzip(request);
    const payload = gzip && file.gzip !== null ? file.gzip : file.body;
    response.writeHead(200, {
      'content-type': file.type,
      'content-length': String(payload.length),
      'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      vary: 'accept-encoding',
      'x-content-type-options': 'nosniff',
      ...(file.type.startsWith('text/html')
        ? { 'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'" }
        : {}),
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    response.end(request.method === 'HEAD' ? undefined : payload);
    return true;
  };
}
