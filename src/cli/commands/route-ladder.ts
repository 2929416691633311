/** `parity route eval|train --models a,b,c`: the ladder (k-model) router, rendered for the terminal. */
import { writeFile } from 'node:fs/promises';
import { DEFAULT_FEATURE_CONFIG } from '../../route/features/feature-config.js';
import type { LadderCalibrationTarget } from '../../route/ladder/ladder-policy-schema.js';
import { printJson, renderTable } from '../output.js';
import type { EvalFlags, TrainFlags } from './route.js';
import { ladderPrices, loadLadderDataset, peerMethodOf } from './route-source.js';

function percent(value: number | null): string {
  return value === null || Number.isNaN(value) ? '—' : `${(value * 100).toFixed(1)}%`;
}

export async function runLadderEval(flags: EvalFlags, models: readonly string[]): Promise<void> {
  const { dataset } = await loadLadderDataset(flags, models);
  const notes: string[] = [];
  const prices = await ladderPrices(flags, dataset, models, notes);
  const [{ evaluateLadder }, { renderLadderEvalHtml }, rows] = await Promise.all([
    import('../../route/ladder/evaluate-ladder.js'),
    import('../../route/report/render-ladder-html.js'),
    import('../../route/ladder/ladder-report-rows.js'),
  ]);
  const report = evaluateLadder(dataset, {
    folds: flags.folds,
    seed: flags.seed,
    model: flags.model,
    features: { ...DEFAULT_FEATURE_CONFIG, maxChars: flags.maxChars },
    peerMethod: peerMethodOf(flags),
    prices,
  });
  report.notes.unshift(...notes);
  if (flags.html !== undefined) await writeFile(flags.html, renderLadderEvalHtml(report, `parity route eval: ${dataset.models.join(' → ')}`));
  if (flags.json) {
    printJson(report);
    return;
  }
  const tables = [rows.ladderSummaryRows(report), rows.ladderModelRows(report), rows.ladderFrontierRows(report), rows.ladderFoldRows(report)];
  const out = [
    `${dataset.models.join(' → ')} (cheapest first); judge ${dataset.judge}; ${dataset.rows.length} prompts judged for every model; peers: ${report.settings.peerMethod} (${report.settings.peerModels} other models); ${flags.folds}-fold CV over prompts, seed ${flags.seed}`,
    `x = ${rows.axisLabel(report)}; PGR from the first model (0) to the last (1)`,
    ...tables.map((table) => renderTable(table.head, table.rows)),
    ...report.notes.map((note) => `note: ${note}`),
    ...(flags.html === undefined ? [] : [`wrote ${flags.html}`]),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

export async function runLadderTrain(flags: TrainFlags, models: readonly string[], target: LadderCalibrationTarget): Promise<void> {
  const { dataset, reference } = await loadLadderDataset(flags, models);
  const notes: string[] = [];
  const prices = await ladderPrices(flags, dataset, models, notes);
  const { trainLadderPolicy } = await import('../../route/ladder/train-ladder.js');
  const policy = trainLadderPolicy(dataset, {
    model: flags.model,
    features: { ...DEFAULT_FEATURE_CONFIG, maxChars: flags.maxChars },
    folds: flags.folds,
    seed: flags.seed,
    peerMethod: peerMethodOf(flags),
    target,
    source: reference,
    prices,
  });
  await writeFile(flags.out, `${JSON.stringify(policy)}\n`);
  if (flags.json) {
    printJson({ out: flags.out, models: policy.models, threshold: policy.threshold, calibration: policy.calibration, crossValidated: policy.training.crossValidated, notes });
    return;
  }
  const expected = policy.calibration.expected;
  const cv = policy.training.crossValidated;
  const lines = [
    `wrote ${flags.out}: ${policy.scorers[0]?.kind ?? flags.model} ladder router over ${policy.models.join(' → ')}, threshold ${policy.threshold.toFixed(4)}`,
    `target ${target.kind} ${target.value}: expected PGR ${expected.pgr === null ? '—' : expected.pgr.toFixed(3)}, quality ${expected.quality.toFixed(3)}` +
      (expected.costSavings === null ? '' : `, ${percent(expected.costSavings)} cheaper than always ${policy.models[policy.models.length - 1]}`),
    `expected share of requests: ${policy.models.map((model, index) => `${model} ${percent(expected.shares[index] ?? null)}`).join(', ')}`,
    `cross-validated: APGR ${cv.apgr === null ? '—' : cv.apgr.toFixed(3)} over ${cv.axis === 'cost' ? 'cost' : 'the ladder step (costs unknown)'}`,
    ...notes.map((note) => `note: ${note}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
