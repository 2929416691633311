/** What could make the recommendation wrong: lagging domains, licence conditions, thin evidence, cost assumptions. */
import type { CostPlan } from './costs.js';
import type { MemoDomain, MemoLicense, MemoQuality, MemoRisk, MemoRouting } from './memo.js';

const months = (value: number): string => `${value.toFixed(1)} months`;

export function lagRisks(domains: readonly MemoDomain[]): MemoRisk[] {
  const risks: MemoRisk[] = [];
  for (const domain of domains) {
    if (domain.status !== 'ok' || domain.lagMonths === null) {
      risks.push({ kind: 'lag', text: `${domain.name}: no open-vs-closed lag in the catalog (${domain.note ?? 'no usable results'}); this suite is the only evidence`, sources: domain.sources });
      continue;
    }
    if (domain.lagMonths <= 0) continue;
    const best =
      domain.bestOpen !== null && domain.bestClosed !== null && domain.headlineBenchmark !== null
        ? ` On ${domain.headlineBenchmark}, the best open model (${domain.bestOpen.model}, ${domain.bestOpen.score}) trails the best closed one (${domain.bestClosed.model}, ${domain.bestClosed.score}).`
        : '';
    const growing = domain.trend?.slopeInterval !== null && domain.trend?.slopeInterval !== undefined && domain.trend.slopeInterval[0] > 0;
    risks.push({
      kind: 'lag',
      text:
        `${domain.name}: open models still lag the frontier by ${months(domain.lagMonths)} (${domain.method} method).${best}` +
        (domain.trend === null ? '' : ` Trend: ${domain.trend.statement}.`) +
        (growing ? ' The gap is widening: prompts of this kind are the likeliest to need the frontier model.' : ''),
      sources: domain.sources,
    });
  }
  return risks;
}

export function licenseRisks(license: MemoLicense): MemoRisk[] {
  const verdict = license.verdict;
  const risks: MemoRisk[] = [];
  if (verdict.verdict === 'not-allowed' || verdict.verdict === 'unknown') {
    const findings = verdict.findings.filter((finding) => finding.outcome === verdict.verdict).map((finding) => `${finding.aspect}: ${finding.summary}`);
    risks.push({
      kind: 'license',
      text: `Licence verdict ${verdict.verdict.toUpperCase()} for ${verdict.model.id}${findings.length > 0 ? ` — ${findings.join('; ')}` : ''}${verdict.clause === null ? '' : ` (clause: "${verdict.clause.text}")`}`,
      sources: license.sources,
    });
  }
  for (const condition of verdict.conditions) risks.push({ kind: 'license', text: `Licence condition: ${condition}`, sources: license.sources });
  if (verdict.governedBy === 'api-terms') {
    risks.push({ kind: 'license', text: `${verdict.model.id} is not open-weight: its use is governed by the provider's API terms, not a weights licence`, sources: license.sources });
  }
  return risks;
}

export function qualityRisks(quality: MemoQuality, routing: MemoRouting | null): MemoRisk[] {
  const risks: MemoRisk[] = [];
  if (quality.verdict === 'inconclusive' || quality.verdict === 'not-enough-cases') {
    risks.push({ kind: 'quality', text: `The comparison is ${quality.verdict === 'inconclusive' ? 'inconclusive' : 'short of cases'}: ${quality.statement}.`, sources: quality.sources });
  }
  if (quality.pairedCases < 100) {
    risks.push({ kind: 'quality', text: `Only ${quality.pairedCases} paired cases: intervals are wide; a few hundred cases from your own traffic would narrow them.`, sources: quality.sources });
  }
  const errors = quality.open.errors + quality.frontier.errors;
  if (errors > 0) risks.push({ kind: 'quality', text: `${errors} call(s) ended in an error; they are left out of the pass rates and the comparison.`, sources: quality.sources });
  if (routing !== null) {
    if (!routing.matchesEval && routing.mismatch !== null) risks.push({ kind: 'routing', text: routing.mismatch, sources: [...quality.sources, ...routing.sources] });
    for (const note of routing.notes) risks.push({ kind: 'routing', text: `Route evaluation: ${note}`, sources: routing.sources });
    risks.push({
      kind: 'routing',
      text: routing.fromThisRun
        ? `The router was cross-validated on this eval run's ${routing.prompts} cases; its frontier share and savings hold for traffic like them, and are uncertain with few cases (see the interval).`
        : `The router was measured on ${routing.prompts} judged prompts (judge ${routing.judge}); its frontier share and savings hold for traffic like them, not necessarily for this suite.`,
      sources: routing.sources,
    });
  }
  return risks;
}

export function costRisks(cost: CostPlan, sources: string[]): MemoRisk[] {
  const risks: MemoRisk[] = cost.notes.map((note) => ({ kind: 'cost' as const, text: note, sources }));
  if (cost.selfHostUnavailable !== null) risks.push({ kind: 'cost', text: `Self-hosting not priced: ${cost.selfHostUnavailable}`, sources });
  return risks;
}
