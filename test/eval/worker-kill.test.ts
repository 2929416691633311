/**
 * Distributed eval end to end, over real processes, a real Redis and a real Postgres: `parity eval --queue`
 * submits a 300-case suite, three `parity worker` processes run it, one is SIGKILLed while it has calls in flight.
 *
 * What is asserted, and why it is the honest guarantee. Delivery is at least once: the jobs a killed worker held
 * are handed to another worker once their lock expires, so a call that was in flight when the worker died is
 * made again. Recording is exactly once: a job whose result is already recorded is never run again. So:
 *   - every case is written to the store exactly once (a trigger counts INSERTs and UPDATEs of each row; the
 *     store's upsert would hide a second write, the trigger does not), and the submitting CLI completes;
 *   - each case the killed worker recorded reached the upstream exactly once (never redone);
 *   - each case the killed worker called but did not record (in flight at the kill) reached the upstream exactly
 *     twice — once from the killed worker, once from the survivor that recorded it — and there are at most as
 *     many of those as the killed worker runs jobs at once;
 *   - every other case reached the upstream exactly once, from a surviving worker.
 * Workers point at the fake upstream through distinct paths (their own OPENAI_COMPATIBLE_BASE_URL) and write
 * through distinct Postgres application names, so every call and every write is attributed to a process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { reply, startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { startPostgres } from '../helpers/postgres.js';
import { startRedis } from '../helpers/redis.js';
import { spawnCli, type CliResult } from '../helpers/run-cli.js';

const CASES = 300;
const WORKERS = 3;
const CONCURRENCY = 4;
const DELAY_MS = 40;
const VICTIM = 'w0';
// long enough that a live worker on a busy machine keeps its locks (renewed every half of it)
const LOCK_MS = 4_000;

const redis = await startRedis();
const postgres = await startPostgres();

interface Call {
  worker: string;
  caseId: string;
  answered: boolean;
}

/**
 * An OpenAI-compatible upstream answering "Say n" with "n" after a delay; `/<worker>/v1/…` names the caller.
 * It holds every answer until `open()`, so workers that start sooner cannot run ahead of the others.
 */
async function echoUpstream(): Promise<{ upstream: FakeUpstream; calls: Call[]; open: () => void }> {
  const calls: Call[] = [];
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const upstream = await startFakeUpstream();
  upstream.on(
    'POST *',
    reply.handler(async (request, response) => {
      const worker = request.path.split('/')[1] ?? '?';
      const prompt = (request.json as { messages: Array<{ content: string }> }).messages.at(-1)!.content;
      const call: Call = { worker, caseId: `c${prompt.replace('Say ', '')}`, answered: false };
      calls.push(call);
      await opened;
      await new Promise((resolve) => setTimeout(resolve, DELAY_MS));
      if (response.destroyed) return;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: `chatcmpl-${call.caseId}`,
          object: 'chat.completion',
          created: 0,
          model: 'echo',
          choices: [{ index: 0, message: { role: 'assistant', content: prompt.replace('Say ', '') }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
        }),
        () => {
          call.answered = true;
        },
      );
    }),
  );
  return { upstream, calls, open };
}

function withParam(url: string, name: string, value: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set(name, value);
  return parsed.toString();
}

function waitFor(condition: () => boolean, what: () => string, timeoutMs = 120_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (condition()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${what()}`));
      }
    }, 2);
  });
}

describe.skipIf(redis === undefined || postgres === undefined)('parity eval --queue with three workers, one SIGKILLed', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof echoUpstream>>;
  let dbUrl: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-queue-'));
    server = await echoUpstream();
    dbUrl = await postgres!.createSchema();
    const cases = Array.from({ length: CASES }, (_, i) => JSON.stringify({ id: `c${i}`, n: String(i), expected: String(i) })).join('\n');
    writeFileSync(path.join(dir, 'cases.jsonl'), `${cases}\n`);
    // no baseURL: each process takes it from its own OPENAI_COMPATIBLE_BASE_URL
    writeFileSync(
      path.join(dir, 'suite.yaml'),
      `name: queue-test
providers:
  - ref: openai-compatible/echo
    price: { inputPerMtok: 1, outputPerMtok: 2 }
    timeoutMs: 600000 # answers are held until every worker is up: no timeout (and retried call) meanwhile
prompt: "Say {{n}}"
cases: { file: cases.jsonl }
graders:
  - type: equals
`,
    );
    // create the schema, then count every write to eval_results per row and per writing process
    const store = await openStore({ url: dbUrl });
    await store.close();
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    await client.query(`
      create table result_writes (op text not null, writer text not null, case_id text not null, model_ref text not null, repeat_index integer not null);
      create function log_result_write() returns trigger language plpgsql as $$
      begin
        insert into result_writes values (TG_OP, current_setting('application_name'), NEW.case_id, NEW.model_ref, NEW.repeat_index);
        return NEW;
      end $$;
      create trigger result_writes after insert or update on eval_results for each row execute function log_result_write();
    `);
    await client.end();
  });

  afterAll(async () => {
    await server?.upstream.close();
    await postgres?.stop();
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('records every case exactly once and redoes only the killed worker\'s calls in flight', async () => {
    const queueName = `${redis!.keyPrefix.replace(/[^A-Za-z0-9_.-]/g, '-')}eval`;
    const common = ['--queue', redis!.url, '--queue-name', queueName];
    const workers = Array.from({ length: WORKERS }, (_, index) => {
      const name = `w${index}`;
      const started = spawnCli(
        ['worker', ...common, '--db', withParam(dbUrl, 'application_name', name), '--concurrency', String(CONCURRENCY), '--lock-duration', String(LOCK_MS)],
        { cwd: dir, env: { OPENAI_COMPATIBLE_BASE_URL: `${server.upstream.url}/${name}/v1`, PARITY_DATABASE_URL: '' } },
      );
      let stderr = '';
      started.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      return { name, ...started, ready: () => stderr.includes('worker ready'), stderr: () => stderr };
    });
    // the submitter starts with the workers (it plans, so it needs a base URL, but must never call the model)
    const submit = spawnCli(['eval', 'suite.yaml', ...common, '--db', withParam(dbUrl, 'application_name', 'submitter'), '--json', '--quiet', '--no-cache'], {
      cwd: dir,
      env: { OPENAI_COMPATIBLE_BASE_URL: `${server.upstream.url}/submitter/v1`, PARITY_DATABASE_URL: '' },
    });
    const log = () => workers.map((worker) => `${worker.name}: ${worker.stderr()}`).join('\n');
    await waitFor(() => workers.every((worker) => worker.ready()), () => `the workers to connect\n${log()}`);
    server.open();

    // kill the victim once it has done a good share of its work and while it has calls in flight
    const victim = workers.find((worker) => worker.name === VICTIM)!;
    const byVictim = () => server.calls.filter((call) => call.worker === VICTIM);
    await waitFor(() => byVictim().length >= 20 && byVictim().some((call) => !call.answered), () => `the victim to work\n${log()}`);
    victim.child.kill('SIGKILL');
    const killed = await victim.done;
    expect(killed.signal).toBe('SIGKILL');

    const submitted: CliResult = await submit.done;
    expect(submitted.code, submitted.stderr).toBe(0);
    const report = JSON.parse(submitted.stdout) as { runId: string; outcome: { status: string; done: number; total: number }; summary: { models: Array<{ passes: number }> } };
    expect(report.outcome).toMatchObject({ status: 'completed', done: CASES, total: CASES });
    expect(report.summary.models[0]!.passes).toBe(CASES);

    // the survivors stop gracefully on SIGTERM
    const survivors = workers.filter((worker) => worker !== victim);
    for (const worker of survivors) worker.child.kill('SIGTERM');
    for (const worker of survivors) {
      const result = await worker.done;
      expect(result.code, worker.stderr()).toBe(0);
    }

    const store = await openStore({ url: dbUrl });
    const results = await store.listResults(report.runId);
    const run = await store.getRun(report.runId);
    await store.close();
    expect(run?.status).toBe('completed');
    expect(results).toHaveLength(CASES);
    expect(new Set(results.map((result) => result.caseId)).size).toBe(CASES);
    expect(results.every((result) => result.pass && result.error === null)).toBe(true);

    // exactly one write per case: one INSERT, no UPDATE (a second recording would be an UPDATE of the upsert)
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const writes = (await client.query<{ op: string; writer: string; case_id: string }>('select op, writer, case_id from result_writes')).rows;
    await client.end();
    expect(writes.filter((write) => write.op !== 'INSERT')).toEqual([]);
    expect(writes).toHaveLength(CASES);
    expect(new Set(writes.map((write) => write.case_id)).size).toBe(CASES);
    const writer = new Map(writes.map((write) => [write.case_id, write.writer]));

    const callsOf = new Map<string, Call[]>();
    for (const call of server.calls) callsOf.set(call.caseId, [...(callsOf.get(call.caseId) ?? []), call]);
    expect(server.calls.some((call) => call.worker === 'submitter')).toBe(false);
    expect(callsOf.size).toBe(CASES);

    const calledByVictim = new Set(byVictim().map((call) => call.caseId));
    const recordedByVictim = [...calledByVictim].filter((caseId) => writer.get(caseId) === VICTIM);
    const inFlightAtKill = [...calledByVictim].filter((caseId) => writer.get(caseId) !== VICTIM);
    expect(recordedByVictim.length).toBeGreaterThan(0);
    // the victim was killed with calls in flight, so some work was redone — but never more than it held
    expect(inFlightAtKill.length).toBeGreaterThanOrEqual(1);
    expect(inFlightAtKill.length).toBeLessThanOrEqual(CONCURRENCY);

    for (const caseId of recordedByVictim) expect(callsOf.get(caseId)!.map((call) => call.worker), caseId).toEqual([VICTIM]);
    for (const caseId of inFlightAtKill) {
      const callers = callsOf.get(caseId)!.map((call) => call.worker);
      expect(callers, caseId).toHaveLength(2);
      expect(callers[0], caseId).toBe(VICTIM);
      expect(callers[1], caseId).toBe(writer.get(caseId));
    }
    for (const [caseId, calls] of callsOf) {
      if (calledByVictim.has(caseId)) continue;
      expect(calls.map((call) => call.worker), caseId).toEqual([writer.get(caseId)]);
    }
    // both survivors took part
    for (const worker of survivors) expect(writes.some((write) => write.writer === worker.name), worker.name).toBe(true);
  }, 240_000);
});
