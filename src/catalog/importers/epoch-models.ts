/**
 * Epoch AI's model tables: the ECI table (score, release date, organisation, accessibility per model version)
 * and model_versions.csv (release date, Hugging Face developer id), both in the Benchmarking Hub download, and
 * the Nov 2024 snapshot of "All ML Systems" of the open-model-trends report (accessibility, publication date,
 * parameters). Together they give most models in Epoch's benchmark tables a release date and an open/closed flag.
 */
import type { ImportContext, SourceOutput } from './context.js';
import { emptyOutput } from './context.js';
import { exactKey } from '../normalize.js';
import { parametersFromName } from './model-facts.js';

export const EPOCH_ECI = 'epoch/epoch_capabilities_index.csv';
export const EPOCH_VERSIONS = 'epoch/model_versions.csv';
export const EPOCH_SYSTEMS_2024 = 'epoch/All ML Systems - full view.csv';
const ECI = EPOCH_ECI;
const VERSIONS = EPOCH_VERSIONS;
const SNAPSHOT = EPOCH_SYSTEMS_2024;
const ECI_SNAPSHOT = '2025-11-07';

/** Epoch's "Model accessibility": open weights of any kind → true; API, hosted or unreleased → false. */
export function openFromAccessibility(text: string): boolean | null {
  const value = text.trim().toLowerCase();
  if (value === '') return null;
  if (value.startsWith('open weights')) return true;
  if (value.startsWith('api access') || value.startsWith('hosted access') || value.startsWith('unreleased')) return false;
  return null;
}

function licenseFromAccessibility(text: string): string | null {
  return /non-commercial/i.test(text) ? 'Non-commercial' : null;
}

/** Model version id → release date, from the ECI table and model_versions.csv (for dating other Epoch rows). */
export function epochVersionDates(context: ImportContext): Map<string, string> {
  const dates = new Map<string, string>();
  for (const row of context.folder.csv(VERSIONS, ['id', 'Version release date'])) {
    const date = row.date('Version release date');
    if (date !== null) dates.set(row.text('id'), date);
  }
  for (const row of context.folder.csv(ECI, ['Model version', 'Release date'])) {
    const date = row.date('Release date');
    if (date !== null) dates.set(row.text('Model version'), date);
  }
  return dates;
}

export function importEpochModels(context: ImportContext): SourceOutput {
  const out = emptyOutput();
  for (const row of context.folder.csv(ECI, ['Model version', 'ECI Score', 'Release date', 'Organization', 'Model accessibility'])) {
    const version = row.requiredText('Model version');
    const accessibility = row.text('Model accessibility');
    const releaseDate = row.date('Release date');
    const lab = context.labs.forOrganization(row.text('Organization')) ?? context.labs.forModelName(version);
    const open = openFromAccessibility(accessibility);
    out.facts.push({
      source: 'epoch-eci',
      name: version,
      // "Model name" is the family ("DeepSeek-V3" for DeepSeek-V3-0324); the display name is per version
      displayName: row.optionalText('Display name') ?? version,
      lab,
      openWeights: open,
      license: licenseFromAccessibility(accessibility),
      releaseDate,
      ...(open ? sizeOf(version) : {}),
    });
    const score = row.number('ECI Score');
    if (score !== null) {
      out.results.push({
        source: 'epoch-eci',
        modelName: version,
        lab,
        benchmark: 'eci',
        score,
        date: releaseDate,
        fallbackDate: context.asOf ?? ECI_SNAPSHOT,
        sourceRow: 'epoch_capabilities_index.csv',
      });
    }
  }

  // The snapshot knows accessibility by system name ("Llama 3-70B"); model_versions.csv names the system.
  const snapshotRows = context.folder
    .csv(SNAPSHOT, ['System', 'Domain', 'Organization', 'Publication date', 'Model accessibility', 'Parameters'])
    // derived research systems ("LLaMA-7B (LoRA finetuned)", "GPT-2 (fine-tuned with HYDRA)") are not the model
    .filter((row) => /language|multimodal/i.test(row.text('Domain')) && !/fine-?tun|lora|curriculum|hydra|slw|protein/i.test(row.text('System')));
  const accessibilityBySystem = new Map<string, string>();
  for (const row of snapshotRows) {
    if (row.text('Model accessibility') !== '') accessibilityBySystem.set(exactKey(row.text('System')), row.text('Model accessibility'));
  }

  for (const row of context.folder.csv(VERSIONS, ['id', 'Model', 'Version release date', 'Hugging Face developer id'])) {
    const version = row.requiredText('id');
    const developer = row.text('Hugging Face developer id');
    const system = row.text('Model');
    const accessibility = system === '' ? '' : (accessibilityBySystem.get(exactKey(system)) ?? '');
    const open = developer !== '' ? true : openFromAccessibility(accessibility);
    out.facts.push({
      source: 'epoch-models',
      name: version,
      lab: context.labs.forOrganization(developer) ?? context.labs.forModelName(version) ?? context.labs.forModelName(system),
      openWeights: open,
      license: licenseFromAccessibility(accessibility),
      releaseDate: row.date('Version release date'),
      ...(open ? sizeOf(version) : {}),
    });
  }

  for (const row of snapshotRows) {
    const system = row.requiredText('System');
    const parameters = row.number('Parameters');
    const open = openFromAccessibility(row.text('Model accessibility'));
    out.facts.push({
      source: 'epoch-models',
      name: system,
      lab: context.labs.forOrganization(row.text('Organization')) ?? context.labs.forModelName(system),
      openWeights: open,
      license: licenseFromAccessibility(row.text('Model accessibility')),
      releaseDate: row.date('Publication date'),
      parametersB: parameters !== null && parameters > 0 ? parameters / 1e9 : null,
    });
  }
  return out;
}

function sizeOf(name: string): { parametersB: number | null; activeParametersB: number | null } {
  const size = parametersFromName(name);
  return { parametersB: size.total, activeParametersB: size.active };
}
