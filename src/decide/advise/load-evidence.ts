/**
 * Reads the memo's measured inputs: an eval run from a store, or the JSON files `parity eval --json` and
 * `parity route eval --json` write. Each keeps its path and sha256 so the memo can name exactly what it read.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DataError, NotFoundError } from '../../errors.js';
import { buildPairDataset } from '../../route/index.js';
import { readEvalRun } from '../../route/index.js';
import { evaluateRouting } from '../../route/index.js';
import { DEFAULT_FEATURE_CONFIG } from '../../route/index.js';
import { cascadeEvidenceFromJson, type CascadeEvidence } from './cascade-evidence.js';
import type { Store } from '../../store/index.js';
import { evalEvidenceFromJson, evalEvidenceFromRun, routeEvidenceFromJson, routeEvidenceFromReport, type EvalEvidence, type RouteEvidence } from './evidence.js';

function readJsonFile(file: string): { value: unknown; reference: { path: string; sha256: string } } {
  let text: Buffer;
  try {
    text = readFileSync(file);
  } catch (error) {
    throw new DataError(file, undefined, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text.toString('utf8'));
  } catch (error) {
    throw new DataError(file, undefined, `not valid JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  return { value, reference: { path: path.resolve(file), sha256: createHash('sha256').update(text).digest('hex') } };
}

/** An eval run from the store, by id. */
export async function loadEvalFromStore(store: Store, runId: string): Promise<EvalEvidence> {
  const run = await store.getRun(runId);
  if (run === undefined) throw new NotFoundError(`no eval run "${runId}" in ${store.location} (\`parity eval … --json\` prints a run's id as runId)`);
  return evalEvidenceFromRun(run, store.location);
}

/** The JSON `parity eval --json` printed, saved to a file. */
export function loadEvalFile(file: string): EvalEvidence {
  const { value, reference } = readJsonFile(file);
  return evalEvidenceFromJson(value, reference);
}

/** The JSON `parity route eval --json` printed, saved to a file. */
export function loadRouteFile(file: string): RouteEvidence {
  const { value, reference } = readJsonFile(file);
  return routeEvidenceFromJson(value, { file: reference });
}

/** The JSON `parity route eval --cascade … --json` printed, saved to a file. */
export function loadCascadeFile(file: string): CascadeEvidence {
  const { value, reference } = readJsonFile(file);
  return cascadeEvidenceFromJson(value, reference);
}

/** The folds and seed of a route evaluation `parity advise` runs itself (those of `parity route eval`'s defaults). */
export const RUN_ROUTE_EVAL = { folds: 5, seed: 1 } as const;

/**
 * A route evaluation of the eval run itself, for when no `parity route eval` report is given: the learned router
 * cross-validated on the run's cases for the memo's pair (`weak`/`strong`: the references results are stored
 * under), with the run's own measured costs.
 */
export async function routeEvidenceFromRun(store: Store, runId: string, pair: { weak: string; strong: string }): Promise<RouteEvidence> {
  const { table } = await readEvalRun(store, runId);
  const dataset = buildPairDataset(table, pair);
  const report = evaluateRouting(dataset, { ...RUN_ROUTE_EVAL, model: 'logistic', features: DEFAULT_FEATURE_CONFIG });
  const evidence = routeEvidenceFromReport(report,  `of eval run ${runId} (computed by parity advise: ${RUN_ROUTE_EVAL.folds}-fold cross-validation, seed ${RUN_ROUTE_EVAL.seed})`);
  return { ...evidence, run: runId };
}
