/** The memo as Markdown: recommendation first, then the evidence section by section, then the sources. */
import { count, interval, marginPoints, months, percent, points, signedPercent, tags, usd, usdChange } from './format.js';
import type { Memo, MemoModel } from './memo.js';
import { fineTuneLines } from './render-fine-tune.js';

const VERDICT_LABEL: Record<string, string> = {
  allowed: 'ALLOWED',
  conditions: 'ALLOWED WITH CONDITIONS',
  'not-allowed': 'NOT ALLOWED',
  unknown: 'UNKNOWN',
};

const cell = (value: string): string => value.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  return [`| ${head.map(cell).join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)];
}

function passRate(model: MemoModel): string {
  return `${percent(model.passRate)} (${model.passes}/${model.attempts}; 95% CI ${interval(model.passRateInterval.low, model.passRateInterval.high)})`;
}

function profileText(memo: Memo): string {
  const profile = memo.license.verdict.profile;
  const parts = [
    profile.commercial ? 'commercial use' : 'non-commercial use',
    `${count(profile.monthlyActiveUsers)} MAU`,
    profile.trainOnOutputs ? 'training on outputs' : null,
    profile.redistribute ? 'redistributing weights' : null,
    profile.regions.length > 0 ? `regions ${profile.regions.join(', ')}` : null,
  ];
  return parts.filter((part) => part !== null).join(', ');
}

function recommendationLines(memo: Memo): string[] {
  const r = memo.recommendation;
  const q = memo.quality;
  const routing = memo.routing;
  const lines = ['## Recommendation', '', `**${r.headline}**`, ''];
  lines.push(`- Open model: ${r.openModel.name} (${r.openModel.catalogId === null ? 'not in the catalog' : `\`${r.openModel.catalogId}\``}; eval ref \`${r.openModel.ref}\`)`);
  if (r.hostingDetail !== null) lines.push(`- Hosted: ${r.hostingDetail} ${tags(r.hosting === 'self' ? ['G', 'H'] : ['P2'])}`);
  const point = routing?.operatingPoint;
  const share = r.action === 'route' && point !== undefined
    ? `${percent(r.frontierShare)} of requests to ${r.frontierModel.name} at ${point.label}${point.frontierShareInterval === null ? '' : ` (95% CI ${interval(point.frontierShareInterval[0], point.frontierShareInterval[1])} over ${routing?.folds} folds)`} ${tags(['R'])}`
    : `${percent(r.frontierShare)} of requests to ${r.frontierModel.name}`;
  lines.push(`- Frontier share: ${share}`);
  const change = r.costChangeShare === null ? usdChange(r.costChange) : `${usdChange(r.costChange)}, ${signedPercent(r.costChangeShare)}`;
  const costTags = ['W', 'P1', ...(r.hosting === 'api' ? ['P2'] : r.hosting === 'self' ? ['G', 'H'] : [])];
  lines.push(`- Expected cost: ${usd(r.monthlyCost)}/month instead of ${usd(r.baselineMonthlyCost)}/month with ${r.frontierModel.name} alone (${change}) ${tags(costTags)}`);
  lines.push(
    `- Quality: ${r.openModel.name} alone passes ${passRate(q.open)} vs ${passRate(q.frontier)} for ${r.frontierModel.name}; difference ${points(q.difference)} ` +
      `(95% CI ${interval(q.interval.low, q.interval.high, points)}), ${q.verdict.toUpperCase()} at a ${marginPoints(q.margin)} margin ${tags(q.sources)}`,
  );
  if (r.action === 'route' && routing !== null && point !== undefined) {
    const recovered = point.pgr === null ? '' : `recovers ${percent(point.pgr, 0)} of the quality gap ${tags(['R'])}`;
    const estimate = r.estimatedPassRate === null ? '' : `; estimated routed pass rate ${percent(r.estimatedPassRate)} (estimate: that share of the eval's gap) ${tags(['E', 'R'])}`;
    lines.push(`- Routed quality: the router ${recovered}${estimate}`);
  }
  lines.push(`- Licence: ${VERDICT_LABEL[r.licenseVerdict] ?? r.licenseVerdict}${memo.license.verdict.licenseName === null ? '' : ` — ${memo.license.verdict.licenseName}`} for ${profileText(memo)} ${tags(memo.license.sources)}`);
  lines.push(`- Re-evaluate: by ${memo.reEvaluate.date} (in ${months(memo.reEvaluate.inMonths)}; ${memo.reEvaluate.basis}) ${tags(memo.reEvaluate.sources)}`);
  lines.push('', `Why: ${r.reasons.join('; ')}.`, '', `Rule: ${r.rule}.`);
  return lines;
}

function qualityLines(memo: Memo): string[] {
  const q = memo.quality;
  const c = q.coverage;
  const rows = [q.open, q.frontier].map((model) => [
    `${model.label}${model.catalogId === null ? '' : ` (\`${model.catalogId}\`)`}`,
    model.role,
    `${model.passes}/${model.attempts}`,
    percent(model.passRate),
    interval(model.passRateInterval.low, model.passRateInterval.high),
    `${model.meanInputTokens === null ? 'n/a' : count(model.meanInputTokens)} / ${model.meanOutputTokens === null ? 'n/a' : count(model.meanOutputTokens)}` +
      (model.usageUnknown === undefined ? '' : ` (${model.usageUnknown} calls without usage left out)`),
    usd(model.costPerCase),
  ]);
  const costs =
    c.referenceCostPerCase === null
      ? 'Costs per case were not measured in the run.'
      : `Cost per case: all-frontier ${usd(c.referenceCostPerCase)}, oracle routing ${usd(c.oracleRoutingCostPerCase)}, cascade ${usd(c.cascadeCostPerCase)}.`;
  return [
    `## Quality ${tags(q.sources)}`,
    '',
    ...table(['model', 'role', 'passed', 'pass rate', '95% CI (Wilson)', 'mean tokens in / out', 'cost/case'], rows),
    '',
    `Paired over ${q.pairedCases} cases: difference ${points(q.difference)} (95% CI ${interval(q.interval.low, q.interval.high, points)}, ${q.method}${q.resamples === null ? '' : `, ${q.resamples} resamples`}); ` +
      `verdict **${q.verdict}** at a ${marginPoints(q.margin)} margin: ${q.statement}. McNemar p = ${q.mcnemarPValue === null ? 'n/a' : q.mcnemarPValue.toPrecision(3)}. ${tags(q.sources)}`,
    '',
    `Coverage: the open model passes ${percent(c.candidatePasses)} of cases; ${percent(c.onlyReferencePasses)} pass only on the frontier model (the share a perfect router must send it), ` +
      `${percent(c.onlyCandidatePasses)} only on the open model, ${percent(c.bothFail)} on neither. ${costs} ${tags(q.sources)}`,
    '',
    `Models matched to the catalog: open by ${q.open.mappedBy}; frontier by ${q.frontier.mappedBy}.`,
  ];
}


/** Which prices a route evaluation's costs came from; none named: the calls' own measured costs, where recorded. */
function pricedWith(prices: { weak: string | null; strong: string | null }): string {
  if (prices.weak === null && prices.strong === null) return ' (from the calls\' measured costs where recorded; no list prices)';
  return ` (priced with ${prices.weak ?? 'no price'} and ${prices.strong ?? 'no price'})`;
}

function routingLines(memo: Memo): string[] {
  const routing = memo.routing;
  if (routing === null) return ['## Routing', '', 'No route evaluation given (--route FILE): the memo cannot price a split between the two models.'];
  const point = routing.operatingPoint;
  const lines = [
    `## Routing ${tags(routing.sources)}`,
    '',
    `${routing.weak} (weak) → ${routing.strong} (strong), judged by ${routing.judge} on ${routing.prompts} prompts; ${routing.folds}-fold cross-validation, ${routing.routerModel} router. ` +
      `Mean judged quality ${routing.quality.weak?.toFixed(3) ?? 'n/a'} (weak) vs ${routing.quality.strong?.toFixed(3) ?? 'n/a'} (strong). ${tags(routing.sources)}`,
    '',
    `- Operating point ${point.label}: frontier share ${percent(point.frontierShare)}${point.frontierShareInterval === null ? '' : ` (95% CI ${interval(point.frontierShareInterval[0], point.frontierShareInterval[1])})`}, ` +
      `quality gap recovered ${percent(point.pgr, 0)}, judged quality ${point.quality?.toFixed(3) ?? 'n/a'} ${tags(routing.sources)}`,
    `- Savings vs always-frontier, as the route evaluation measured them: ${point.costSavings === null ? 'not measured (no prices, measured costs or output lengths)' : percent(point.costSavings)}` +
      `${pricedWith(routing.prices)} ${tags(routing.sources)}`,
    `- APGR ${routing.apgr?.toFixed(3) ?? 'n/a'} (95% CI ${routing.apgrInterval.map((value) => value?.toFixed(3) ?? 'n/a').join(' to ')}) ${tags(routing.sources)}`,
    `- Figures: ${point.basis}.`,
  ];
  if (routing.mismatch !== null) lines.push('', `Note: ${routing.mismatch}`);
  return lines;
}

/** The cascade replay, when one was given: each strategy at its target pass rate, and what the memo took from it. */
function cascadeLines(memo: Memo): string[] {
  const cascade = memo.cascade;
  if (cascade === null) return [];
  const names: Record<string, string> = { cascade: 'cascade', router: 'learned router', 'gated-cascade': 'router-gated cascade', 'always-last': 'always frontier' };
  return [
    '',
    `### Cascade ${tags(cascade.sources)}`,
    '',
    `${cascade.models.join(' → ')}, replayed with a stand-in verifier: ${cascade.verifier}. Target pass rate ${percent(cascade.targetPassRate)}. ${tags(cascade.sources)}`,
    '',
    ...cascade.points.map(
      (point) =>
        `- ${names[point.strategy] ?? point.strategy}: ${point.reached ? 'reaches it' : 'does not reach it'}` +
        `${point.straightToLast === null ? '' : ` (${percent(point.straightToLast)} straight to the frontier)`}, pass rate ${percent(point.passRate)}, ` +
        `${point.savings === null ? 'savings unknown' : `${percent(point.savings)} below always-frontier`} ${tags(cascade.sources)}`,
    ),
    '',
    cascade.beatsRouter
      ? `A cascade beats the learned router here, so the routed scenario is priced as the cascade: every request ${cascade.openCallShare < 1 ? `it takes (${percent(cascade.openCallShare)})` : ''} calls the open model, ${percent(cascade.frontierCallShare)} reach the frontier model, plus the verifier's checks. The figures assume the verifier's error rates above; measure them before relying on this.`
      : 'The replay does not find a cascade cheaper than the learned router at this target, so the memo routes by the router.',
  ];
}

function costLines(memo: Memo): string[] {
  const cost = memo.cost;
  const w = cost.workload;
  const label: Record<string, string> = { 'all-frontier': 'all to the frontier model (today)', 'all-open': 'all to the open model', routed: 'routed' };
  const rows = cost.scenarios.map((scenario) => [
    scenario.method === 'cascade' ? 'routed by a cascade' : (label[scenario.id] ?? scenario.id),
    percent(scenario.frontierShare),
    scenario.hosting ?? '—',
    usd(scenario.openMonthlyCost),
    usd(scenario.frontierMonthlyCost),
    usd(scenario.monthlyCost),
    scenario.id === 'all-frontier' ? '—' : scenario.changeShare === null ? usdChange(scenario.changeVsBaseline) : `${usdChange(scenario.changeVsBaseline)} (${signedPercent(scenario.changeShare)})`,
  ]);
  const lines = [
    `## Cost ${tags(cost.sources)}`,
    '',
    `Workload: ${count(w.requestsPerDay)} requests/day × (${count(w.inputTokensPerRequest)} in + ${count(w.outputTokensPerRequest)} out) tokens, ${cost.daysPerMonth}-day month ${tags(['W'])}. ` +
      `Frontier API: ${cost.frontierPrice.price.modelId} at ${cost.frontierPrice.price.provider} ${tags(['P1'])}` +
      (cost.openApiPrice === null ? '.' : `; open-model API: ${cost.openApiPrice.price.modelId} at ${cost.openApiPrice.price.provider} ${tags(['P2'])}.`),
    '',
    ...table(['scenario', 'frontier share', 'open hosting', 'open model $/month', 'frontier $/month', 'total $/month', 'change vs today'], rows),
    '',
    `Open-model hosting at ${count(cost.hostingOptions.openRequestsPerDay)} requests/day: API ${usd(cost.hostingOptions.api)}/month ${tags(cost.openApiPrice === null ? [] : ['P2'])}, ` +
      `self-hosted ${cost.hostingOptions.self === null ? 'not priced' : `${usd(cost.hostingOptions.self)}/month ${tags(['G', 'H'])}`}; chosen: ${cost.hostingRule}.`,
  ];
  const self = cost.selfHost;
  if (self !== null) {
    lines.push(
      '',
      `Self-hosting the full volume: ${self.peakReplicas} replica(s) of ${self.plan.throughput.gpusPerReplica}×${self.plan.gpu.gpu} at peak, ${count(self.gpuHoursPerMonth)} GPU-hours, ${usd(self.monthlyCost)}/month ${tags(['W', 'G', 'H'])}.`,
    );
    const versus = cost.fullVolume.comparisons.find((row) => row.modelId === cost.openApiPrice?.price.modelId);
    if (versus !== undefined) {
      lines.push(`Against the open model's API: break-even ${versus.breakEven.kind === 'never' ? 'never (the API stays cheaper)' : `at ${count(versus.breakEven.requestsPerDay ?? 0)} requests/day`} ${tags(['W', 'P2', 'G', 'H'])}.`);
    }
  }
  return lines;
}

function licenseLines(memo: Memo): string[] {
  const verdict = memo.license.verdict;
  const lines = [
    `## Licence ${tags(memo.license.sources)}`,
    '',
    `${verdict.model.id}: **${VERDICT_LABEL[verdict.verdict] ?? verdict.verdict}**${verdict.licenseName === null ? '' : ` — ${verdict.licenseName}`}${verdict.family === null ? '' : ` (family ${verdict.family})`}, for ${profileText(memo)}. ${tags(memo.license.sources)}`,
  ];
  if (verdict.findings.length > 0) {
    lines.push('', ...table(['aspect', 'outcome', 'what it means'], verdict.findings.map((finding) => [finding.aspect, finding.outcome, finding.summary])));
  }
  if (verdict.conditions.length > 0) lines.push('', 'Conditions:', ...verdict.conditions.map((condition) => `- ${condition}`));
  if (verdict.clause !== null) lines.push('', `Clause: "${verdict.clause.text}" (${verdict.clause.origin}${verdict.clause.field === null ? '' : `, ${verdict.clause.field}`})`);
  lines.push('', `_${verdict.disclaimer}_`);
  return lines;
}

function domainLines(memo: Memo): string[] {
  if (memo.domains.length === 0) return ['## Where open models still lag', '', 'No domain named (--domain) or inferred from the suite: no lag quoted.'];
  const rows = memo.domains.map((domain) => [
    domain.name,
    domain.how,
    domain.lagMonths === null ? `n/a (${domain.status})` : `${months(domain.lagMonths)} (${domain.method})`,
    domain.headlineBenchmark ?? '—',
    domain.bestOpen === null || domain.bestClosed === null ? '—' : `${domain.bestOpen.model} ${domain.bestOpen.score} vs ${domain.bestClosed.model} ${domain.bestClosed.score}`,
    domain.trend?.statement ?? '—',
  ]);
  return [`## Where open models still lag ${tags(['T'])}`, '', ...table(['domain', 'how chosen', 'lag', 'headline benchmark', 'best open vs best closed', 'trend'], rows)];
}

export const MEMO_SECTIONS = ['title', 'recommendation', 'quality', 'routing', 'cost', 'fine-tune', 'license', 'domains', 'risks', 're-evaluate', 'notes', 'sources'] as const;
export type MemoSectionId = (typeof MEMO_SECTIONS)[number];

/** The memo's Markdown, section by section (the HTML page renders the same sections and adds figures). */
export function memoSections(memo: Memo): Array<{ id: MemoSectionId; lines: string[] }> {
  const sections: Array<{ id: MemoSectionId; lines: string[] }> = [
    { id: 'title', lines: [`# ${memo.title}`, '', `As of ${memo.asOf}, by \`parity advise\`. Figures carry tags ([E], [R], …) naming their sources, listed at the end.`] },
    { id: 'recommendation', lines: recommendationLines(memo) },
    { id: 'quality', lines: qualityLines(memo) },
    { id: 'routing', lines: [...routingLines(memo), ...cascadeLines(memo)] },
    { id: 'cost', lines: costLines(memo) },
    { id: 'fine-tune', lines: fineTuneLines(memo) },
    { id: 'license', lines: licenseLines(memo) },
    { id: 'domains', lines: domainLines(memo) },
    {
      id: 'risks',
      lines: ['## Risks', '', ...(memo.risks.length === 0 ? ['None found in the inputs.'] : memo.risks.map((risk) => `- ${risk.kind}: ${risk.text} ${tags(risk.sources)}`))],
    },
    {
      id: 're-evaluate',
      lines: [
        `## When to re-evaluate ${tags(memo.reEvaluate.sources)}`,
        '',
        `By **${memo.reEvaluate.date}** (in ${months(memo.reEvaluate.inMonths)}): ${memo.reEvaluate.basis}. Rule: ${memo.reEvaluate.rule}.`,
      ],
    },
  ];
  if (memo.notes.length > 0) sections.push({ id: 'notes', lines: ['## Notes', '', ...memo.notes.map((note) => `- ${note}`)] });
  sections.push({ id: 'sources', lines: ['## Sources', '', ...memo.sources.map((source) => `- [${source.key}] ${source.detail}`)] });
  return sections;
}

export function renderMemoMarkdown(memo: Memo): string {
  return `${memoSections(memo).map((section) => section.lines.join('\n')).join('\n\n')}\n`;
}
