/**
 * A local OTLP/HTTP trace receiver for tests: a node:http server on 127.0.0.1 that decodes the export
 * (`ExportTraceServiceRequest`, protobuf or JSON by its content type) and keeps the spans with their
 * attributes flattened, and can refuse exports. The protobuf reader below knows only the fields of
 * opentelemetry-proto's trace messages that the tests look at.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

type AnyValue = { stringValue?: string; intValue?: number | string; doubleValue?: number; boolValue?: boolean; arrayValue?: { values?: AnyValue[] } };

export interface ReceivedSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  status: { code?: number; message?: string };
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

/** Fields of a protobuf message: number → values (varints as bigint, length-delimited as bytes, fixed64 as Buffer). */
function fields(bytes: Buffer): Map<number, Array<bigint | Buffer>> {
  const out = new Map<number, Array<bigint | Buffer>>();
  let at = 0;
  const varint = (): bigint => {
    let value = 0n;
    let shift = 0n;
    for (;;) {
      const byte = bytes[at++] as number;
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value;
      shift += 7n;
    }
  };
  while (at < bytes.length) {
    const key = Number(varint());
    const number = key >> 3;
    const wire = key & 7;
    let value: bigint | Buffer;
    if (wire === 0) value = varint();
    else if (wire === 1) value = bytes.subarray(at, (at += 8));
    else if (wire === 2) {
      const length = Number(varint());
      value = bytes.subarray(at, (at += length));
    } else if (wire === 5) value = bytes.subarray(at, (at += 4));
    else throw new Error(`protobuf wire type ${wire} not expected`);
    out.set(number, [...(out.get(number) ?? []), value]);
  }
  return out;
}
const first = (message: Map<number, Array<bigint | Buffer>>, number: number): bigint | Buffer | undefined => message.get(number)?.[0];
const all = (message: Map<number, Array<bigint | Buffer>>, number: number): Buffer[] => (message.get(number) ?? []) as Buffer[];

function protoValue(bytes: Buffer): unknown {
  const value = fields(bytes);
  if (value.has(1)) return (first(value, 1) as Buffer).toString('utf8');
  if (value.has(2)) return first(value, 2) === 1n;
  if (value.has(3)) return Number(BigInt.asIntN(64, first(value, 3) as bigint));
  if (value.has(4)) return (first(value, 4) as Buffer).readDoubleLE(0);
  if (value.has(5)) return all(fields(first(value, 5) as Buffer), 1).map(protoValue);
  return undefined;
}
function protoAttributes(list: Buffer[]): Record<string, unknown> {
  return Object.fromEntries(list.map((bytes) => {
    const pair = fields(bytes);
    return [(first(pair, 1) as Buffer).toString('utf8'), protoValue((first(pair, 2) as Buffer | undefined) ?? Buffer.alloc(0))];
  }));
}
function protoSpans(body: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of all(fields(body), 1)) {
    const resourceSpan = fields(resourceSpans);
    const resourceBytes = first(resourceSpan, 1) as Buffer | undefined;
    const resource = resourceBytes === undefined ? {} : protoAttributes(all(fields(resourceBytes), 1));
    for (const scopeSpans of all(resourceSpan, 2)) {
      for (const spanBytes of all(fields(scopeSpans), 2)) {
        const span = fields(spanBytes);
        const status = first(span, 15) as Buffer | undefined;
        const statusFields = status === undefined ? undefined : fields(status);
        const parent = first(span, 4) as Buffer | undefined;
        spans.push({
          name: (first(span, 5) as Buffer).toString('utf8'),
          kind: Number(first(span, 6) ?? 0n),
          traceId: (first(span, 1) as Buffer).toString('hex'),
          spanId: (first(span, 2) as Buffer).toString('hex'),
          parentSpanId: parent === undefined || parent.length === 0 ? undefined : parent.toString('hex'),
          status: {
            ...(statusFields?.has(3) ? { code: Number(first(statusFields, 3)) } : {}),
            ...(statusFields?.has(2) ? { message: (first(statusFields, 2) as Buffer).toString('utf8') } : {}),
          },
          attributes: protoAttributes(all(span, 9)),
          resource,
        });
      }
    }
  }
  return spans;
}

export interface OtlpReceiver {
  readonly url: string;
  readonly spans: ReceivedSpan[];
  readonly exports: number;
  /** Content types of the exports received. */
  readonly contentTypes: string[];
  /** Answer the following exports with this status (200 by default). */
  status: number;
  close(): Promise<void>;
}

function valueOf(value: AnyValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(valueOf);
  return undefined;
}

function attributesOf(list: Array<{ key: string; value: AnyValue }> | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, valueOf(value)]));
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const state = { exports: 0, status: 200 };
  const contentTypes: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      state.exports++;
      contentTypes.push(String(request.headers['content-type']));
      if (state.status !== 200) {
        response.writeHead(state.status, { 'content-type': 'application/json' }).end('{"code":3,"message":"refused by the test"}');
        return;
      }
      if (request.headers['content-type'] === 'application/x-protobuf') {
        spans.push(...protoSpans(Buffer.concat(chunks)));
        response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans?: Array<{ resource?: { attributes?: Array<{ key: string; value: AnyValue }> }; scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }> }>;
      };
      for (const resourceSpan of body.resourceSpans ?? []) {
        const resource = attributesOf(resourceSpan.resource?.attributes);
        for (const scope of resourceSpan.scopeSpans ?? []) {
          for (const span of scope.spans ?? []) {
            spans.push({
              name: span.name as string,
              kind: span.kind as number,
              traceId: span.traceId as string,
              spanId: span.spanId as string,
              parentSpanId: (span.parentSpanId as string | undefined) || undefined,
              status: (span.status ?? {}) as ReceivedSpan['status'],
              attributes: attributesOf(span.attributes as Array<{ key: string; value: AnyValue }>),
              resource,
            });
          }
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    spans,
    contentTypes,
    get exports() {
      return state.exports;
    },
    get status() {
      return state.status;
    },
    set status(value: number) {
      state.status = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
