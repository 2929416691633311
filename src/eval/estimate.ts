/**
 * What a run would take, before it spends anything (`parity eval … --estimate`): the calls, the input tokens
 * counted from the rendered prompts, the output tokens expected (from earlier runs of the same model, else the
 * provider's maxTokens as an upper bound), the cost per model at the catalog's or the suite's price, and the
 * duration at the configured concurrency. No model is called; a provider whose key is missing is reported, not
 * fatal.
 */
import { ParityError } from '../errors.js';
import { resolveLanguageModel } from '../providers/index.js';
import type { GraderConfig } from './graders/index.js';
import { DEFAULT_PAIRWISE_TEMPLATE } from './graders/pairwise.js';
import { DEFAULT_RUBRIC_TEMPLATE } from './graders/llm-rubric.js';
import { fillTemplate } from './graders/judge-verdict.js';
import { buildMessages, type PromptTemplate } from './runner/messages.js';
import type { EvalMessage } from './runner/ports.js';
import type { LoadedSuite } from './suite/load.js';
import { suiteModelFacts, type ModelFacts, type TargetOptions } from './targets.js';
import { ESTIMATE_TOKENIZER, tokenCounter } from './token-count.js';

/** The tokenizer used to count: OpenAI's o200k_base, exact for recent OpenAI models, an approximation for others. */
export { ESTIMATE_TOKENIZER };

export interface ModelHistory {
  calls: number;
  meanOutputTokens: number | null;
  meanLatencyMs: number | null;
}

export interface ModelEstimate {
  ref: string;
  label: string;
  /** `model` for a provider of the suite, `judge` for the model that grades */
  role: 'model' | 'judge';
  calls: number;
  inputTokens: number;
  /** null when neither an earlier run nor maxTokens says */
  outputTokens: number | null;
  /** earlier runs' mean (capped at maxTokens), or maxTokens itself: an upper bound */
  outputTokensFrom: 'earlier runs' | 'maxTokens' | 'unknown';
  price: ModelFacts['price'];
  /** null without a price; input only (see `costIsLowerBound`) when the output is unknown */
  costUsd: number | null;
  costIsLowerBound: boolean;
  /** from earlier runs of this model; null without any */
  meanLatencyMs: number | null;
  /** what would stop this model's calls (a missing key, a missing base URL), when parity can tell */
  problem: string | null;
}

export interface EvalEstimate {
  name: string;
  cases: number;
  repeats: number;
  concurrency: number;
  tokenizer: string;
  models: ModelEstimate[];
  /** every call: the models' and the judge's */
  calls: number;
  /** the cost of the calls that have a price (`costComplete` says whether that is all of them); null when none has */
  costUsd: number | null;
  costComplete: boolean;
  /** at the suite's concurrency and each provider's limits, from earlier runs' latencies; null when one is unknown */
  durationSeconds: number | null;
  notes: string[];
}

interface ModelPlan {
  ref: string;
  label: string;
  role: 'model' | 'judge';
  facts: ModelFacts;
  maxTokens: number | undefined;
  requestsPerMinute: number | undefined;
  concurrency: number | undefined;
  problem: string | null;
}

/** Judge calls one answer takes under these graders (llm-rubric: one; pairwise: one per order). */
function judgeCallsOf(graders: readonly GraderConfig[]): Array<{ template: string; values: Record<string, string> }> {
  const calls: Array<{ template: string; values: Record<string, string> }> = [];
  for (const grader of graders) {
    if (grader.type === 'llm-rubric') calls.push({ template: grader.template ?? DEFAULT_RUBRIC_TEMPLATE, values: { rubric: grader.rubric } });
    if (grader.type === 'pairwise') {
      const template = grader.template ?? DEFAULT_PAIRWISE_TEMPLATE;
      for (let order = 0; order < (grader.bothOrders ? 2 : 1); order++) calls.push({ template, values: { criteria: grader.criteria } });
    }
  }
  return calls;
}

/** Whether the provider could be built (its key and base URL are there), without calling it. */
function problemOf(ref: string, options: TargetOptions, overrides: { baseURL?: string | undefined; apiKeyEnv?: string | undefined }): string | null {
  if (overrides.apiKeyEnv !== undefined && !(options.resolve?.env ?? process.env)[overrides.apiKeyEnv]) return `${overrides.apiKeyEnv} is not set`;
  const provider = ref.slice(0, ref.indexOf('/'));
  if (provider === 'replay') return null;
  try {
    resolveLanguageModel(ref, { ...options.resolve, ...(overrides.baseURL ? { baseURLs: { [provider]: overrides.baseURL } } : {}), ...(overrides.apiKeyEnv ? { apiKeys: { [provider]: 'set' } } : {}) });
    return null;
  } catch (error) {
    if (error instanceof ParityError) return error.message;
    throw error;
  }
}

function modelPlans(loaded: LoadedSuite, options: TargetOptions): ModelPlan[] {
  const { suite } = loaded;
  const plans: ModelPlan[] = suite.providers.map((entry) => ({
    ref: entry.ref,
    label: entry.label ?? entry.ref,
    role: 'model',
    facts: suiteModelFacts(entry, options),
    maxTokens: entry.maxTokens,
    requestsPerMinute: entry.requestsPerMinute,
    concurrency: entry.concurrency,
    problem: problemOf(entry.ref, options, entry),
  }));
  if (suite.judge) {
    plans.push({
      ref: suite.judge.ref,
      label: `judge ${suite.judge.ref}`,
      role: 'judge',
      facts: suiteModelFacts(suite.judge, options),
      maxTokens: suite.judge.maxTokens,
      requestsPerMinute: suite.judge.requestsPerMinute,
      concurrency: suite.judge.concurrency,
      problem: problemOf(suite.judge.ref, options, suite.judge),
    });
  }
  return plans;
}

function expectedOutput(plan: ModelPlan, history: ModelHistory | undefined): Pick<ModelEstimate, 'outputTokens' | 'outputTokensFrom'> & { perCall: number | null } {
  if (history && history.calls > 0 && history.meanOutputTokens !== null) {
    const perCall = plan.maxTokens === undefined ? history.meanOutputTokens : Math.min(history.meanOutputTokens, plan.maxTokens);
    return { perCall, outputTokens: null, outputTokensFrom: 'earlier runs' };
  }
  if (plan.maxTokens !== undefined) return { perCall: plan.maxTokens, outputTokens: null, outputTokensFrom: 'maxTokens' };
  return { perCall: null, outputTokens: null, outputTokensFrom: 'unknown' };
}

export interface EstimateOptions extends TargetOptions {
  /** overrides the suite's */
  concurrency?: number;
  /** what earlier runs measured of the models (store.modelCallStats) */
  history: ReadonlyMap<string, ModelHistory>;
}

/** A case as the estimate reads it: its variables, and its graders (for the judge's calls). */
interface EstimateCase {
  vars: Record<string, unknown>;
  expected?: unknown;
  graders: readonly GraderConfig[];
}

interface EstimateRun {
  name: string;
  prompt: PromptTemplate;
  cases: Iterable<EstimateCase>;
  repeats: number;
  concurrency: number;
  plans: ModelPlan[];
}

/** The estimate of a suite's run. */
export async function estimateSuite(loaded: LoadedSuite, options: EstimateOptions): Promise<EvalEstimate> {
  const { suite } = loaded;
  const cases = {
    *[Symbol.iterator]() {
      for (const testCase of loaded.cases) yield { vars: testCase.vars ?? {}, expected: testCase.expected, graders: [...(testCase.graders ?? suite.graders), ...(testCase.extraGraders ?? [])] };
    },
  };
  const run = { name: suite.name, prompt: suite.prompt, cases, repeats: suite.repeats, concurrency: options.concurrency ?? suite.concurrency, plans: modelPlans(loaded, options) };
  return estimateRun(run, options.history);
}

/** The estimate of a standard benchmark's run with `--model`s (recorded answers call nothing). */
export async function estimateBenchmark(
  benchmark: { name: string; prompt: PromptTemplate; cases: ReadonlyArray<{ vars: Record<string, unknown> }> },
  models: readonly string[],
  options: EstimateOptions,
): Promise<EvalEstimate> {
  const plans: ModelPlan[] = models.map((ref) => {
    const provider = ref.slice(0, ref.indexOf('/'));
    const facts = options.facts?.(ref.slice(ref.indexOf('/') + 1), provider) ?? { catalogId: null, openWeights: null, price: null };
    return { ref, label: ref, role: 'model', facts, maxTokens: undefined, requestsPerMinute: undefined, concurrency: undefined, problem: problemOf(ref, options, {}) };
  });
  const cases = benchmark.cases.map((testCase) => ({ vars: testCase.vars, graders: [] }));
  return estimateRun({ name: `benchmark:${benchmark.name}`, prompt: benchmark.prompt, cases, repeats: 1, concurrency: options.concurrency ?? 4, plans }, options.history);
}

async function estimateRun(run: EstimateRun, history: ReadonlyMap<string, ModelHistory>): Promise<EvalEstimate> {
  const counter = await tokenCounter();
  const count = (messages: readonly EvalMessage[]) => counter.chat(messages);
  const { repeats, concurrency, plans } = run;
  const models = plans.filter((plan) => plan.role === 'model');
  const judge = plans.find((plan) => plan.role === 'judge');
  const outputs = new Map(plans.map((plan) => [plan.ref, expectedOutput(plan, history.get(plan.ref))]));

  let cases = 0;
  let promptTokens = 0;
  let judgeCalls = 0;
  let judgeInputTokens = 0;
  for (const testCase of run.cases) {
    cases++;
    const messages = buildMessages(run.prompt, testCase.vars);
    promptTokens += count(messages);
    const graders = testCase.graders;
    const prompt = messages.map((message) => message.content).join('\n\n');
    const expected = typeof testCase.expected === 'string' ? testCase.expected : JSON.stringify(testCase.expected ?? null);
    for (const call of judgeCallsOf(graders)) {
      // the judge reads the template with the case filled in, plus each model's answer
      const filled = fillTemplate(call.template, { prompt, expected, output: '', a: '', b: expected, ...call.values });
      const base = count([{ role: 'user', content: filled }]);
      for (const model of models) {
        judgeCalls += repeats;
        judgeInputTokens += repeats * (base + (outputs.get(model.ref)?.perCall ?? 0));
      }
    }
  }

  const estimates: ModelEstimate[] = [];
  for (const plan of [...models, ...(judge ? [judge] : [])]) {
    const calls = plan.role === 'judge' ? judgeCalls : cases * repeats;
    const inputTokens = plan.role === 'judge' ? judgeInputTokens : promptTokens * repeats;
    const output = outputs.get(plan.ref)!;
    const outputTokens = output.perCall === null ? null : Math.round(output.perCall * calls);
    const price = plan.facts.price;
    const inputCost = price === null ? null : (inputTokens * price.inputPerMtok) / 1e6;
    const costUsd = price === null || inputCost === null ? null : inputCost + ((outputTokens ?? 0) * price.outputPerMtok) / 1e6;
    estimates.push({
      ref: plan.ref,
      label: plan.label,
      role: plan.role,
      calls,
      inputTokens,
      outputTokens,
      outputTokensFrom: output.outputTokensFrom,
      price,
      costUsd,
      costIsLowerBound: costUsd !== null && outputTokens === null && calls > 0,
      meanLatencyMs: history.get(plan.ref)?.meanLatencyMs ?? null,
      problem: plan.problem,
    });
  }
  return summarizeEstimate(run.name, cases, repeats, concurrency, estimates, plans);
}

function summarizeEstimate(name: string, cases: number, repeats: number, concurrency: number, models: ModelEstimate[], plans: readonly ModelPlan[]): EvalEstimate {
  const notes: string[] = [];
  const calls = models.reduce((sum, model) => sum + model.calls, 0);
  const priced = models.filter((model) => model.costUsd !== null);
  const costUsd = calls > 0 && !models.some((model) => model.calls > 0 && model.costUsd !== null) ? null : priced.reduce((sum, model) => sum + model.costUsd!, 0);
  const costComplete = models.every((model) => model.calls === 0 || (model.costUsd !== null && !model.costIsLowerBound));
  for (const model of models) {
    if (model.calls > 0 && model.price === null) notes.push(`${model.label}: no price (a self-hosted model, or one the catalog does not know: set price in the suite)`);
    else if (model.costIsLowerBound) notes.push(`${model.label}: the output tokens are unknown (no earlier run, no maxTokens): its cost counts the input only`);
    if (model.problem !== null) notes.push(`${model.label}: ${model.problem} — the run would stop before its first call`);
  }
  // the calls run `concurrency` at a time; a provider's own concurrency or requests-per-minute limit can hold it back
  let durationSeconds: number | null = 0;
  let busy = 0;
  for (const model of models) {
    if (model.calls === 0) continue;
    const plan = plans.find((entry) => entry.ref === model.ref && entry.role === model.role);
    if (model.meanLatencyMs === null) {
      durationSeconds = null;
      notes.push(`${model.label}: no earlier run to take a latency from, so the duration is unknown`);
      continue;
    }
    busy += (model.calls * model.meanLatencyMs) / 1000;
    const own = (model.calls * model.meanLatencyMs) / 1000 / Math.min(concurrency, plan?.concurrency ?? concurrency);
    const rateBound = plan?.requestsPerMinute === undefined ? 0 : (model.calls / plan.requestsPerMinute) * 60;
    if (durationSeconds !== null) durationSeconds = Math.max(durationSeconds, own, rateBound);
  }
  if (durationSeconds !== null) durationSeconds = Math.max(durationSeconds, busy / concurrency);
  return { name, cases, repeats, concurrency, tokenizer: ESTIMATE_TOKENIZER, models, calls, costUsd, costComplete, durationSeconds, notes };
}
