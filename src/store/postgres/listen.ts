/**
 * LISTEN on one Postgres channel over a dedicated connection (a pooled one would be handed to other queries),
 * reconnecting with backoff when it drops. `live(false, error)` says notifications may have been missed until
 * the next `live(true)`: a listener that caches must stop trusting its cache meanwhile.
 */
import pg from 'pg';
import type { ChannelHandlers, Subscription } from '../backend.js';

const FIRST_RETRY_MS = 500;
const LAST_RETRY_MS = 30_000;

/** `channel` must be a plain identifier (it is written into the LISTEN statement). */
export async function listenPostgres(url: string, channel: string, handlers: ChannelHandlers): Promise<Subscription> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  let client: pg.Client | undefined;
  let closed = false;
  let up = false;
  let delay = FIRST_RETRY_MS;
  let timer: NodeJS.Timeout | undefined;

  const down = (error: unknown): void => {
    if (up) {
      up = false;
      handlers.live(false, error);
    }
  };

  const lost = (which: pg.Client, error: unknown): void => {
    if (which !== client || closed) return;
    client = undefined;
    which.removeAllListeners('end');
    which.end().catch(() => undefined);
    down(error);
    retry();
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, application_name: 'parity-listen', connectionTimeoutMillis: 5_000 });
    next.on('notification', (notification) => {
      if (notification.channel === channel && notification.payload !== undefined) handlers.message(notification.payload);
    });
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next, new Error('the LISTEN connection ended')));
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
    } catch (error) {
      if (client === next) client = undefined;
      next.removeAllListeners('end');
      next.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    delay = FIRST_RETRY_MS;
    up = true;
    handlers.live(true, undefined);
  };

  const retry = (): void => {
    if (closed) return;
    timer = setTimeout(() => {
      connect().catch((error: unknown) => {
        down(error);
        retry();
      });
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, LAST_RETRY_MS);
  };

  try {
    await connect();
  } catch (error) {
    handlers.live(false, error);
    retry();
  }

  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      const current = client;
      client = undefined;
      if (current !== undefined) {
        current.removeAllListeners('end');
        await current.end().catch(() => undefined);
      }
    },
  };
}
