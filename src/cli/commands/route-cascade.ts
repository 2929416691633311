/** `parity route eval --cascade a,b --verifier …`: an eval run replayed as a cascade, rendered for the terminal. */
import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { DEFAULT_FEATURE_CONFIG } from '../../route/features/feature-config.js';
import { printJson, renderTable } from '../output.js';
import type { EvalFlags } from './route.js';
import { ladderPrices, loadLadderDataset, modelList, peerMethodOf } from './route-source.js';

export const cascadeFlagShape = {
  cascade: z.string().min(1).optional(),
  verifier: z.string().min(1).optional(),
  falseAccept: z.coerce.number().min(0).max(1).optional(),
  falseReject: z.coerce.number().min(0).max(1).optional(),
  verifierCost: z.coerce.number().nonnegative().optional(),
  targetPassRate: z.coerce.number().gt(0).max(1).optional(),
};

/** The cascade flags given without --cascade: named, so a typo does not silently run a router evaluation. */
export function strayCascadeFlags(flags: EvalFlags): string[] {
  return (
    [
      ['--verifier', flags.verifier],
      ['--false-accept', flags.falseAccept],
      ['--false-reject', flags.falseReject],
      ['--verifier-cost', flags.verifierCost],
      ['--target-pass-rate', flags.targetPassRate],
    ] as const
  )
    .filter(([, value]) => value !== undefined)
    .map(([flag]) => flag);
}

export async function runCascadeEval(flags: EvalFlags, cascade: string): Promise<void> {
  for (const [flag, value] of [['--models', flags.models], ['--weak', flags.weak], ['--strong', flags.strong]] as const) {
    if (value !== undefined) throw new ValidationError(`--cascade names the models, cheapest first; ${flag} does not go with it`, flag);
  }
  const models = modelList('--cascade', cascade);
  const [{ parseStandInKind }, { evaluateCascade }, { renderCascadeHtml }, rows] = await Promise.all([
    import('../../route/cascade/replay/stand-in.js'),
    import('../../route/cascade/replay/evaluate-cascade.js'),
    import('../../route/report/render-cascade-html.js'),
    import('../../route/cascade/replay/cascade-report-rows.js'),
  ]);
  const kind = parseStandInKind(flags.verifier ?? 'grader');
  const { dataset, reference } = await loadLadderDataset(flags, models);
  const notes: string[] = [];
  const prices = await ladderPrices(flags, dataset, models, notes);
  const report = evaluateCascade(dataset, {
    standIn: { ...kind, falseAccept: flags.falseAccept ?? 0, falseReject: flags.falseReject ?? 0, costPerCheck: flags.verifierCost ?? 0 },
    source: flags.run === undefined ? reference.judgements.name : `eval run ${flags.run}`,
    targetPassRate: flags.targetPassRate,
    folds: flags.folds,
    seed: flags.seed,
    model: flags.model,
    features: { ...DEFAULT_FEATURE_CONFIG, maxChars: flags.maxChars },
    peerMethod: peerMethodOf(flags),
    prices,
  });
  report.notes.unshift(...notes);
  if (flags.html !== undefined) await writeFile(flags.html, renderCascadeHtml(report, `parity route eval --cascade ${dataset.models.join(',')}`));
  if (flags.json) {
    printJson(report);
    return;
  }
  const result = rows.cascadeResultRows(report);
  const target = rows.targetRows(report);
  const out = [
    `cascade ${dataset.models.join(' → ')}; ${dataset.rows.length} prompts of ${report.cascade.source}; judge ${dataset.judge}`,
    `verifier stand-in: ${report.verifier.description}`,
    renderTable(result.head, result.rows),
    rows.cascadeVerdict(report),
    renderTable(target.head, target.rows),
    ...report.notes.map((note) => `note: ${note}`),
    ...(flags.html === undefined ? [] : [`wrote ${flags.html}`]),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}
