import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { reply, startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { runCli, spawnCli } from '../helpers/run-cli.js';

const CASES = 1000;

/** An OpenAI-compatible upstream that answers "n" with "n" after a short delay, counting each case it sees. */
async function echoUpstream(): Promise<{ upstream: FakeUpstream; seen: Map<string, number> }> {
  const seen = new Map<string, number>();
  const upstream = await startFakeUpstream();
  upstream.on(
    'POST /v1/chat/completions',
    reply.handler(async (request, response) => {
      const body = request.json as { messages: Array<{ content: string }> };
      const prompt = body.messages.at(-1)!.content;
      seen.set(prompt, (seen.get(prompt) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 3));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: `chatcmpl-${prompt}`,
          object: 'chat.completion',
          created: 0,
          model: 'echo',
          choices: [{ index: 0, message: { role: 'assistant', content: prompt.replace('Say ', '') }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
        }),
      );
    }),
  );
  return { upstream, seen };
}

describe('parity eval --resume after SIGKILL', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof echoUpstream>>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-resume-'));
    server = await echoUpstream();
    const cases = Array.from({ length: CASES }, (_, i) => JSON.stringify({ id: `c${i}`, n: String(i), expected: String(i) })).join('\n');
    writeFileSync(path.join(dir, 'cases.jsonl'), `${cases}\n`);
    writeFileSync(
      path.join(dir, 'suite.yaml'),
      `name: resume-test
providers:
  - ref: openai-compatible/echo
    baseURL: ${server.upstream.url}/v1
    price: { inputPerMtok: 1, outputPerMtok: 2 }
prompt: "Say {{n}}"
cases: { file: cases.jsonl }
graders:
  - type: equals
concurrency: 8
`,
    );
  });

  afterAll(async () => {
    await server.upstream.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the run and never calls a finished case again', async () => {
    const db = path.join(dir, 'parity.db');
    const first = spawnCli(['eval', 'suite.yaml', '--db', db, '--quiet', '--no-cache'], { cwd: dir });
    // kill it hard once a good share of the work is done
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (server.upstream.count() >= CASES / 3) {
          clearInterval(timer);
          first.child.kill('SIGKILL');
          resolve();
        }
      }, 5);
      first.done.then((result) => {
        clearInterval(timer);
        if (result.signal !== 'SIGKILL') reject(new Error(`the first run ended before it was killed: ${result.stderr}`));
      });
    });
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');

    const store = await openStore({ url: db });
    const [run] = await store.listRuns();
    const finishedBefore = await store.listResults(run!.id);
    await store.close();
    expect(finishedBefore.length).toBeGreaterThan(0);
    expect(finishedBefore.length).toBeLessThan(CASES);

    const resumed = await runCli(['eval', 'suite.yaml', '--db', db, '--resume', '--json', '--quiet', '--no-cache'], { cwd: dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    const report = JSON.parse(resumed.stdout) as { runId: string; outcome: { status: string; done: number; skipped: number } };
    expect(report.runId).toBe(run!.id);
    expect(report.outcome.status).toBe('completed');
    expect(report.outcome.done).toBe(CASES);
    expect(report.outcome.skipped).toBe(finishedBefore.length);

    const after = await openStore({ url: db });
    const results = await after.listResults(run!.id);
    await after.close();
    expect(results).toHaveLength(CASES);
    expect(results.every((result) => result.pass)).toBe(true);
    // every case that had finished before the kill was sent to the server exactly once over both runs
    for (const result of finishedBefore) expect(server.seen.get(`Say ${result.caseId.slice(1)}`)).toBe(1);
    // and every case was sent at least once
    expect(server.seen.size).toBe(CASES);
  }, 120_000);
});
