/**
 * parity's gateway for the bench, with everything on: a virtual key (auth), a budget and rate limits on it,
 * routing rules on a group, per-request costing and the request log in a SQLite store. `UPSTREAM=http://…`;
 * `LOG_BATCH` and `LOG_FLUSH_MS` override the request log's batch size and flush interval (A/B runs);
 * `TRACES=http://…/v1/traces` turns tracing on (every request sampled, exported there over OTLP/HTTP).
 * Prints `{"port":N,"key":"pk-parity-…"}` when ready; SIGTERM drains and flushes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseGatewayConfig } from '../../src/gateway/config/load.js';
import { createVirtualKey } from '../../src/gateway/keys/manage.js';
import { createGateway } from '../../src/gateway/server.js';
import { openStore } from '../../src/store/open-store.js';

const upstream = process.env.UPSTREAM ?? 'http://127.0.0.1:8000';
const storePath = join(mkdtempSync(join(tmpdir(), 'parity-bench-')), 'parity.db');
const storeUrl = `sqlite:${storePath}`;
const setup = await openStore({ url: storeUrl });
const { secret } = await createVirtualKey(setup, {
  name: 'bench',
  budgetUsdTotal: 1_000_000,
  budgetUsdDaily: 1_000_000,
  rpm: 1_000_000_000,
  tpm: 1_000_000_000_000,
});
await setup.close();
const config = parseGatewayConfig({
  server: { host: '127.0.0.1', port: Number(process.env.PORT ?? 0) },
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
});
// the gateway opens the store itself, so the request log is written from a worker thread
const gateway = await createGateway(config);
const { port } = await gateway.listen();
await gateway.flush(); // returns once the request-log worker is up, so its start-up is not measured
process.stdout.write(`${JSON.stringify({ port, key: secret })}\n`);
process.once('SIGTERM', () => {
  void gateway.close().then(() => process.exit(0));
});
