/** The claims of `parity track --claims FILE` in the HTML report and the terminal: one row per claim. */
import type { ClaimsReport, ClaimVerdict } from '../output/claims-report.js';
import { escapeHtml as e } from './format.js';
import type { TextTable } from './terminal.js';

export const VERDICT_LABELS: Readonly<Record<ClaimVerdict, string>> = {
  holds: 'holds',
  'does-not-hold': 'does not hold',
  'not-enough-data': 'not enough data',
};

const VERDICT_COLOURS: Readonly<Record<ClaimVerdict, string>> = {
  holds: '#1b7f5f',
  'does-not-hold': '#b4461a',
  'not-enough-data': '#6b6b6b',
};

type ClaimResult = ClaimsReport['claims'][number];

/** What the claim was checked on: "threshold lag, every domain, since 2024-01-01". */
function claimHeading(claim: ClaimResult): string {
  const what =
    claim.comparison.kind === 'trend'
      ? 'trend of the daily lag'
      : claim.comparison.kind === 'gap-at-most' || claim.comparison.kind === 'gap-at-least'
        ? 'score gap on the headline benchmark'
        : `${claim.method} lag`;
  const where = claim.domains.length === 1 ? claim.domains[0] : claim.across === 'each' ? 'every domain' : claim.across === 'any' ? 'any domain' : 'median across domains';
  const window = [claim.window.since ? `since ${claim.window.since}` : '', claim.window.until ? `until ${claim.window.until}` : ''].filter(Boolean).join(', ');
  return `${what}, ${where}${window ? `, ${window}` : ''}`;
}

/** Greedy word wrap for a narrow terminal column. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

export function claimsSection(report: ClaimsReport): string {
  const rows = report.claims
    .map((claim) => {
      const figures = claim.figures.map((figure) => `<li>${e(figure.name)}: ${e(figure.detail)}${figure.sources.length > 0 ? ` — ${e(figure.sources.join(', '))}` : ''}</li>`).join('');
      return `<tr id="claim-${e(claim.id)}"><td><strong>${e(claim.claim)}</strong>${claim.said ? `<br><span class="meta">${e(claim.said)}</span>` : ''}<br><span class="meta">${e(claimHeading(claim))}</span></td>
<td><strong style="color:${VERDICT_COLOURS[claim.verdict]}">${e(VERDICT_LABELS[claim.verdict])}</strong></td><td>${e(claim.reason)}<ul>${figures}</ul></td></tr>`;
    })
    .join('\n');
  const { holds, doesNotHold, notEnoughData } = report.counts;
  return `<section><h2 id="claims">Claims checked against the data</h2>
<p class="meta">From ${e(report.file)}, data as of ${e(report.asOf)}: ${holds} hold, ${doesNotHold} do not hold, ${notEnoughData} without enough data (a figure parity cannot measure never counts against a claim).</p>
<table><thead><tr><th>Claim</th><th>Verdict</th><th>Why — figures and sources</th></tr></thead><tbody>
${rows}
</tbody></table></section>`;
}

/** Terminal rows: the claim, its verdict, the reason. */
export function claimsTable(report: ClaimsReport): TextTable {
  return {
    head: ['Claim', 'Verdict', 'Why', 'Sources'],
    rows: report.claims.map((claim) => [`${wrap(claim.claim, 44)}\n(${wrap(claimHeading(claim), 42)})`, VERDICT_LABELS[claim.verdict], wrap(claim.reason, 64), claim.sources.join('\n')]),
  };
}
