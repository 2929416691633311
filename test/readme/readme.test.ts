/**
 * Every shell code block of README.md runs as written, in order, in one fresh folder: `parity` on the PATH as
 * `npm link` puts it (the built bin/parity.js; the build is brought up to date first, as `npm start` does),
 * `examples/` beside it as in a clone, no keys but a fake OpenAI-compatible upstream on 127.0.0.1 behind the
 * documented variables (OPENAI_BASE_URL, OLLAMA_BASE_URL …). `RUN_ID` stands for the id that
 * `parity eval examples/arena-bench/suite.yaml` prints, as the README says. A block preceded by
 * `<!-- readme-test: skip — reason -->` is not run (a server that runs until Ctrl-C, a real paid provider, a
 * database server named in the command); every other block must exit 0 within its time bound. The README's
 * zero-config gateway (`parity serve --upstream qwen2.5:7b=…`) runs for the whole test on a free port, and a
 * block's `http://127.0.0.1:8787` is that gateway's address (the clients' examples run against it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, type RecordedRequest, reply, startFakeUpstream } from '../helpers/fake-upstream.js';
import { GATEWAY_ADDRESS, RUN_ID_PLACEHOLDER, printedRunIds, readShellBlocks } from './readme-blocks.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const { blocks, problems } = readShellBlocks(readme);
/** The bound on one block (several commands); a block that takes longer fails as not running. */
const BLOCK_TIMEOUT_MS = 180_000;
const OUTPUT_TAIL = 3000;

interface BlockResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  timedOut: boolean;
}

/** A fake model: answers the support-triage suite of `parity eval init` like a good classifier, else briefly. */
function answerFor(request: RecordedRequest): string {
  const body = request.json as { messages?: Array<{ role?: string; content?: unknown }> } | undefined;
  const user = [...(body?.messages ?? [])].reverse().find((message) => message.role === 'user');
  const text = typeof user?.content === 'string' ? user.content : JSON.stringify(user?.content ?? '');
  if (/charged|refund|invoice/i.test(text)) return 'billing';
  if (/crash|error|broken/i.test(text)) return 'bug';
  if (/ticket/i.test(text)) return 'other';
  return 'The answer is 42.';
}

function chatCompletion(request: RecordedRequest): unknown {
  const model = (request.json as { model?: string } | undefined)?.model ?? 'fake';
  return {
    id: `chatcmpl-readme-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: answerFor(request) }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 20, completion_tokens: 2, total_tokens: 22 },
  };
}

/** The same answer as a Chat Completions event stream (for `stream: true`), usage in the last chunk. */
function chatStream(request: RecordedRequest): string {
  const completion = chatCompletion(request) as { id: string; created: number; model: string; choices: Array<{ message: { content: string } }>; usage: unknown };
  const chunk = (delta: unknown, finish: string | null, usage?: unknown): string =>
    `data: ${JSON.stringify({ id: completion.id, object: 'chat.completion.chunk', created: completion.created, model: completion.model, choices: [{ index: 0, delta, finish_reason: finish }], ...(usage === undefined ? {} : { usage }) })}\n\n`;
  const text = completion.choices[0]?.message.content ?? '';
  return chunk({ role: 'assistant', content: '' }, null) + chunk({ content: text }, null) + chunk({}, 'stop', completion.usage) + 'data: [DONE]\n\n';
}

/** `parity serve` (the README's zero-config line) on a free port; resolves with its address once it listens. */
function startGateway(cwd: string, env: NodeJS.ProcessEnv, upstream: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('parity', ['serve', '--port', '0', '--json', '--db', 'sqlite::memory:', '--upstream', `qwen2.5:7b=${upstream}`], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let printed = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      printed += chunk.toString();
      const end = printed.indexOf('\n}');
      if (end !== -1) resolve({ child, url: (JSON.parse(printed.slice(0, end + 2)) as { url: string }).url }); // --json: the address
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`parity serve exited ${code}:\n${output}`)));
  });
}

function runBlock(code: string, cwd: string, env: NodeJS.ProcessEnv): Promise<BlockResult> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', code], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-200_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // the whole process group: bash and the commands it started
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, BLOCK_TIMEOUT_MS);
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ code: exitCode, signal, output, timedOut });
    });
  });
}

describe('README.md', () => {
  it('has well-formed readme-test markers, each with a reason and before a shell block', () => {
    expect(problems.map((problem) => `README.md:${problem.line}: ${problem.message}`)).toEqual([]);
    // the first hour's commands are among those run, never skipped
    const run = blocks.filter((block) => block.skip === undefined).map((block) => block.code);
    expect(run.length).toBeGreaterThanOrEqual(5);
    for (const command of ['parity eval examples/arena-bench/suite.yaml', 'parity track', 'parity eval init', 'parity route eval', 'parity advise']) {
      expect(run.some((code) => code.includes(command)), command).toBe(true);
    }
  });

  describe('shell blocks run as written', () => {
    let upstream: FakeUpstream;
    let folder: string;
    let env: NodeJS.ProcessEnv;
    let runId: string;
    let gateway: { child: ChildProcess; url: string } | undefined;

    beforeAll(async () => {
      const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/build-state.mjs'), '--ensure'], { cwd: repoRoot, encoding: 'utf8' });
      expect(build.status, `bringing the build up to date failed:\n${build.stderr}`).toBe(0);

      upstream = await startFakeUpstream();
      upstream.on('POST /v1/chat/completions', reply.handler((request, response) => {
        if ((request.json as { stream?: boolean } | undefined)?.stream === true) {
          response.writeHead(200, { 'content-type': 'text/event-stream' });
          response.end(chatStream(request));
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(chatCompletion(request)));
      }));
      upstream.on('GET /v1/models', reply.json({ object: 'list', data: [{ id: 'qwen2.5:7b', object: 'model' }] }));

      folder = mkdtempSync(path.join(tmpdir(), 'parity-readme-'));
      const bin = path.join(folder, '.bin');
      const home = path.join(folder, '.home');
      mkdirSync(bin);
      mkdirSync(home);
      symlinkSync(path.join(repoRoot, 'bin/parity.js'), path.join(bin, 'parity')); // what `npm link` does
      symlinkSync(path.join(repoRoot, 'examples'), path.join(folder, 'examples'));

      const clean = Object.fromEntries(
        Object.entries(process.env).filter(([name]) => !/^PARITY_|_API_KEY$|_BASE_URL$|^NODE_OPTIONS$/.test(name)),
      );
      const fake = `${upstream.url}/v1`;
      env = {
        ...clean,
        PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
        HOME: home,
        NO_COLOR: '1',
        PARITY_DATA_DIR: path.join(home, 'no-user-data'),
        OPENAI_API_KEY: 'sk-readme-test',
        OPENAI_BASE_URL: fake,
        OLLAMA_BASE_URL: fake,
      };

      gateway = await startGateway(folder, env, fake);
      const setup = await runBlock('parity eval examples/arena-bench/suite.yaml', folder, env);
      expect(setup.code, setup.output.slice(-OUTPUT_TAIL)).toBe(0);
      const ids = printedRunIds(setup.output);
      expect(ids.length, setup.output.slice(-OUTPUT_TAIL)).toBeGreaterThan(0);
      runId = ids.at(-1) ?? '';
    }, 300_000);

    afterAll(async () => {
      if (gateway !== undefined && gateway.child.exitCode === null) {
        const exited = new Promise((resolve) => gateway?.child.once('exit', resolve));
        gateway.child.kill('SIGTERM');
        await exited;
      }
      await upstream?.close();
      if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
    });

    it(
      'every block without a skip marker exits 0',
      async () => {
        const failures: string[] = [];
        for (const block of blocks) {
          if (block.skip !== undefined) {
            process.stdout.write(`README.md:${block.line}: not run — ${block.skip}\n`);
            continue;
          }
          const result = await runBlock(block.code.replace(RUN_ID_PLACEHOLDER, runId).replace(GATEWAY_ADDRESS, gateway?.url ?? ''), folder, env);
          if (result.code !== 0) {
            const how = result.timedOut ? `did not finish within ${BLOCK_TIMEOUT_MS / 1000} s` : `exited ${result.code ?? result.signal}`;
            failures.push(`README.md:${block.line} ${how}:\n${block.code}\n--- output (tail) ---\n${result.output.slice(-OUTPUT_TAIL)}`);
          }
        }
        expect(failures.join('\n\n')).toBe('');
      },
      30 * 60_000,
    );
  });
});
