/** `parity license` — thin wiring over decide/license: resolve models in the catalog, check a use profile. */
import type { Command } from 'commander';
import { z } from 'zod';
import { loadCatalog } from '../../catalog/load.js';
import { ValidationError } from '../../errors.js';
// decide's modules one by one, not its index (which brings the cost chart's Observable Plot + linkedom)
import { checkLicense, type LicenseVerdict } from '../../decide/license/check-license.js';
import type { LicenseSubject } from '../../decide/license/match-family.js';
import { loadReference } from '../../decide/load-reference.js';
import { parseFlags, collect, licenseProfileFlagShape } from '../flags.js';
import { printJson, renderTable } from '../output.js';
import type { RegisterCommand } from './index.js';

const flagsSchema = z.object({
  model: z.array(z.string().min(1)).min(1),
  ...licenseProfileFlagShape,
  weightsLicense: z.string().min(1).optional(),
  json: z.boolean().default(false),
});



/** A catalog model, or (for a name the catalog does not know) a subject carrying only the name. */
export function licenseSubjectFor(reference: string, weightsLicense: string | undefined): { subject: LicenseSubject; note: string | null } {
  const catalog = loadCatalog();
  const resolution = catalog.resolveModelDetailed(reference);
  if (resolution.status === 'ambiguous') {
    throw new ValidationError(`"${reference}" matches several catalog models (${resolution.candidates.slice(0, 6).join(', ')}); give the exact id`, 'model');
  }
  const model = resolution.status === 'matched' ? catalog.getModel(resolution.modelId) : undefined;
  if (model === undefined) {
    return {
      subject: { id: reference, name: reference, openWeights: null, license: weightsLicense ?? null },
      note: `"${reference}" is not in the catalog; matched by name${weightsLicense === undefined ? '' : ' and --weights-license'} only`,
    };
  }
  return { subject: weightsLicense === undefined ? model : { ...model, license: weightsLicense }, note: null };
}

const VERDICT_LABEL: Record<LicenseVerdict['verdict'], string> = {
  allowed: 'ALLOWED',
  conditions: 'ALLOWED WITH CONDITIONS',
  'not-allowed': 'NOT ALLOWED',
  unknown: 'UNKNOWN',
};

function renderVerdict(verdict: LicenseVerdict): string {
  const lines: string[] = [];
  const licence = verdict.licenseName === null ? '' : ` — ${verdict.licenseName}`;
  const governed = verdict.governedBy === 'api-terms' ? ' (closed model: the provider\'s API terms govern its use)' : '';
  lines.push(`${verdict.model.id}: ${VERDICT_LABEL[verdict.verdict]}${governed}${verdict.family === null ? '' : ` (family ${verdict.family})`}${licence}`);
  lines.push(`  matched: ${verdict.matchDetail}`);
  if (verdict.findings.length > 0) {
    lines.push(renderTable(['aspect', 'outcome', 'what it means'], verdict.findings.map((finding) => [finding.aspect, finding.outcome, finding.summary])));
  }
  if (verdict.clause !== null) {
    const origin = verdict.clause.origin === 'parity-summary' ? "parity's wording" : verdict.clause.origin;
    const where = verdict.clause.field === null ? origin : `${origin}, ${verdict.clause.field}`;
    lines.push(`  clause: "${verdict.clause.text}" (${where})`);
  }
  if (verdict.conditions.length > 0) {
    lines.push('  conditions:');
    for (const condition of verdict.conditions) lines.push(`   - ${condition}`);
  }
  if (verdict.source !== null) lines.push(`  source: ${verdict.source}`);
  if (verdict.verification !== null) {
    const { level, text } = verdict.verification;
    lines.push(`  verification: ${level}${text === level ? '' : ` (${text})`}`);
  }
  for (const note of verdict.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}

export const register: RegisterCommand = (program: Command) => {
  program
    .command('license')
    .description(
      'Check whether a model\'s licence allows your use: commercial use, monthly active users, training on outputs,\n' +
        'redistributing weights, region. Verdict: allowed | conditions | not-allowed | unknown (closed models are unknown,\n' +
        'with governedBy "api-terms": the provider\'s terms decide). Quotes the clause and its source. Not legal advice.',
    )
    .requiredOption('--model <ref>', 'catalog id or model name; repeat for several models', collect)
    .requiredOption('--mau <n>', 'monthly active users of your products or services (all of them)')
    .option('--commercial', 'the use is commercial')
    .option('--train-on-outputs', 'the model\'s outputs will train or improve another model')
    .option('--redistribute', 'you will redistribute the weights (or a fine-tune) or host them for others')
    .option('--region <code>', 'where your company is domiciled: ISO 3166 alpha-2 or EU; repeatable', collect)
    .option('--weights-license <name>', 'licence of the weights, for a model the catalog does not know (SPDX id or name)')
    .option('--json', 'print the verdict as JSON (one model: an object; several: an array)')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  parity license --model meta/llama-3.1-70b-instruct --mau 800000000 --commercial\n' +
        '  parity license --model meta/meta-llama-3-8b-instruct --mau 5000 --commercial --train-on-outputs --json\n' +
        '  parity license --model google/gemma-2-9b-it --model alibaba/qwen2-5-7b-instruct --mau 20000 --region DE',
    )
    .action((raw: unknown) => {
      const flags = parseFlags(flagsSchema, raw);
      const { licenses } = loadReference();
      const profile = {
        commercial: flags.commercial,
        monthlyActiveUsers: flags.mau,
        trainOnOutputs: flags.trainOnOutputs,
        redistribute: flags.redistribute,
        regions: flags.region,
      };
      const verdicts = flags.model.map((reference) => {
        const { subject, note } = licenseSubjectFor(reference, flags.weightsLicense);
        const verdict = checkLicense(subject, profile, licenses);
        return note === null ? verdict : { ...verdict, notes: [note, ...verdict.notes] };
      });
      if (flags.json) {
        printJson(verdicts.length === 1 ? verdicts[0] : verdicts);
        return;
      }
      process.stdout.write(`${verdicts.map(renderVerdict).join('\n\n')}\n\n${licenses.disclaimer}\n`);
    });
};
