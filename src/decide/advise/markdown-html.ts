/**
 * HTML from the small Markdown subset the memo writes: `#`/`##` headings, paragraphs, `- ` lists, pipe tables,
 * and inline `**bold**` and `` `code` ``, plus a paragraph wholly in `_…_` as emphasis. Text is escaped first,
 * so nothing in the inputs can inject markup. Not a general Markdown parser.
 */
import { escapeHtml } from '../../report/html.js';

function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

function tableHtml(lines: readonly string[]): string {
  const [head, , ...rows] = lines;
  const th = cells(head ?? '').map((cell) => `<th>${inline(cell)}</th>`).join('');
  const body = rows.map((row) => `<tr>${cells(row).map((cell) => `<td>${inline(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** Converts the memo's Markdown lines to HTML blocks. */
export function markdownToHtml(lines: readonly string[]): string {
  const out: string[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? '';
    if (line.trim() === '') {
      index++;
      continue;
    }
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    if (heading !== null) {
      const level = heading[1]?.length ?? 2;
      out.push(`<h${level}>${inline(heading[2] ?? '')}</h${level}>`);
      index++;
      continue;
    }
    const block: string[] = [];
    const kind = line.startsWith('|') ? 'table' : line.startsWith('- ') ? 'list' : 'paragraph';
    while (index < lines.length) {
      const next = lines[index] ?? '';
      if (next.trim() === '' || /^#{1,3} /.test(next)) break;
      const nextKind = next.startsWith('|') ? 'table' : next.startsWith('- ') ? 'list' : 'paragraph';
      if (nextKind !== kind && !(kind === 'list' && nextKind === 'paragraph' && next.startsWith('  '))) break;
      block.push(next);
      index++;
    }
    if (kind === 'table') out.push(tableHtml(block));
    else if (kind === 'list') out.push(`<ul>\n${block.map((item) => `<li>${inline(item.replace(/^- /, ''))}</li>`).join('\n')}\n</ul>`);
    else {
      const text = block.join(' ');
      const emphasis = /^_(.*)_$/.exec(text);
      out.push(emphasis === null ? `<p>${inline(text)}</p>` : `<p><em>${inline(emphasis[1] ?? '')}</em></p>`);
    }
  }
  return out.join('\n');
}
