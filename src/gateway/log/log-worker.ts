/**
 * The request-log writer thread: opens its own connection to the store and writes what the gateway's main
 * thread sends it, one message at a time, so validation and database work never stall request handling.
 * Messages: `{type:'logs', entries}`, `{type:'spend', deltas}`, `{type:'flush', id}` (answered with
 * `{type:'flushed', id}` once everything before it is stored), `{type:'close'}` (answered with `closed`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../../store/index.js';
import type { RequestLogInput } from '../../store/index.js';
import type { SpendDelta } from '../state/gateway-state.js';
import { writeSpend } from './write-behind.js';

type Message =
  | { type: 'logs'; entries: RequestLogInput[] }
  | { type: 'spend'; deltas: SpendDelta[] }
  | { type: 'flush'; id: number }
  | { type: 'close' };

const { url, cwd } = workerData as { url: string | undefined; cwd: string };
const port = parentPort;
if (port === null) throw new Error('log-worker must run as a worker thread');

// SQLite: a small page cache — this connection appends rows and reads nothing back (better-sqlite3's default
// is 16 MB per connection, which a growing log fills)
const store = await openStore({ ...(url === undefined ? {} : { url }), cwd, migrate: false, sqliteCacheMb: 2 });
let queue = Promise.resolve();
const report = (error: unknown): void => {
  port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
};

async function writeLogs(entries: RequestLogInput[]): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await store.appendRequestLogs(entries);
      return;
    } catch (error) {
      report(error); // ids make a retried batch idempotent
    }
  }
}

async function writeDeltas(deltas: SpendDelta[]): Promise<void> {
  for (const delta of deltas) {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await writeSpend(store, delta);
        break;
      } catch (error) {
        report(error); // a lease left behind expires and is given back; spend not written is lost, and said so
      }
    }
  }
}

port.on('message', (message: Message) => {
  queue = queue.then(async () => {
    switch (message.type) {
      case 'logs':
        return writeLogs(message.entries);
      case 'spend':
        return writeDeltas(message.deltas);
      case 'flush':
        port.postMessage({ type: 'flushed', id: message.id });
        return;
      case 'close':
        await store.close();
        port.postMessage({ type: 'closed' });
        return;
    }
  });
});
port.postMessage({ type: 'ready' });
