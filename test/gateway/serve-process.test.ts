import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { reply, startFakeUpstream } from '../helpers/fake-upstream.js';
import { textResponse } from './harness.js';

const cli = fileURLToPath(new URL('./run-cli.ts', import.meta.url));

describe('parity serve as a process', () => {
  it('serves, then on SIGTERM drains the request in flight and flushes every log entry to the store', async () => {
    const upstream = await startFakeUpstream();
    const dir = mkdtempSync(join(tmpdir(), 'parity-serve-'));
    const db = join(dir, 'parity.db');
    const config = join(dir, 'gateway.yaml');
    writeFileSync(
      config,
      [
        'upstreams:',
        `  local: { baseUrl: "${upstream.url}/v1", prices: { m: { inputPerMtok: 1, outputPerMtok: 1 } } }`,
        'models:',
        '  main: local/m',
        'auth: { required: false }',
        'logging: { flushIntervalMs: 60000 }',
      ].join('\n'),
    );
    upstream.on('POST /v1/chat/completions', reply.json(textResponse()), reply.json(textResponse()), reply.json(textResponse()), reply.json(textResponse(), { delayMs: 400 }));
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve', '--config', config, '--port', '0', '--db', `sqlite:${db}`, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        const lines = createInterface({ input: child.stdout });
        let text = '';
        lines.on('line', (line) => {
          text += line;
          if (line.startsWith('}')) resolve(text);
        });
        child.once('exit', () => reject(new Error(`serve exited: ${stderr}`)));
      });
      const { url } = JSON.parse(firstLine) as { url: string };
      const client = new OpenAI({ apiKey: 'x', baseURL: `${url}/v1`, maxRetries: 0 });
      const ask = () => client.chat.completions.create({ model: 'main', messages: [{ role: 'user', content: 'hi' }] });
      await ask();
      await ask();
      await ask();
      const slow = ask(); // answered after 400 ms
      await expect.poll(() => upstream.inFlight).toBe(1);
      child.kill('SIGTERM');
      expect((await slow).choices).toHaveLength(1);
      expect(await exited).toBe(0);
      expect(stderr).toContain('request log flushed');

      const store = await openStore({ url: `sqlite:${db}` });
      try {
        const logs = await store.queryRequestLogs({}, 100);
        expect(logs).toHaveLength(4);
        expect(logs.every((entry) => entry.status === 200 && entry.upstream === 'local' && entry.inputTokens === 16)).toBe(true);
      } finally {
        await store.close();
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await upstream.close();
    }
  }, 120_000); // a child process started from the TypeScript sources: slow to boot on a busy 2-core machine
});
