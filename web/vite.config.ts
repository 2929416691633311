/**
 * Builds the dashboard front-end into web/dist (served by `parity serve` / `npm start`).
 * `npm run build:web` builds; `npx vite --config web/vite.config.ts` serves it with hot reload and sends
 * /api to a `parity serve` on 127.0.0.1:8787.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: 'public',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
});
