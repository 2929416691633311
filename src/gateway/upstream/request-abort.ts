/**
 * A per-request cancellation flag that undici accepts as a signal. An EventEmitter costs a fraction of an
 * AbortController (whose creation shows up in profiles at thousands of requests per second), and the gateway
 * needs nothing more: a flag, an event, and an interruptible wait.
 */
import { EventEmitter } from 'node:events';

export class RequestAbort extends EventEmitter {
  aborted = false;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit('abort');
  }

  /** Waits `ms`; resolves false early if the request is aborted meanwhile. */
  sleep(ms: number): Promise<boolean> {
    if (this.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.off('abort', onAbort);
        resolve(true);
      }, ms);
      this.once('abort', onAbort);
    });
  }
}
