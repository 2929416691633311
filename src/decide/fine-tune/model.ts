/**
 * What the fine-tuning cost model needs to know about a model: its total parameters (memory), its parameters
 * active per token (compute; the total for a dense model), and, for the activation estimate, its transformer
 * shape. Each comes from the catalog or the reference table, or is given by the user; none is guessed, and a
 * missing one is an error that names the flag that supplies it.
 */
import { z } from 'zod';
import { modelKey } from '../../catalog/index.js';
import type { FineTuningReference } from '../../catalog/index.js';
import type { Model } from '../../catalog/index.js';
import { ValidationError } from '../../errors.js';

export const architectureChoiceSchema = z.object({
  layers: z.number().int().positive(),
  hiddenSize: z.number().int().positive(),
  vocabSize: z.number().int().positive(),
  basis: z.string(),
  sources: z.array(z.string()),
});
export type ArchitectureChoice = z.infer<typeof architectureChoiceSchema>;

export const fineTuneModelSchema = z.object({
  id: z.string(),
  name: z.string(),
  openWeights: z.boolean().nullable(),
  parametersB: z.number().positive(),
  activeParametersB: z.number().positive(),
  mixtureOfExperts: z.boolean(),
  parametersBasis: z.string(),
  /** Null when neither the reference table nor the user gives it; the self-run memory estimate then refuses. */
  architecture: architectureChoiceSchema.nullable(),
});
export type FineTuneModel = z.infer<typeof fineTuneModelSchema>;

export type FineTuneCatalogModel = Pick<Model, 'id' | 'name' | 'openWeights' | 'parametersB' | 'activeParametersB'>;

export interface ModelOverrides {
  parametersB?: number | null;
  activeParametersB?: number | null;
  layers?: number | null;
  hiddenSize?: number | null;
  vocabSize?: number | null;
}

/** `8x7B`-style names are mixtures of experts even when the catalog has no active-parameter figure. */
function namedMixture(model: FineTuneCatalogModel): boolean {
  return /\d+x\d+(?:\.\d+)?b/i.test(model.id) || /\d+x\d+(?:\.\d+)?b/i.test(model.name);
}

function architectureFor(model: FineTuneCatalogModel, reference: FineTuningReference, overrides: ModelOverrides): ArchitectureChoice | null {
  const given = [overrides.layers, overrides.hiddenSize, overrides.vocabSize];
  if (given.some((value) => value != null)) {
    if (given.some((value) => value == null)) {
      throw new ValidationError('give the model shape whole: --layers, --hidden-size and --vocab-size (config.json: num_hidden_layers, hidden_size, vocab_size)', '--layers');
    }
    return {
      layers: overrides.layers as number,
      hiddenSize: overrides.hiddenSize as number,
      vocabSize: overrides.vocabSize as number,
      basis: `given on the command line (${overrides.layers} layers, hidden size ${overrides.hiddenSize}, vocabulary ${overrides.vocabSize})`,
      sources: ['user-supplied'],
    };
  }
  const keys = new Set([modelKey(model.id), modelKey(model.name)]);
  const row = reference.architectures.find((candidate) => candidate.modelKeys.some((key) => keys.has(key)));
  if (row === undefined) return null;
  return {
    layers: row.layers,
    hiddenSize: row.hiddenSize,
    vocabSize: row.vocabSize,
    basis: `${row.layers} layers, hidden size ${row.hiddenSize}, vocabulary ${row.vocabSize} — ${row.locator} (${row.seen})`,
    sources: [row.source],
  };
}

export function fineTuneModel(model: FineTuneCatalogModel, reference: FineTuningReference, overrides: ModelOverrides = {}): FineTuneModel {
  const parametersB = overrides.parametersB ?? model.parametersB;
  if (parametersB == null) {
    throw new ValidationError(`${model.id} has no known parameter count in the catalog: give it with --params BILLIONS`, '--params');
  }
  if (!(parametersB > 0)) throw new ValidationError(`--params: expected a positive number of billions, got ${parametersB}`, '--params');
  const catalogActive = model.activeParametersB != null && model.activeParametersB < parametersB ? model.activeParametersB : null;
  const activeParametersB = overrides.activeParametersB ?? catalogActive;
  const mixture = activeParametersB != null || namedMixture(model);
  if (mixture && activeParametersB == null) {
    throw new ValidationError(
      `${model.id} is a mixture of experts and the catalog has no active-parameter count: give it with --active-params BILLIONS (compute follows the parameters active per token)`,
      '--active-params',
    );
  }
  if (activeParametersB != null && activeParametersB > parametersB) {
    throw new ValidationError(`--active-params (${activeParametersB}B) exceeds the model's ${parametersB}B parameters`, '--active-params');
  }
  const parametersBasis =
    overrides.parametersB != null ? `${parametersB}B parameters given with --params` : `${parametersB}B parameters in the catalog`;
  return {
    id: model.id,
    name: model.name,
    openWeights: model.openWeights,
    parametersB,
    activeParametersB: activeParametersB ?? parametersB,
    mixtureOfExperts: mixture,
    parametersBasis: mixture ? `${parametersBasis}; ${activeParametersB}B active per token${overrides.activeParametersB != null ? ' (--active-params)' : ' (catalog)'}` : parametersBasis,
    architecture: architectureFor(model, reference, overrides),
  };
}
