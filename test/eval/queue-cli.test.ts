/**
 * `parity eval --queue` and `parity worker` as a user meets them without a working setup: one-line errors (no
 * stack traces) for a store workers cannot share and for an unreachable Redis or Postgres, a hint when no worker
 * is there, and Ctrl-C taking the run's jobs off the queue.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/local-service.js';
import { startRedis } from '../helpers/redis.js';
import { runCli, spawnCli } from '../helpers/run-cli.js';

const redis = await startRedis();

describe('parity eval --queue / parity worker from the command line', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-queue-cli-'));
    writeFileSync(
      path.join(dir, 'suite.yaml'),
      `name: queue-cli
providers:
  - ref: openai-compatible/echo
    baseURL: http://127.0.0.1:9/v1
prompt: "Say {{n}}"
cases:
  - { id: a, vars: { n: "1" }, expected: "1" }
  - { id: b, vars: { n: "2" }, expected: "2" }
graders: [{ type: equals }]
`,
    );
  });

  afterAll(async () => {
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('explains each missing piece in one line', async () => {
    const closedPort = await freePort();
    const env = { PARITY_DATABASE_URL: '', PARITY_QUEUE_URL: '' };
    const [noStore, noRedis, noPostgres] = await Promise.all([
      runCli(['eval', 'suite.yaml', '--queue', 'redis://127.0.0.1:6379'], { cwd: dir, env }),
      runCli(['eval', 'suite.yaml', '--queue', `redis://127.0.0.1:${closedPort}`, '--db', path.join(dir, 'shared.db')], { cwd: dir, env }),
      runCli(['worker', '--queue', `redis://127.0.0.1:${closedPort}`, '--db', `postgres://parity@127.0.0.1:${closedPort}/parity`], { cwd: dir, env }),
    ]);
    expect(noStore.code).toBe(3);
    expect(noStore.stderr).toMatch(/^parity: --db: a distributed eval needs a store every worker can reach: give --db postgres:\/\//);
    expect(noRedis.code).toBe(3);
    expect(noRedis.stderr).toBe(`parity: --queue: cannot reach Redis at redis://127.0.0.1:${closedPort}: connect ECONNREFUSED 127.0.0.1:${closedPort}\n`);
    expect(noPostgres.code).toBe(3);
    expect(noPostgres.stderr).toMatch(new RegExp(`^parity: postgres://parity@127\\.0\\.0\\.1:${closedPort}/parity: cannot reach the store: connect ECONNREFUSED`));
    for (const result of [noStore, noRedis, noPostgres]) {
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  }, 180_000);

  it.skipIf(redis === undefined)('says how to start a worker when none is there, and Ctrl-C takes the run off the queue', async () => {
    const queueName = `${redis!.keyPrefix.replace(/[^A-Za-z0-9_.-]/g, '-')}cli`;
    const submit = spawnCli(['eval', 'suite.yaml', '--queue', redis!.url, '--queue-name', queueName, '--db', path.join(dir, 'shared.db')], {
      cwd: dir,
      env: { PARITY_DATABASE_URL: '' },
    });
    let stderr = '';
    submit.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (stderr.includes('no worker is taking jobs')) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
      void submit.done.then((result) => {
        clearInterval(timer);
        reject(new Error(`parity eval ended before it asked for workers: ${result.stderr}`));
      });
    });
    const queue = new Queue(queueName, { connection: { url: redis!.url }, prefix: 'parity' });
    try {
      expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 2 });
      submit.child.kill('SIGINT');
      const result = await submit.done;
      expect(result.code).toBe(130);
      expect(result.stderr).toContain(`parity worker --queue ${redis!.url} --db ${path.join(dir, 'shared.db')} --queue-name ${queueName}`);
      expect(result.stderr).toContain('continue with --resume');
      expect(await queue.getJobCounts('waiting', 'active', 'delayed')).toEqual({ waiting: 0, active: 0, delayed: 0 });
    } finally {
      await queue.close();
    }
  }, 120_000);
});
