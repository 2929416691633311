/**
 * The eval's side of the memo: which comparison it is about (open candidate vs frontier reference), and which
 * catalog model each side is — from a flag, the suite's `catalogModel`, the reference's model name, or its
 * label, in that order.
 */
import type { Model } from '../../catalog/index.js';
import { ValidationError } from '../../errors.js';
import type { EvalComparisonEvidence, EvalEvidence, EvalModelEvidence } from './evidence.js';
import type { MemoModel } from './memo.js';

export interface ModelLookup {
  resolveModel(nameOrAlias: string): Model | undefined;
  getModel(id: string): Model | undefined;
}

export interface SelectedComparison {
  comparison: EvalComparisonEvidence;
  open: EvalModelEvidence;
  frontier: EvalModelEvidence;
}

const named = (model: EvalModelEvidence, name: string): boolean => model.ref === name || model.label === name;

/** The comparison the memo is about: the one naming `candidate`/`reference` when given, else the first. */
export function selectComparison(evidence: EvalEvidence, wanted: { candidate?: string | undefined; reference?: string | undefined }): SelectedComparison {
  const { models, comparisons } = evidence.summary;
  const find = (name: string): EvalModelEvidence | undefined => models.find((model) => named(model, name));
  const matches = comparisons.filter((comparison) => {
    const candidate = find(comparison.candidate);
    const reference = find(comparison.reference);
    return (
      (wanted.candidate === undefined || (candidate !== undefined && named(candidate, wanted.candidate))) &&
      (wanted.reference === undefined || (reference !== undefined && named(reference, wanted.reference)))
    );
  });
  const comparison = matches[0];
  if (comparison === undefined) {
    const listed = comparisons.map((entry) => `${entry.candidate} vs ${entry.reference}`).join('; ') || 'none';
    throw new ValidationError(
      comparisons.length === 0
        ? `eval run ${evidence.runId} compares no open model with a closed one (add \`compare:\` to the suite, or mark providers with openWeights)`
        : `no comparison in eval run ${evidence.runId} matches --candidate/--reference (it has: ${listed})`,
      '--candidate',
    );
  }
  const open = find(comparison.candidate);
  const frontier = find(comparison.reference);
  if (open === undefined || frontier === undefined) {
    throw new ValidationError(`eval run ${evidence.runId}: the comparison names a model missing from its model list`, 'eval');
  }
  return { comparison, open, frontier };
}

/** The catalog model of an eval target, and how it was found. */
export function catalogModelFor(
  target: EvalModelEvidence,
  evidence: EvalEvidence,
  catalog: ModelLookup,
  override: { flag: string; value: string | undefined },
): { model: Model | null; mappedBy: string } {
  const lookup = (name: string): Model | undefined => catalog.getModel(name) ?? catalog.resolveModel(name);
  if (override.value !== undefined) {
    const model = lookup(override.value);
    if (model === undefined) throw new ValidationError(`${override.flag} "${override.value}" is not in the catalog (see \`parity catalog search\`)`, override.flag);
    return { model, mappedBy: `${override.flag} ${override.value}` };
  }
  const provider = evidence.config?.suite?.providers.find((entry) => entry.ref === target.ref);
  if (provider?.catalogModel !== undefined) {
    const model = lookup(provider.catalogModel);
    if (model !== undefined) return { model, mappedBy: `the suite's catalogModel ${provider.catalogModel}` };
  }
  const slash = target.ref.indexOf('/');
  const modelName = (slash < 0 ? target.ref : target.ref.slice(slash + 1)).replace(/\.jsonl?$/, '');
  for (const [name, how] of [[modelName, 'model name'], [target.label, 'label']] as const) {
    const model = lookup(name);
    if (model !== undefined) return { model, mappedBy: `catalog match of the ${how} "${name}"` };
  }
  return { model: null, mappedBy: 'not in the catalog' };
}

export function memoModel(role: MemoModel['role'], target: EvalModelEvidence, mapping: { model: Model | null; mappedBy: string }): MemoModel {
  return {
    role,
    ref: target.ref,
    label: target.label,
    catalogId: mapping.model?.id ?? null,
    name: mapping.model?.name ?? null,
    mappedBy: mapping.mappedBy,
    passes: target.passes,
    attempts: target.attempts,
    passRate: target.passRate,
    passRateInterval: target.passRateInterval,
    meanInputTokens: target.meanInputTokens,
    meanOutputTokens: target.meanOutputTokens,
    costPerCase: target.costPerCase,
    priceSource: target.priceSource,
    errors: target.errors,
    ...(target.usageUnknown === undefined ? {} : { usageUnknown: target.usageUnknown }),
  };
}
