/**
 * `parity serve` as its own process for the security probes: its memory (RSS and peak, from /proc) is then the
 * gateway's alone, not the test's. The config is written to a temporary folder with a SQLite store beside it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { WebSocket } from 'undici';
import { spawnCli, type CliResult } from '../helpers/run-cli.js';

export interface ServeProcess {
  url: string;
  pid: number;
  /** The folder holding the config and the store. */
  dir: string;
  storeUrl: string;
  /** Resident memory now, and its peak so far, in MB. */
  memory(): { rssMb: number; peakMb: number };
  /** Bytes the process has read so far (files and sockets: /proc/PID/io `rchar`), in MB. */
  readMb(): number;
  /**
   * Runs a full garbage collection in the gateway and its worker threads (over the inspector, started with
   * `inspect: true`), then reads its memory: what it retains, without garbage a busy heap has not collected yet.
   */
  collectedMemory(): Promise<{ rssMb: number; heapUsedMb: number }>;
  stderr(): string;
  /** SIGTERM (the gateway drains and flushes its log), then waits for the exit. */
  stop(): Promise<CliResult>;
  /** Deletes the folder (after `stop`). */
  dispose(): void;
}

function statusField(pid: number, field: string): number {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  if (match === null) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

/**
 * A Chrome DevTools Protocol session with a process's inspector, over one WebSocket; its worker threads (the
 * request-log writer) are reached through the NodeWorker domain, so a collection can cover every heap.
 */
class InspectorSession {
  private socket: WebSocket | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  /** Sessions of the worker threads attached so far. */
  readonly workers = new Set<string>();

  constructor(private readonly url: string) {}

  private settle(message: { id?: number; result?: unknown; error?: { message: string } }): void {
    const waiter = message.id === undefined ? undefined : this.waiting.get(message.id);
    if (waiter === undefined || message.id === undefined) return;
    this.waiting.delete(message.id);
    if (message.error !== undefined) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  }

  private async open(): Promise<WebSocket> {
    if (this.socket !== undefined) return this.socket;
    const socket = new WebSocket(this.url);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error(`cannot reach the inspector at ${this.url}`)), { once: true });
    });
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as {
        id?: number;
        method?: string;
        params?: { sessionId?: string; message?: string };
        result?: unknown;
        error?: { message: string };
      };
      if (message.method === 'NodeWorker.attachedToWorker' && message.params?.sessionId !== undefined) {
        this.workers.add(message.params.sessionId);
      } else if (message.method === 'NodeWorker.detachedFromWorker' && message.params?.sessionId !== undefined) {
        this.workers.delete(message.params.sessionId);
      } else if (message.method === 'NodeWorker.receivedMessageFromWorker' && message.params?.message !== undefined) {
        this.settle(JSON.parse(message.params.message) as { id?: number });
      } else this.settle(message);
    });
    this.socket = socket;
    return socket;
  }

  /** Calls `method` in the main thread, or in the worker of `sessionId`. */
  async call(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<unknown> {
    const socket = await this.open();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const message = JSON.stringify({ id, method, params });
      if (sessionId === undefined) socket.send(message);
      else socket.send(JSON.stringify({ id: this.nextId++, method: 'NodeWorker.sendMessageToWorker', params: { sessionId, message } }));
    });
  }

  close(): void {
    this.socket?.close();
    this.socket = undefined;
  }
}

/**
 * Starts `parity serve --config <yaml>` on a free port; `extraArgs` are added (e.g. `--no-dashboard`).
 * `inspect: true` opens the inspector on a free loopback port (for `collectedMemory`).
 */
export async function startServe(
  configYaml: string,
  options: { extraArgs?: string[]; env?: NodeJS.ProcessEnv; inspect?: boolean } = {},
): Promise<ServeProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-security-'));
  const config = path.join(dir, 'gateway.yaml');
  writeFileSync(config, configYaml);
  const storeUrl = `sqlite:${path.join(dir, 'parity.db')}`;
  const { child, done } = spawnCli(['serve', '--config', config, '--port', '0', '--db', storeUrl, '--json', ...(options.extraArgs ?? [])], {
    env: { PARITY_REDIS_URL: '', ...options.env, ...(options.inspect === true ? { NODE_OPTIONS: '--inspect=127.0.0.1:0' } : {}) },
  });
  let stderr = '';
  let inspector: InspectorSession | undefined;
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    const url = inspector === undefined ? /Debugger listening on (ws:\/\/\S+)/.exec(stderr)?.[1] : undefined;
    if (url !== undefined) inspector = new InspectorSession(url);
  });
  const text = await new Promise<string>((resolve, reject) => {
    let json = '';
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      json += line;
      if (line.startsWith('}')) resolve(json);
    });
    void done.then((result) => reject(new Error(`parity serve exited (${result.code}): ${result.stderr}`)));
  });
  const { url } = JSON.parse(text) as { url: string };
  const pid = child.pid as number;
  return {
    url,
    pid,
    dir,
    storeUrl,
    memory: () => ({ rssMb: statusField(pid, 'VmRSS'), peakMb: statusField(pid, 'VmHWM') }),
    readMb: () => Number(/^rchar:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? Number.NaN) / 1024 / 1024,
    async collectedMemory() {
      if (inspector === undefined) throw new Error('start the gateway with inspect: true');
      await inspector.call('NodeWorker.enable', { waitForDebuggerOnStart: false });
      await Promise.all([...inspector.workers].map((session) => inspector?.call('HeapProfiler.collectGarbage', {}, session)));
      await inspector.call('HeapProfiler.collectGarbage');
      const result = (await inspector.call('Runtime.evaluate', {
        expression: 'process.memoryUsage().heapUsed',
        returnByValue: true,
      })) as { result: { value: number } };
      return { rssMb: statusField(pid, 'VmRSS'), heapUsedMb: result.result.value / 1024 / 1024 };
    },
    stderr: () => stderr,
    stop() {
      inspector?.close();
      if (child.exitCode === null) child.kill('SIGTERM');
      return done;
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
