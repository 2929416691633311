/**
 * Plain HTTP load for the probes: many requests over keep-alive connections, a fixed number in flight, each
 * answered with its status (or the transport error). node:http, so a request can carry any header or body.
 */
import { Agent, request as httpRequest, type OutgoingHttpHeaders } from 'node:http';

export interface Probe {
  method: string;
  path: string;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
}

export interface ProbeResult {
  status: number | undefined;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** A transport error instead of an answer (reset, refused). */
  error: string | undefined;
}

export function send(base: string, probe: Probe, agent?: Agent): Promise<ProbeResult> {
  const url = new URL(probe.path, base);
  return new Promise((resolve) => {
    const outgoing = httpRequest(
      { host: url.hostname, port: url.port, path: probe.path, method: probe.method, headers: probe.headers, ...(agent === undefined ? {} : { agent }) },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body, error: undefined }));
        response.on('error', (error) => resolve({ status: response.statusCode, headers: response.headers, body, error: error.message }));
      },
    );
    outgoing.on('error', (error) => resolve({ status: undefined, headers: {}, body: '', error: (error as NodeJS.ErrnoException).code ?? error.message }));
    outgoing.end(probe.body);
  });
}

/** Sends `count` requests made by `make(index)`, `concurrency` at a time over keep-alive connections. */
export async function sendMany(
  base: string,
  count: number,
  make: (index: number) => Probe,
  concurrency = 32,
): Promise<Map<number | string, number>> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses = new Map<number | string, number>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      const result = await send(base, make(index), agent);
      const status = result.status ?? result.error ?? 'none';
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return statuses;
}
