/**
 * The summary computed a result at a time (as executePlan does from the store's pages) against a direct
 * computation over whole arrays, written out here the simple way: grouping every result in memory. Random runs
 * with several models, repeats, errors, unknown costs and cases in any order.
 */
import { describe, expect, it } from 'vitest';
import { mean, quantile, wilsonInterval } from '../stats/descriptive.js';
import { mcnemar, nonInferiority, pairedBootstrap } from '../stats/paired.js';
import { seededRandom } from '../stats/random.js';
import type { CaseResult } from '../records/case-result.js';
import { summarize, summarizeRows, summaryRowOf, type EvalSummary, type TargetInfo } from './summarize.js';

function direct(targets: readonly TargetInfo[], results: readonly CaseResult[], margin: number, seed: number, compare?: Array<{ candidate: string; reference: string }>): EvalSummary {
  const byModel = new Map<string, CaseResult[]>();
  for (const result of results) byModel.set(result.modelRef, [...(byModel.get(result.modelRef) ?? []), result]);
  const models = targets.map((target) => {
    const list = byModel.get(target.ref) ?? [];
    const passes = list.filter((result) => result.pass).length;
    const costs = list.map((result) => result.costUsd);
    const costUsd = costs.length > 0 && costs.every((cost) => cost !== null) ? (costs as number[]).reduce((a, b) => a + b, 0) : null;
    const latencies = list.filter((result) => result.error === null).map((result) => result.latencyMs);
    return {
      ref: target.ref,
      label: target.label,
      openWeights: target.openWeights,
      cases: new Set(list.map((result) => result.caseId)).size,
      attempts: list.length,
      passes,
      passRate: list.length === 0 ? Number.NaN : passes / list.length,
      passRateInterval: wilsonInterval(passes, list.length),
      meanScore: mean(list.map((result) => result.score)),
      errors: list.filter((result) => result.error !== null).length,
      cached: list.filter((result) => result.cached).length,
      costUsd,
      costPerCase: costUsd === null || list.length === 0 ? null : costUsd / list.length,
      costPerPassedCase: costUsd === null || passes === 0 ? null : costUsd / passes,
      priceSource: target.priceSource,
      latencyP50Ms: quantile(latencies, 0.5),
      latencyP95Ms: quantile(latencies, 0.95),
      meanInputTokens: mean(list.map((result) => result.inputTokens)),
      meanOutputTokens: mean(list.map((result) => result.outputTokens)),
    };
  });
  const perCase = (ref: string) => {
    const out = new Map<string, { pass: number; score: number; cost: number | null }>();
    const groups = new Map<string, CaseResult[]>();
    for (const result of byModel.get(ref) ?? []) groups.set(result.caseId, [...(groups.get(result.caseId) ?? []), result]);
    for (const [caseId, list] of groups) {
      const costs = list.map((result) => result.costUsd);
      out.set(caseId, { pass: mean(list.map((result) => (result.pass ? 1 : 0))), score: mean(list.map((result) => result.score)), cost: costs.includes(null) ? null : mean(costs as number[]) });
    }
    return out;
  };
  const find = (name: string) => targets.find((target) => target.ref === name || target.label === name)!;
  let pairs = (compare ?? []).map((entry) => ({ candidate: find(entry.candidate), reference: find(entry.reference) }));
  if (pairs.length === 0) {
    const best = (open: boolean) => models.filter((model) => model.openWeights === open).sort((x, y) => y.passRate - x.passRate)[0];
    const open = best(true);
    const closed = best(false);
    if (open && closed) pairs = [{ candidate: find(open.ref), reference: find(closed.ref) }];
  }
  const comparisons = pairs.map(({ candidate, reference }) => {
    const a = perCase(candidate.ref);
    const b = perCase(reference.ref);
    const shared = [...a.keys()].filter((caseId) => b.has(caseId)).sort();
    const xs = shared.map((caseId) => a.get(caseId)!);
    const ys = shared.map((caseId) => b.get(caseId)!);
    const n = shared.length;
    const passRateDifference = pairedBootstrap(xs.map((x) => x.pass), ys.map((y) => y.pass), { seed });
    const share = (predicate: (i: number) => boolean) => (n === 0 ? Number.NaN : shared.filter((_, i) => predicate(i)).length / n);
    const known = xs.every((x, i) => x.cost !== null && ys[i]!.cost !== null) && n > 0;
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
      passRateDifference,
      scoreDifference: pairedBootstrap(xs.map((x) => x.score), ys.map((y) => y.score), { seed: seed + 1 }),
      mcnemar: mcnemar(xs.map((x) => x.pass >= 0.5), ys.map((y) => y.pass >= 0.5)),
      nonInferiority: nonInferiority(passRateDifference, margin, { candidate: candidate.label, reference: reference.label }),
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

/** A run of random results: some cases missing for some models, repeats, errors, a model with unknown costs. */
function randomRun(seed: number): CaseResult[] {
  const random = seededRandom(seed);
  const results: CaseResult[] = [];
  const cases = 20 + Math.floor(random() * 60);
  const repeats = 1 + Math.floor(random() * 3);
  for (let i = 0; i < cases; i++) {
    const caseId = `case-${Math.floor(random() * 1e6).toString(36)}-${i}`;
    for (const target of TARGETS) {
      if (random() < 0.1) continue;
      for (let repeat = 0; repeat < repeats; repeat++) {
        const failed = random() < 0.08;
        const pass = !failed && random() < (target.openWeights === false ? 0.8 : 0.6);
        results.push({
          runId: 'r', caseId, modelRef: target.ref, repeat, output: '', toolCalls: [], pass, score: failed ? 0 : pass ? 1 : random() * 0.5, reason: '',
          graderDetails: null, inputTokens: failed ? 0 : 10 + Math.floor(random() * 90), outputTokens: failed ? 0 : Math.floor(random() * 200),
          costUsd: failed || target.ref === 'unknown/d' ? null : random() / 100, latencyMs: failed ? 0 : Math.floor(random() * 3000), cached: random() < 0.2, error: failed ? 'HTTP 503' : null,
        });
      }
    }
  }
  // in no particular order
  for (let i = results.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [results[i], results[j]] = [results[j]!, results[i]!];
  }
  return results;
}

/** Deep equality with numbers compared to 12 significant digits (sums may add in another order). */
function expectClose(actual: unknown, expected: unknown, path = 'summary'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isNaN(expected)) expect(actual, path).toBeNaN();
    else expect(Math.abs(actual - expected), path).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
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
      const results = randomRun(seed);
      const compare = seed % 2 === 0 ? [{ candidate: 'b', reference: 'closed/c' }, { candidate: 'open/a', reference: 'unknown/d' }] : undefined;
      const expected = direct(TARGETS, results, 0.05, seed, compare);
      expectClose(summarize(TARGETS, results, { margin: 0.05, seed, ...(compare ? { compare } : {}) }), expected);
      // as the store returns them: grouped by case (in its own order of case ids), read by an async iterator
      const stored = [...results].sort((x, y) => x.caseId.localeCompare(y.caseId, 'de') || x.modelRef.localeCompare(y.modelRef) || x.repeat - y.repeat);
      let reads = 0;
      const rows = async function* () {
        reads++;
        for (const result of stored) yield summaryRowOf(result);
      };
      expectClose(await summarizeRows(TARGETS, rows, { margin: 0.05, seed, ...(compare ? { compare } : {}) }), expected);
      // pairs the suite names are collected in the models' pass; the default pair, chosen by pass rate, needs a second
      expect(reads).toBe(compare ? 1 : 2);
      expect(expected.comparisons.length).toBeGreaterThan(0);
    });
  }

  it('reads the results once when there is nothing to compare', async () => {
    let reads = 0;
    const only = [TARGETS[0]!];
    const results = randomRun(9).filter((result) => result.modelRef === 'open/a');
    const summary = await summarizeRows(only, function* () {
      reads++;
      for (const result of results) yield summaryRowOf(result);
    });
    expect(reads).toBe(1);
    expect(summary.comparisons).toEqual([]);
    expect(summary.models[0]!.attempts).toBe(results.length);
  });
});
