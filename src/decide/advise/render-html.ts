/**
 * The memo as one self-contained HTML page: the Markdown's sections (same text, same figures), a pass-rate
 * interval plot after the quality section and the cost-vs-volume chart after the cost section. Inline CSS and
 * SVG only; nothing is fetched.
 */
import { escapeHtml, htmlPage } from '../../report/html.js';
import { renderCostChart } from '../cost/chart.js';
import { percent } from './format.js';
import { markdownToHtml } from './markdown-html.js';
import type { Memo, MemoModel } from './memo.js';
import { memoSections } from './render-markdown.js';

const CSS = `
section { margin-bottom: 8px; }
h2 + p strong, section.recommendation p strong { font-size: 16px; }
section.recommendation { background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; padding: 4px 16px 12px; }
code { font-size: 12px; background: #f6f8fa; padding: 0 3px; border-radius: 3px; }
svg text { font: 11px system-ui, sans-serif; fill: var(--fg); }
`;

/** Pass rates with their Wilson intervals on a 0–100% axis. */
export function passRateSvg(models: readonly MemoModel[]): string {
  const width = 640;
  const left = 220;
  const right = 24;
  const rowHeight = 28;
  const height = 36 + rowHeight * models.length;
  const x = (share: number): number => left + share * (width - left - right);
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((tick) => `<line x1="${x(tick)}" x2="${x(tick)}" y1="16" y2="${height - 18}" stroke="#d0d7de"/><text x="${x(tick)}" y="${height - 4}" text-anchor="middle">${percent(tick, 0)}</text>`)
    .join('');
  const rows = models
    .map((model, index) => {
      const y = 28 + index * rowHeight;
      const colour = model.role === 'open' ? '#1a7f37' : '#8250df';
      const low = model.passRateInterval.low ?? 0;
      const high = model.passRateInterval.high ?? 1;
      const rate = model.passRate ?? 0;
      return (
        `<text x="${left - 8}" y="${y + 4}" text-anchor="end">${escapeHtml(model.label)} (${model.role})</text>` +
        `<line x1="${x(low)}" x2="${x(high)}" y1="${y}" y2="${y}" stroke="${colour}" stroke-width="2"/>` +
        `<line x1="${x(low)}" x2="${x(low)}" y1="${y - 5}" y2="${y + 5}" stroke="${colour}"/><line x1="${x(high)}" x2="${x(high)}" y1="${y - 5}" y2="${y + 5}" stroke="${colour}"/>` +
        `<circle cx="${x(rate)}" cy="${y}" r="4" fill="${colour}"><title>${escapeHtml(`${percent(rate)} (95% CI ${percent(low)} to ${percent(high)})`)}</title></circle>`
      );
    })
    .join('');
  return (
    `<figure><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="pass rates with 95% intervals">` +
    `${ticks}${rows}</svg><figcaption>Pass rate on the suite with its Wilson 95% interval [E]</figcaption></figure>`
  );
}

export function renderMemoHtml(memo: Memo): string {
  const body = memoSections(memo)
    .map((section) => {
      let html = markdownToHtml(section.lines);
      if (section.id === 'quality') html += `\n${passRateSvg([memo.quality.open, memo.quality.frontier])}`;
      if (section.id === 'cost') {
        const chart = renderCostChart(memo.cost.chartInput, { title: 'Monthly cost vs volume (frontier API, open-model API, self-hosting)' });
        html += `\n${chart}\n<p class="source">Each line: the workload at that volume priced as in the cost section ${escapeHtml(memo.cost.sources.map((key) => `[${key}]`).join(''))}</p>`;
      }
      return `<section class="${section.id}">\n${html}\n</section>`;
    })
    .join('\n');
  return htmlPage(memo.title, body, { css: CSS });
}
