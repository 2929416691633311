/**
 * The summary computed a result at a time (as executePlan does from the store's pages) against a direct
 * computation over whole arrays, written out here the simple way: grouping every result in memory. Random runs
 * with several models, repeats, errors, unknown costs and cases in any order.
 */
import { describe, expect, it } from 'vitest';
import type { CaseError, CaseResult } from '../records/case-result.js';
import type { ErrorCause, EvalSummary } from '../records/run-summary.js';
import { errorHint } from '../runner/call-error.js';
import { mean, quantile, seededRandom } from '../../kernel/index.js';
import { wilsonInterval } from '../stats/descriptive.js';
import { mcnemar, nonInferiority, pairedBootstrap, pairedCounts, passRateDifference } from '../stats/paired.js';
import { summarize, summarizeRows, type TargetInfo } from './summarize.js';

const orNull = (value: number) => (Number.isFinite(value) ? value : null);
const byId = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
/** The latencies that were measured: an unknown one (null) is no 0 ms. */
const measured = (results: readonly CaseResult[]) => results.flatMap((result) => (result.latencyMs === null ? [] : [result.latencyMs]));

function direct(targets: readonly TargetInfo[], results: readonly CaseResult[], margin: number, seed: number, repeats: number, compare?: Array<{ candidate: string; reference: string }>): EvalSummary {
  const sorted = [...results].sort((x, y) => byId(x.caseId, y.caseId) || byId(x.modelRef, y.modelRef) || x.repeat - y.repeat);
  const byModel = new Map<string, CaseResult[]>();
  for (const result of sorted) byModel.set(result.modelRef, [...(byModel.get(result.modelRef) ?? []), result]);
  const models = targets.map((target) => {
    const list = byModel.get(target.ref) ?? [];
    const answered = list.filter((result) => result.error === null);
    const passes = answered.filter((result) => result.pass).length;
    const costs = answered.flatMap((result) => (result.costUsd === null ? [] : [result.costUsd]));
    // the cost of the calls that have one (a lower bound when some have none); null when none has
    const costUsd = costs.length === 0 ? null : costs.reduce((a, b) => a + b, 0);
    const known = (values: ReadonlyArray<number | null>) => values.filter((value): value is number => value !== null);
    const usageUnknown = answered.filter((result) => result.inputTokens === null || result.outputTokens === null).length;
    const causes = new Map<string, ErrorCause>();
    for (const result of list) {
      if (result.error === null) continue;
      const key = `${result.error.kind} ${result.error.cause}`;
      const known = causes.get(key);
      if (known) known.count++;
      else causes.set(key, { kind: result.error.kind, cause: result.error.cause, count: 1, firstMessage: result.error.message, hint: errorHint(result.error.kind, target.ref) });
    }
    const groups = new Map<string, CaseResult[]>();
    for (const result of list) groups.set(result.caseId, [...(groups.get(result.caseId) ?? []), result]);
    const complete = [...groups].filter(([, group]) => group.filter((result) => result.error === null).length === repeats);
    const passCounts = complete.map(([caseId, group]) => [caseId, group.filter((result) => result.pass).length] as const);
    const flipping = passCounts.filter(([, count]) => count > 0 && count < repeats).map(([caseId]) => caseId).sort(byId);
    return {
      ref: target.ref,
      label: target.label,
      openWeights: target.openWeights,
      cases: groups.size,
      attempts: list.length,
      errors: list.length - answered.length,
      passes,
      passRate: answered.length === 0 ? null : passes / answered.length,
      passRateInterval: wilsonInterval(passes, answered.length),
      meanScore: orNull(mean(answered.map((result) => result.score))),
      errorCauses: [...causes.values()].sort((x, y) => y.count - x.count || byId(x.cause, y.cause)),
      cached: answered.filter((result) => result.cached).length,
      ...(usageUnknown > 0 ? { usageUnknown } : {}),
      costUsd,
      costPerCase: costUsd === null ? null : costUsd / costs.length,
      costPerPassedCase: costUsd === null || costs.length < answered.length || passes === 0 ? null : costUsd / passes,
      priceSource: target.priceSource,
      latencyP50Ms: orNull(quantile(measured(answered), 0.5)),
      latencyP95Ms: orNull(quantile(measured(answered), 0.95)),
      meanInputTokens: orNull(mean(known(answered.map((result) => result.inputTokens)))),
      meanOutputTokens: orNull(mean(known(answered.map((result) => result.outputTokens)))),
      consistency:
        repeats === 1
          ? null
          : {
              repeats,
              cases: complete.length,
              passAll: complete.length === 0 ? null : passCounts.filter(([, count]) => count === repeats).length / complete.length,
              passAny: complete.length === 0 ? null : passCounts.filter(([, count]) => count > 0).length / complete.length,
              flipping: flipping.length,
              flippingCases: flipping.slice(0, 20),
            },
    };
  });
  const perCase = (ref: string) => {
    const out = new Map<string, { pass: number; score: number; cost: number | null } | null>();
    const groups = new Map<string, CaseResult[]>();
    for (const result of byModel.get(ref) ?? []) groups.set(result.caseId, [...(groups.get(result.caseId) ?? []), result]);
    for (const [caseId, all] of groups) {
      const list = all.filter((result) => result.error === null);
      const costs = list.map((result) => result.costUsd);
      out.set(caseId, list.length === 0 ? null : { pass: mean(list.map((result) => (result.pass ? 1 : 0))), score: mean(list.map((result) => result.score)), cost: costs.includes(null) ? null : mean(costs as number[]) });
    }
    return out;
  };
  const find = (name: string) => targets.find((target) => target.ref === name || target.label === name)!;
  let pairs = (compare ?? []).map((entry) => ({ candidate: find(entry.candidate), reference: find(entry.reference) }));
  if (pairs.length === 0) {
    const best = (open: boolean) => models.filter((model) => model.openWeights === open).sort((x, y) => (y.passRate ?? -1) - (x.passRate ?? -1))[0];
    const open = best(true);
    const closed = best(false);
    if (open && closed) pairs = [{ candidate: find(open.ref), reference: find(closed.ref) }];
  }
  const comparisons = pairs.map(({ candidate, reference }) => {
    const a = perCase(candidate.ref);
    const b = perCase(reference.ref);
    const run = new Set([...a.keys(), ...b.keys()]);
    const shared = [...run].filter((caseId) => a.get(caseId) && b.get(caseId)).sort(byId);
    const xs = shared.map((caseId) => a.get(caseId)!);
    const ys = shared.map((caseId) => b.get(caseId)!);
    const n = shared.length;
    const counts = pairedCounts(xs.map((x) => x.pass >= 0.5), ys.map((y) => y.pass >= 0.5));
    const share = (predicate: (i: number) => boolean) => (n === 0 ? null : shared.filter((_, i) => predicate(i)).length / n);
    const known = n > 0 && xs.every((x, i) => x.cost !== null && ys[i]!.cost !== null);
    let reference$ = 0;
    let oracle = 0;
    let cascade = 0;
    for (let i = 0; i < n; i++) {
      reference$ += ys[i]!.cost ?? 0;
      oracle += xs[i]!.pass >= 0.5 ? (xs[i]!.cost ?? 0) : (ys[i]!.cost ?? 0);
      cascade += xs[i]!.pass >= 0.5 ? (xs[i]!.cost ?? 0) : (xs[i]!.cost ?? 0) + (ys[i]!.cost ?? 0);
    }
    return {
      candidate: candidate.ref,
      reference: reference.ref,
      pairedCases: n,
      unpairedCases: run.size - n,
      passRateDifference: passRateDifference(counts),
      scoreDifference: pairedBootstrap(xs.map((x) => x.score), ys.map((y) => y.score), { seed: seed + 1 }),
      mcnemar: mcnemar(counts),
      nonInferiority: nonInferiority(counts, { margin, names: { candidate: candidate.label, reference: reference.label } }),
      coverage: {
        candidatePasses: share((i) => xs[i]!.pass >= 0.5),
        onlyReferencePasses: share((i) => xs[i]!.pass < 0.5 && ys[i]!.pass >= 0.5),
        onlyCandidatePasses: share((i) => xs[i]!.pass >= 0.5 && ys[i]!.pass < 0.5),
        bothFail: share((i) => xs[i]!.pass < 0.5 && ys[i]!.pass < 0.5),
        referenceCostPerCase: known ? reference$ / n : null,
        oracleRoutingCostPerCase: known ? oracle / n : null,
        cascadeCostPerCase: known ? cascade / n : null,
      },
    };
  });
  return { models, comparisons };
}

const TARGETS: TargetInfo[] = [
  { ref: 'open/a', label: 'a', openWeights: true, priceSource: 'suite' },
  { ref: 'open/b', label: 'b', openWeights: true, priceSource: null },
  { ref: 'closed/c', label: 'c', openWeights: false, priceSource: 'catalog' },
  { ref: 'unknown/d', label: 'd', openWeights: null, priceSource: null },
];

const ERRORS: readonly CaseError[] = [
  { kind: 'server', cause: 'HTTP 503', message: 'x: HTTP 503: overloaded' },
  { kind: 'connection', cause: 'connection refused to 127.0.0.1:1', message: 'x: request failed: connect ECONNREFUSED 127.0.0.1:1' },
];

/** A run of random results: some cases missing for some models, repeats, errors of two causes, a model with unknown costs. */
function randomRun(seed: number): { results: CaseResult[]; repeats: number } {
  const random = seededRandom(seed);
  const results: CaseResult[] = [];
  const cases = 20 + Math.floor(random() * 60);
  const repeats = 1 + Math.floor(random() * 3);
  for (let i = 0; i < cases; i++) {
    const caseId = `case-${Math.floor(random() * 1e6).toString(36)}-${i}`;
    for (const target of TARGETS) {
      if (random() < 0.1) continue;
      // a model that fails on a whole case now and then: the case is left out of its comparisons
      const down = random() < 0.05;
      for (let repeat = 0; repeat < repeats; repeat++) {
        const failed = down || random() < 0.08;
        const pass = !failed && random() < (target.openWeights === false ? 0.8 : 0.6);
        // an answer without usage (none, or only its prompt tokens): its tokens and cost unknown
        const usage = failed ? 'none' : random() < 0.1 ? (random() < 0.5 ? 'none' : 'input') : 'both';
        results.push({
          runId: 'r', caseId, modelRef: target.ref, repeat, output: '', toolCalls: [], pass, score: failed ? 0 : pass ? 1 : random() * 0.5, reason: '',
          graderDetails: null, inputTokens: usage === 'none' ? null : 10 + Math.floor(random() * 90), outputTokens: usage === 'both' ? Math.floor(random() * 200) : null,
          costUsd: usage !== 'both' || target.ref === 'unknown/d' ? null : random() / 100, spentUsd: 0, latencyMs: failed || target.ref === 'unknown/d' || random() < 0.15 ? null : Math.floor(random() * 3000), cached: random() < 0.2,
          error: failed ? ERRORS[Math.floor(random() * ERRORS.length)]! : null,
        });
      }
    }
  }
  // in no particular order
  for (let i = results.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [results[i], results[j]] = [results[j]!, results[i]!];
  }
  return { results, repeats };
}

/** Deep equality with numbers compared to 12 significant digits (sums may add in another order). */
function expectClose(actual: unknown, expected: unknown, path = 'summary'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), path).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
    return;
  }
  if (expected === null || typeof expected !== 'object') {
    expect(actual, path).toEqual(expected);
    return;
  }
  expect(typeof actual, path).toBe('object');
  expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
  for (const [key, value] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
}

describe('summary, a result at a time', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`equals the direct computation over the whole run (random run ${seed})`, async () => {
      const { results, repeats } = randomRun(seed);
      const compare = seed % 2 === 0 ? [{ candidate: 'b', reference: 'closed/c' }, { candidate: 'open/a', reference: 'unknown/d' }] : undefined;
      const expected = direct(TARGETS, results, 0.05, seed, repeats, compare);
      const options = { margin: 0.05, seed, repeats, ...(compare ? { compare } : {}) };
      expectClose(summarize(TARGETS, results, options), expected);
      // as the store returns them: grouped by case (in its own order of case ids), read by an async iterator
      const stored = [...results].sort((x, y) => x.caseId.localeCompare(y.caseId, 'de') || x.modelRef.localeCompare(y.modelRef) || x.repeat - y.repeat);
      let reads = 0;
      const rows = async function* () {
        reads++;
        for (const result of stored) yield result;
      };
      expectClose(await summarizeRows(TARGETS, rows, options), expected);
      expect(expected.models.some((model) => model.errorCauses.length === 2)).toBe(true);
      expect(expected.comparisons.some((comparison) => comparison.unpairedCases > 0)).toBe(true);
      // pairs the suite names are collected in the models' pass; the default pair, chosen by pass rate, needs a second
      expect(reads).toBe(compare ? 1 : 2);
      expect(expected.comparisons.length).toBeGreaterThan(0);
    });
  }

  it('reads the results once when there is nothing to compare', async () => {
    let reads = 0;
    const only = [TARGETS[0]!];
    const results = randomRun(9).results.filter((result) => result.modelRef === 'open/a');
    const summary = await summarizeRows(only, function* () {
      reads++;
      for (const result of results) yield result;
    });
    expect(reads).toBe(1);
    expect(summary.comparisons).toEqual([]);
    expect(summary.models[0]!.attempts).toBe(results.length);
  });
});
