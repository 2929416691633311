/**
 * Data for the dashboard tests, made through the libraries' public APIs: a finished eval run (results plus
 * the summary the eval library computes), gateway request-log entries, and a route-evals folder holding a
 * route evaluation report and a policy trained on the route fixtures. Then a gateway with the dashboard
 * mounted, on 127.0.0.1 port 0.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDashboard } from '../../src/dashboard/index.js';
import type { CaseResult } from '../../src/eval/records/case-result.js';
import { summarize } from '../../src/eval/summary/summarize.js';
import { createGateway, parseGatewayConfig, type Gateway } from '../../src/gateway/index.js';
import { buildPairDataset, DEFAULT_FEATURE_CONFIG, evaluateRouting, readJudgements, trainPolicy } from '../../src/route/index.js';
import { openStore, type RequestLogInput, type Store } from '../../src/store/index.js';

export const RUN_ID = 'support-triage-20260101-000000-abcd';
export const CASES = ['refund-window', 'cancel-order', 'password-reset', 'shipping-delay', 'angry-customer', 'invoice-copy'] as const;
export const OPEN_MODEL = { ref: 'together/meta-llama/Llama-3.3-70B-Instruct-Turbo', label: 'llama-3.3-70b', openWeights: true };
export const CLOSED_MODEL = { ref: 'openai/gpt-4o', label: 'gpt-4o', openWeights: false };
/** Cases the open model fails (the closed one passes everything but one error). */
export const OPEN_FAILS = new Set<string>(['angry-customer', 'invoice-copy']);
export const CLOSED_ERROR_CASE = 'shipping-delay';

const routeFixtures = fileURLToPath(new URL('../fixtures/route/', import.meta.url));

function result(caseId: string, model: typeof OPEN_MODEL, index: number): CaseResult {
  const open = model === OPEN_MODEL;
  const error = !open && caseId === CLOSED_ERROR_CASE ? { kind: 'server' as const, cause: 'HTTP 503', message: 'openai: HTTP 503: upstream unavailable' } : null;
  const pass = error === null && (open ? !OPEN_FAILS.has(caseId) : true);
  const costUsd = error !== null ? null : open ? 0.00008 : 0.0009;
  return {
    runId: RUN_ID,
    caseId,
    modelRef: model.ref,
    repeat: 0,
    output: error === null ? `${model.label} answer to ${caseId}: ${pass ? 'Here is how to fix it.' : 'I am not sure.'}` : '',
    toolCalls: [],
    pass,
    score: pass ? 1 : 0,
    reason: error !== null ? 'the model call failed' : pass ? 'contains the policy reference' : 'missing the policy reference',
    graderDetails: null,
    inputTokens: error === null ? 120 + index : 0,
    outputTokens: error === null ? 60 + index : 0,
    costUsd,
    spentUsd: costUsd ?? 0,
    latencyMs: error === null ? (open ? 400 + index * 10 : 900 + index * 15) : 0,
    cached: false,
    error,
  };
}

/** A finished run of two models over six cases, summarised by the eval library. */
export async function seedEvalRun(store: Store): Promise<void> {
  await store.createRun({
    id: RUN_ID,
    suiteName: 'support-triage',
    suiteHash: 'hash-support-triage',
    config: {
      kind: 'suite',
      file: 'support.yaml',
      suite: {
        name: 'support-triage',
        prompt: 'You are a support agent. Customer: {{message}}',
        cases: CASES.map((id) => ({ id, vars: { message: `customer message about ${id}` }, expected: `reference answer for ${id}` })),
      },
    },
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  await store.recordCaseMessages(
    RUN_ID,
    CASES.map((caseId) => ({ caseId, messages: [{ role: 'user', content: `You are a support agent. Customer: customer message about ${caseId}` }] })),
  );
  const inputs = CASES.flatMap((caseId, index) => [result(caseId, OPEN_MODEL, index), result(caseId, CLOSED_MODEL, index)]);
  await store.recordResults(inputs);
  const summary = summarize(
    [OPEN_MODEL, CLOSED_MODEL].map((model) => ({ ref: model.ref, label: model.label, openWeights: model.openWeights, priceSource: 'test' })),
    await store.listResults(RUN_ID),
    { margin: 0.05, seed: 1 },
  );
  const outcome = { status: 'completed' as const, done: inputs.length, total: inputs.length, skipped: 0, errors: 1, failures: 2, maxErrorShare: 0.2 };
  const spend = { runUsd: await store.runSpend(RUN_ID), invocationUsd: await store.runSpend(RUN_ID), capUsd: null };
  await store.finishRun(RUN_ID, 'completed', { outcome, spend, summary, thresholds: { passed: true, failures: [] } });
}

/** Request-log entries from the last hour: two keys, two upstreams, routed weak/strong, one error. */
export function requestLogEntries(now: Date): RequestLogInput[] {
  return Array.from({ length: 12 }, (_, index) => {
    const strong = index % 3 === 0;
    const failed = index === 5;
    return {
      id: `req-${index}`,
      ts: new Date(now.getTime() - (12 - index) * 60_000).toISOString(),
      keyId: index % 2 === 0 ? 'key-team-a' : 'key-team-b',
      routeDecision: strong ? 'strong' : 'weak',
      routeReason: strong ? 'score below threshold' : 'score above threshold',
      upstream: strong ? 'openai' : 'local',
      model: strong ? 'gpt-4o' : 'qwen2.5:7b',
      status: failed ? 502 : 200,
      inputTokens: 100 + index,
      outputTokens: failed ? 0 : 50 + index,
      costUsd: strong ? 0.002 : 0.0001,
      latencyMs: 200 + index * 37,
      ttftMs: 80 + index,
      requestBody: '{"secret":"request body must never reach the dashboard"}',
      responseBody: '{"secret":"response body"}',
      error: failed ? 'upstream returned 502' : null,
    };
  });
}

/** The virtual key behind `key-team-a` of the request log; `key-team-b` has no key in the store (deleted since). */
export const TEAM_A_KEY = { id: 'key-team-a', name: 'team-a (support bot)' };

export async function seedKeys(store: Store): Promise<void> {
  await store.createKey({ ...TEAM_A_KEY, hashedKey: 'f'.repeat(64), budgetUsdTotal: 10 });
}

/** Writes a route evaluation report and a policy for the same pair (from the route fixtures) into `dir`. */
export function writeRouteEvals(dir: string): { weak: string; strong: string } {
  mkdirSync(dir, { recursive: true });
  const judgements = path.join(routeFixtures, 'single-score-judgments.csv');
  const prompts = path.join(routeFixtures, 'single-score-questions.jsonl');
  const table = readJudgements({ format: 'single-score', judgements, prompts });
  const dataset = buildPairDataset(table, { weak: 'Mixtral-8x7B-Instruct-v0.1', strong: 'gpt-4-1106-preview' });
  const prices = { weak: { inputPerMtok: 0.6, outputPerMtok: 0.6, source: 'test' }, strong: { inputPerMtok: 10, outputPerMtok: 30, source: 'test' } };
  const report = evaluateRouting(dataset, { folds: 3, seed: 1, model: 'logistic', features: DEFAULT_FEATURE_CONFIG, prices });
  const policy = trainPolicy(dataset, {
    model: 'logistic',
    features: DEFAULT_FEATURE_CONFIG,
    folds: 3,
    seed: 1,
    usePeers: true,
    target: { kind: 'min-pgr', value: 0.8 },
    source: { format: 'single-score', judgements: { name: 'single-score-judgments.csv', sha256: '0'.repeat(64) }, prompts: null },
    prices,
  });
  writeFileSync(path.join(dir, 'mixtral-vs-gpt4.json'), JSON.stringify(report));
  writeFileSync(path.join(dir, 'mixtral-vs-gpt4.policy.json'), JSON.stringify(policy));
  writeFileSync(path.join(dir, 'notes.json'), JSON.stringify({ hello: 'not a report' }));
  return { weak: dataset.weak, strong: dataset.strong };
}

export interface DashboardHarness {
  url: string;
  store: Store;
  gateway: Gateway;
  close(): Promise<void>;
}

/** A gateway (one placeholder upstream, never called) with the dashboard mounted, listening on port 0. */
export async function startHarness(options: {
  dbFile: string;
  routeEvalsDir: string;
  staticDir?: string;
  now?: () => Date;
  accessToken?: string;
}): Promise<DashboardHarness> {
  const store = await openStore({ url: options.dbFile });
  const config = parseGatewayConfig({ server: { host: '127.0.0.1', port: 0 }, auth: { required: false }, upstreams: { local: { baseUrl: 'http://127.0.0.1:9/v1' } } });
  const dashboard = createDashboard({
    store,
    routeEvalsDir: options.routeEvalsDir,
    ...(options.staticDir === undefined ? {} : { staticDir: options.staticDir }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.accessToken === undefined ? {} : { accessToken: options.accessToken }),
  });
  const gateway = await createGateway(config, { store, mounts: dashboard.mounts, routes: dashboard.routes });
  const { url } = await gateway.listen(0, '127.0.0.1');
  return {
    url,
    store,
    gateway,
    close: async () => {
      await gateway.close();
      await store.close();
    },
  };
}
