/**
 * `parity watch` over a real update: a crafted LMArena leaderboard (served by the local mirror) puts an open
 * model above every closed one; the watch reports the crossing with exit 10, POSTs its JSON to a receiver on
 * 127.0.0.1, and reports nothing the next time. A failed delivery exits 6 and keeps the old state, so the next
 * run reports the crossing again. Both --json outputs match their committed JSON Schemas.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataUpdateJsonSchema, watchOutputJsonSchema } from '../../src/watch/output-schemas.js';
import { buildDataMirror, startMirrorServer, type MirrorServer } from '../helpers/data-mirror.js';
import { runCli } from '../helpers/run-cli.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const temps: string[] = [];
const temp = (prefix: string): string => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};

interface Receiver {
  url: string;
  posts: Array<{ contentType: string | undefined; body: string }>;
  status: number;
  server: Server;
}

async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = { url: '', posts: [], status: 204, server: createServer() };
  receiver.server.on('request', (request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      receiver.posts.push({ contentType: request.headers['content-type'], body });
      response.writeHead(receiver.status, { 'content-type': 'text/plain' });
      response.end(receiver.status < 400 ? '' : 'receiver is down');
    });
  });
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hook`;
  return receiver;
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv); // `format: date` is checked, not ignored with a warning
const schemaFile = (name: string) => JSON.parse(readFileSync(path.join(repoRoot, 'schemas', name), 'utf8')) as Record<string, unknown>;

let mirror: MirrorServer;
let receiver: Receiver;

beforeAll(async () => {
  const dir = temp('parity-mirror-');
  buildDataMirror(path.join(repoRoot, 'test/fixtures/catalog/shared'), dir);
  // the crafted source: an open model far above every closed one on the text leaderboard
  appendFileSync(path.join(dir, 'lmarena/lmarena_text.csv'), '1,1,DeepSeek-R1,1650,+5/-5,30000,DeepSeek,MIT,,https://huggingface.co/deepseek-ai/DeepSeek-R1\n');
  mirror = await startMirrorServer(dir);
  mirror.lastModified = 'Tue, 01 Dec 2026 08:00:00 GMT';
  receiver = await startReceiver();
});

afterAll(async () => {
  await mirror.close();
  await new Promise((resolve) => receiver.server.close(resolve));
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('parity watch (CLI)', () => {
  it('the committed JSON Schemas are the ones the zod schemas generate (npm run schemas)', () => {
    expect(schemaFile('data-update.schema.json')).toEqual(JSON.parse(JSON.stringify(dataUpdateJsonSchema())));
    expect(schemaFile('watch-output.schema.json')).toEqual(JSON.parse(JSON.stringify(watchOutputJsonSchema())));
  });

  it('reports a crossing after an update that contains one, exit 10, and POSTs it to the webhook once', async () => {
    const dir = temp('parity-watch-');
    const env = { PARITY_DATA_DIR: path.join(dir, 'data') };
    const validateWatch = ajv.compile(schemaFile('watch-output.schema.json'));
    const watch = (name: string, extra: string[] = []) =>
      runCli(['watch', '--json', '--name', name, '--db', `sqlite:${path.join(dir, 'parity.db')}`, '--benchmark', 'lmarena-text', '--min-score', '1600', '--tolerance', '1', ...extra], { env });

    for (const name of ['nightly', 'flaky']) {
      const baseline = await watch(name);
      expect(baseline.code, baseline.stderr).toBe(0);
      expect(JSON.parse(baseline.stdout)).toMatchObject({ kind: 'watch', name, baseline: true, crossings: [] });
    }

    const update = await runCli(['data', 'update', '--mirror', mirror.url, '--source', 'lmarena', '--json'], { env });
    expect(update.code, update.stderr).toBe(0);
    const output = JSON.parse(update.stdout) as { changes: { newFrontierPoints: Array<{ benchmark: string; group: string; modelName: string }> } };
    expect(ajv.validate(schemaFile('data-update.schema.json'), output), JSON.stringify(ajv.errors)).toBe(true);
    expect(output.changes.newFrontierPoints).toContainEqual(expect.objectContaining({ benchmark: 'lmarena-text', group: 'open', modelName: 'DeepSeek-R1' }));

    const crossed = await watch('nightly', ['--webhook', receiver.url]);
    expect(crossed.code, crossed.stderr).toBe(10);
    const report = JSON.parse(crossed.stdout) as { baseline: boolean; asOf: string; crossings: Array<{ kind: string; benchmark?: string }> };
    expect(validateWatch(report), JSON.stringify(validateWatch.errors)).toBe(true);
    expect(report).toMatchObject({ baseline: false, asOf: '2026-12-01' });
    expect(report.crossings).toContainEqual(expect.objectContaining({ kind: 'open-reached-frontier', benchmark: 'lmarena-text', open: expect.objectContaining({ modelName: 'DeepSeek-R1', score: 1650 }) }));
    expect(report.crossings).toContainEqual(expect.objectContaining({ kind: 'new-open-above', benchmark: 'lmarena-text', model: expect.objectContaining({ modelName: 'DeepSeek-R1' }) }));
    expect(receiver.posts).toHaveLength(1);
    expect(receiver.posts[0]?.contentType).toBe('application/json');
    expect(JSON.parse(receiver.posts[0]?.body ?? 'null')).toEqual(report);

    const again = await watch('nightly', ['--webhook', receiver.url]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ crossings: [] });
    expect(receiver.posts).toHaveLength(1);

    // a receiver that fails: exit 6, the state stays, and the crossing is reported again next time
    receiver.status = 500;
    const failed = await watch('flaky', ['--webhook', receiver.url]);
    expect(failed.code).toBe(6);
    expect(failed.stderr).toMatch(/webhook: HTTP 500: receiver is down/);
    receiver.status = 204;
    const retried = await watch('flaky', ['--webhook', receiver.url]);
    expect(retried.code, retried.stderr).toBe(10);
    expect((JSON.parse(retried.stdout) as { crossings: unknown[] }).crossings.length).toBeGreaterThan(0);
  }, 240_000);
});
