/**
 * Hugging Face Open LLM Leaderboard v2 (retired 2025). Only rows flagged `official_provider` are taken: models
 * published by their own lab (Qwen, google, meta-llama, mistralai, ibm-granite, …). The other ~4,100 rows are
 * merges and community fine-tunes that no other source knows and that would not move an open frontier. Scores
 * are the raw values (shares in [0, 1]), not the leaderboard's normalised ones. The upload date on the Hub is
 * an approximate release date, the submission date an upper bound; the Hub licence is the weights' licence.
 */
import type { ImportContext, SourceOutput } from './context.js';
import { emptyOutput } from './context.js';

const FILE = 'open-llm-leaderboard/open_llm_leaderboard_v2_2025-06.csv';
const SOURCE = 'open-llm-leaderboard';
const SNAPSHOT = '2025-06-09';

const COLUMNS: Array<[string, string]> = [
  ['evaluations_ifeval_value', 'oll-ifeval'],
  ['evaluations_bbh_value', 'oll-bbh'],
  ['evaluations_math_value', 'oll-math-lvl5'],
  ['evaluations_gpqa_value', 'oll-gpqa'],
  ['evaluations_musr_value', 'oll-musr'],
  ['evaluations_mmlu_pro_value', 'oll-mmlu-pro'],
];

export function importOpenLlmLeaderboard(context: ImportContext): SourceOutput {
  const out = emptyOutput();
  const seen = new Set<string>();
  const rows = context.folder.csv(FILE, ['model_name', 'features_is_official_provider', 'metadata_upload_date', 'metadata_hub_license', 'metadata_params_billions', ...COLUMNS.map(([column]) => column)]);
  for (const row of rows) {
    const name = row.requiredText('model_name');
    if (row.text('features_is_official_provider').toUpperCase() !== 'TRUE') {
      // a community model: its Hub upload date and licence may date a model another source scores
      const org = name.includes('/') ? (name.split('/')[0] ?? '') : '';
      out.facts.push({
        source: SOURCE,
        name,
        lab: context.labs.forOrganization(org),
        openWeights: true,
        license: context.licenses.read(row.text('metadata_hub_license')).license,
        releaseDate: row.date('metadata_upload_date'),
        releaseDateApprox: true,
        combineOnly: true,
      });
      continue;
    }
    if (seen.has(name)) continue; // the same model at another precision
    seen.add(name);
    const org = name.includes('/') ? (name.split('/')[0] ?? '') : '';
    const lab = context.labs.forOrganization(org) ?? context.labs.forModelName(name);
    const uploaded = row.date('metadata_upload_date');
    const params = row.number('metadata_params_billions');
    out.facts.push({
      source: SOURCE,
      name,
      lab,
      openWeights: true,
      license: context.licenses.read(row.text('metadata_hub_license')).license,
      // the Hub repository's creation date: near the release, but private repositories come earlier and old
      // models were moved to the Hub later. The leaderboard evaluated public models only: the submission
      // date bounds the release from above.
      releaseDate: uploaded,
      releaseDateApprox: true,
      listedBy: row.date('metadata_submission_date'),
      parametersB: params !== null && params > 0 ? params : null,
    });
    for (const [column, benchmark] of COLUMNS) {
      const score = row.share(column, 'share');
      if (score === null) continue;
      out.results.push({ source: SOURCE, modelName: name, lab, benchmark, score, date: uploaded, fallbackDate: SNAPSHOT, seenBy: row.date('metadata_submission_date'), sourceRow: row.text('model_precision') || null });
    }
  }
  return out;
}
