/**
 * Sets up parity's gateway for the bench, with everything on: a virtual key (auth), a budget and rate limits on
 * it, routing rules on a group, per-request costing and the request log in a SQLite store. The bench then runs
 * the gateway as users do — `node bin/parity.js serve --config <file>` on the built `dist/` — so its CPU and
 * memory are the product's, not a TypeScript loader's. `UPSTREAM=http://…`; `LOG_BATCH` and `LOG_FLUSH_MS`
 * override the request log's batch size and flush interval (A/B runs); `TRACES=http://…/v1/traces` turns tracing
 * on (every request sampled, exported there over OTLP/HTTP).
 * Prints `{"config":"<file>","key":"pk-parity-…"}`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVirtualKey } from '../../src/gateway/keys/manage.js';
import { openStore } from '../../src/store/open-store.js';

const upstream = process.env.UPSTREAM ?? 'http://127.0.0.1:8000';
const folder = mkdtempSync(join(tmpdir(), 'parity-bench-'));
const storeUrl = `sqlite:${join(folder, 'parity.db')}`;
const setup = await openStore({ url: storeUrl });
const { secret } = await createVirtualKey(setup, {
  name: 'bench',
  budgetUsdTotal: 1_000_000,
  budgetUsdDaily: 1_000_000,
  rpm: 1_000_000_000,
  tpm: 1_000_000_000_000,
});
await setup.close();
const config = {
  server: { host: '127.0.0.1', port: 0 },
  auth: { required: true },
  store: { url: storeUrl },
  upstreams: {
    local: { baseUrl: `${upstream}/v1`, prices: { 'bench-model': { inputPerMtok: 0.2, outputPerMtok: 0.6 } } },
  },
  groups: { open: ['local/bench-model'], frontier: ['local/bench-model'] },
  rules: [
    { when: { hasTools: true }, route: 'frontier' },
    { when: { hasImages: true }, route: 'frontier' },
    { when: { promptTokensAbove: 8000 }, route: 'frontier' },
  ],
  ...(process.env.TRACES === undefined ? {} : { telemetry: { endpoint: process.env.TRACES, sampleRatio: 1 } }),
  logging: {
    bodies: false,
    ...(process.env.LOG_BATCH === undefined ? {} : { batchSize: Number(process.env.LOG_BATCH) }),
    ...(process.env.LOG_FLUSH_MS === undefined ? {} : { flushIntervalMs: Number(process.env.LOG_FLUSH_MS) }),
  },
};
const configFile = join(folder, 'gateway.json');
writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
process.stdout.write(`${JSON.stringify({ config: configFile, key: secret })}\n`);
