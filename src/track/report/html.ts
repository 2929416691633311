/**
 * The convergence report as one self-contained HTML file: inline CSS and inline SVG charts, no scripts,
 * no fonts, no network. `renderTrackHtml` is pure (same input, same bytes).
 */
import type { ClaimsReport } from '../output/claims-report.js';
import type { Epoch2024Output } from '../output/epoch-2024-output.js';
import type { TrackReport } from '../output/track-report.js';
import { RESPONSIVE_CSS } from '../../report/html.js';
import { escapeHtml as e } from './format.js';
import { claimsSection } from './claims-section.js';
import { domainSection, eciSection, epochSection, summarySection } from './sections.js';

export interface TrackHtmlInput {
  /** The per-domain report; absent for a page holding only a reproduction. */
  report?: TrackReport;
  epoch2024?: Epoch2024Output;
  eci?: TrackReport;
  /** Verdicts of a claims file (`parity track --claims FILE`), shown after the summary. */
  claims?: ClaimsReport;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:1100px;padding:1.5rem;color:#1d1d1f}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:12.5px;width:100%}
th,td{border:1px solid #e1e1e1;padding:.25rem .45rem;text-align:left;vertical-align:top}th{background:#f5f5f7}
figure{margin:.6rem 0 1.2rem}figcaption{font-size:12px;color:#555;max-width:640px}
.swatch{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 .6em;vertical-align:-.05em}.legend{font-size:12px}
.charts{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem}.meta{color:#555}nav a{margin-right:.7rem}
`;

function mainSections(report: TrackReport, claims: ClaimsReport | undefined): string {
  return `<p class="meta">As of ${e(report.asOf)} · open = ${e(report.options.openDefinition === 'weights' ? 'downloadable weights' : 'weights under a licence without usage caps')} · methods: ${e(report.options.methods.join(', '))} · transform: ${e(report.options.transform)} · tolerance: ${e(report.options.tolerance === null ? 'none' : String(report.options.tolerance))}${report.options.since ? ` · since ${e(report.options.since)}` : ''}</p>
${summarySection(report)}
${claims ? claimsSection(claims) : ''}
<section><h2>How the figures are computed</h2><ul>${report.method.map((line) => `<li>${e(line)}</li>`).join('')}</ul></section>
${report.domains.map((domain) => domainSection(domain, report.asOf)).join('\n')}`;
}

export function renderTrackHtml(input: TrackHtmlInput): string {
  const { report } = input;
  const nav = [
    input.claims ? '<a href="#claims">Claims</a>' : '',
    ...(report?.domains ?? []).map((domain) => `<a href="#d-${domain.domain}">${e(domain.name)}</a>`),
    input.epoch2024 ? '<a href="#epoch-2024">Epoch 2024</a>' : '',
    input.eci ? '<a href="#eci">ECI</a>' : '',
    '<a href="#sources">Sources</a>',
  ].join('');
  const allSources = new Map((report?.sources ?? []).map((source) => [source.id, source]));
  for (const source of input.eci?.sources ?? []) allSources.set(source.id, source);
  for (const source of input.claims?.sources ?? []) allSources.set(source.id, source);
  const sourceRows = [...allSources.values()]
    .map((source) => `<tr><td>${e(source.id)}</td><td>${e(source.name)}</td><td>${e(source.origin)}</td><td>${e(source.snapshotDate ?? '—')}</td><td>${e(source.licence)}</td></tr>`)
    .join('\n');
  const epochSource = input.epoch2024
    ? `<tr><td>epoch-2024</td><td>${e(input.epoch2024.title)}</td><td>${e(input.epoch2024.source.origin)}</td><td>2024-11-05</td><td>${e(input.epoch2024.source.licence)}</td></tr>`
    : '';
  const asOf = report?.asOf ?? input.eci?.asOf ?? '2024-11-05';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>parity — open vs closed models, as of ${e(asOf)}</title><style>${STYLE}${RESPONSIVE_CSS}</style></head>
<body>
<h1>Open-weight vs proprietary models: how far behind, per domain</h1>
<nav>${nav}</nav>
${report ? mainSections(report, input.claims) : input.claims ? claimsSection(input.claims) : ''}
${input.epoch2024 ? epochSection(input.epoch2024) : ''}
${input.eci ? eciSection(input.eci) : ''}
<section><h2 id="sources">Sources</h2>
<table><thead><tr><th>Id</th><th>Name</th><th>Origin</th><th>Snapshot</th><th>Licence</th></tr></thead><tbody>
${sourceRows}
${epochSource}
</tbody></table></section>
</body></html>
`;
}
