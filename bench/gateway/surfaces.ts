/**
 * CPU per request of the translated surfaces against chat pass-through, in-process (no sockets): the body
 * work each path does on top of what every request costs (auth, admission, routing, I/O, the log), which is
 * the same for all of them. And the cost of tracing on against off, per request.
 *
 *   npx tsx bench/gateway/surfaces.ts [--rounds 9] [--requests 20000]
 *
 * - chat (pass-through): parse + validate the request, its features, serialise it; check the JSON answer and
 *   read its usage, or scan the SSE bytes for usage (what handlers/model-request.ts and upstream/passthrough.ts do);
 * - messages / responses: parse + validate the surface's request, translate it, its features, serialise; read
 *   the upstream's answer and write the translation (JSON), or decode the SSE stream into parts and write the
 *   surface's events;
 * - tracing: one request span, one attempt span and the end attributes per request, exported by the batch
 *   processor to a local OTLP receiver — against the no-op.
 * The upstream's answers are those of bench/gateway/upstream.ts (a 9-event stream). Rounds alternate the
 * paths; medians of µs per request. The ratio the issue bounds (≤ 1.3×) is of whole requests: add the extra
 * µs here to the gateway's measured CPU per chat request (bench:gateway) to get it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chatFeatures, chatRequestSchema, parseJsonBody, validateBody } from '../../src/gateway/request/chat-request.js';
import { SseScanner } from '../../src/gateway/stream/sse-scanner.js';
import { usageOf } from '../../src/gateway/stream/usage.js';
import { ChatSseParts } from '../../src/gateway/surfaces/chat-sse-parts.js';
import { messagesRequestSchema } from '../../src/gateway/surfaces/anthropic/messages-request.js';
import { toMessagesResponse } from '../../src/gateway/surfaces/anthropic/messages-response.js';
import { MessagesStreamWriter } from '../../src/gateway/surfaces/anthropic/messages-stream.js';
import { messagesToChat } from '../../src/gateway/surfaces/anthropic/messages-to-chat.js';
import { responsesRequestSchema } from '../../src/gateway/surfaces/responses/responses-request.js';
import { ResponseIds, toResponseObject } from '../../src/gateway/surfaces/responses/responses-response.js';
import { ResponsesStreamWriter } from '../../src/gateway/surfaces/responses/responses-stream.js';
import { responsesToChat } from '../../src/gateway/surfaces/responses/responses-to-chat.js';
import { createTelemetry, type GatewayTelemetry } from '../../src/gateway/telemetry/telemetry.js';
import { telemetryConfigSchema } from '../../src/gateway/telemetry/telemetry-config.js';
import { parseChatCompletion } from '../../src/providers/openai-compatible/chat-stream-parts.js';
import { median, numberFlag } from './bench-support.js';
import { UPSTREAM_JSON, UPSTREAM_SSE } from './upstream-answers.js';

const ROUNDS = numberFlag('rounds', 9);
const REQUESTS = numberFlag('requests', 20_000);

const upstreamJson = Buffer.from(UPSTREAM_JSON);
const upstreamSse = Buffer.from(UPSTREAM_SSE);

const prompt = 'Write one sentence about the sea.';
const body = (value: object, stream: boolean): Buffer => Buffer.from(JSON.stringify({ ...value, ...(stream ? { stream: true } : {}) }));
const bodies = {
  chat: [body({ model: 'open', messages: [{ role: 'user', content: prompt }], max_tokens: 64 }, false), body({ model: 'open', messages: [{ role: 'user', content: prompt }], max_tokens: 64 }, true)],
  messages: [body({ model: 'open', max_tokens: 64, messages: [{ role: 'user', content: prompt }] }, false), body({ model: 'open', max_tokens: 64, messages: [{ role: 'user', content: prompt }] }, true)],
  responses: [body({ model: 'open', input: prompt, max_output_tokens: 64 }, false), body({ model: 'open', input: prompt, max_output_tokens: 64 }, true)],
} as const;

let sink = 0; // keeps results alive
const keep = (text: string | Buffer): void => {
  sink += text.length;
};

type Path = (stream: boolean) => void;

const chat: Path = (stream) => {
  const bytes = bodies.chat[stream ? 1 : 0];
  const request = validateBody(chatRequestSchema, parseJsonBody(bytes));
  const features = chatFeatures(request, bytes.length);
  if (features.stream) request.stream_options = { include_usage: true };
  keep(JSON.stringify(request));
  if (!stream) {
    const value = JSON.parse(upstreamJson.toString('utf8')) as unknown;
    if (usageOf(value) === undefined) throw new Error('no usage');
    keep(upstreamJson);
    return;
  }
  const scanner = new SseScanner(true);
  keep(scanner.push(upstreamSse));
  keep(scanner.finish());
};

const messages: Path = (stream) => {
  const bytes = bodies.messages[stream ? 1 : 0];
  const request = validateBody(messagesRequestSchema, parseJsonBody(bytes));
  const translated = messagesToChat(request);
  chatFeatures(translated, bytes.length);
  keep(JSON.stringify(translated));
  const options = { model: request.model, thinking: false };
  if (!stream) {
    keep(JSON.stringify(toMessagesResponse(parseChatCompletion('local', upstreamJson.toString('utf8'), 0), 'local', options)));
    return;
  }
  const writer = new MessagesStreamWriter('local', options);
  const reader = new ChatSseParts('local', (part) => keep(writer.write(part)));
  reader.push(upstreamSse);
  reader.end();
};

const responses: Path = (stream) => {
  const bytes = bodies.responses[stream ? 1 : 0];
  const request = validateBody(responsesRequestSchema, parseJsonBody(bytes));
  const translated = responsesToChat(request);
  chatFeatures(translated, bytes.length);
  keep(JSON.stringify(translated));
  const context = { ids: new ResponseIds(), createdAt: 1_700_000_000, request, model: request.model };
  if (!stream) {
    keep(JSON.stringify(toResponseObject(parseChatCompletion('local', upstreamJson.toString('utf8'), 0), 'local', context)));
    return;
  }
  const writer = new ResponsesStreamWriter('local', context);
  const reader = new ChatSseParts('local', (part) => keep(writer.write(part)));
  reader.push(upstreamSse);
  reader.end();
};

const summary = { status: 200, upstream: 'local', model: 'bench-model', inputTokens: 12, outputTokens: 8, costUsd: 0.000004, routeReason: 'alias', error: null };
const traced = (telemetry: GatewayTelemetry): Path => () => {
  const trace = telemetry.startRequest('chat', 'chat', 'open', undefined);
  trace.route('open', 'alias');
  const attempt = trace.attempt('local', 'openai', 'bench-model', 1);
  attempt.end('ok', 200);
  trace.end(summary, 'stop');
};

function timeOne(path: Path, stream: boolean, count: number): number {
  const before = process.cpuUsage();
  for (let index = 0; index < count; index++) path(stream);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

async function main(): Promise<void> {
  // a receiver that takes the exports and discards them
  const receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/traces`;
  const off = await createTelemetry(undefined);
  const on = await createTelemetry(telemetryConfigSchema.parse({ endpoint, exportIntervalMs: 200, maxQueueSize: 100_000 }));

  const cases: Array<[string, Path, boolean]> = [
    ['chat pass-through, json', chat, false],
    ['messages over chat, json', messages, false],
    ['responses over chat, json', responses, false],
    ['chat pass-through, stream', chat, true],
    ['messages over chat, stream', messages, true],
    ['responses over chat, stream', responses, true],
    ['tracing off (no-op)', traced(off), false],
    ['tracing on (OTLP/HTTP)', traced(on), false],
  ];
  for (const [, path, stream] of cases) timeOne(path, stream, 2_000); // warm-up
  const results = cases.map((): number[] => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (let step = 0; step < cases.length; step++) {
      const index = (step + round) % cases.length;
      const [, path, stream] = cases[index] as [string, Path, boolean];
      (results[index] as number[]).push(timeOne(path, stream, REQUESTS));
      if (index === cases.length - 1) await on.flush(); // the export's own CPU falls in this process too
    }
  }
  console.log(`surfaces bench: ${ROUNDS} rounds × ${REQUESTS} requests, node ${process.version}`);
  console.log('| path | µs/request (median) | extra over chat pass-through |');
  console.log('| --- | --- | --- |');
  const base = { json: median(results[0] as number[]), stream: median(results[3] as number[]) };
  cases.forEach(([name, , stream], index) => {
    const value = median(results[index] as number[]);
    const extra = index < 6 && index % 3 !== 0 ? `+${(value - (stream ? base.stream : base.json)).toFixed(1)} µs` : '—';
    console.log(`| ${name} | ${value.toFixed(1)} | ${extra} |`);
  });
  await on.shutdown();
  receiver.close();
  if (sink < 0) console.log(sink);
}

await main();
