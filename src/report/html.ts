/** Shared pieces of parity's single-file HTML reports: escaping and a page shell with inline CSS, no network. */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

/**
 * What every report page needs to read on a phone as on a laptop: charts shrink to the width, a table wider than
 * the page scrolls in its own box (the page never scrolls sideways), long unbroken text wraps.
 */
export const RESPONSIVE_CSS = `
svg { max-width: 100%; height: auto; }
table { display: block; max-width: 100%; overflow-x: auto; }
pre, code { overflow-wrap: anywhere; }
nav { display: flex; flex-wrap: wrap; gap: 4px 12px; }
@media (max-width: 640px) { body { padding-left: 12px; padding-right: 12px; } h1 { font-size: 20px; } }
`;

const BASE_CSS = `
:root { color-scheme: light; --fg:#1b1f24; --muted:#57606a; --line:#d0d7de; --open:#1a7f37; --closed:#8250df; --bad:#cf222e; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); margin: 0 auto; max-width: 1200px; padding: 24px; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
.muted, .source { color: var(--muted); font-size: 12px; }
.pass { background: #dafbe1; } .fail { background: #ffebe9; } .error { background: #fff8c5; }
.open { color: var(--open); } .closed { color: var(--closed); }
pre { white-space: pre-wrap; word-break: break-word; margin: 0; max-height: 240px; overflow: auto; font-size: 12px; }
figure { margin: 16px 0; } figcaption { color: var(--muted); font-size: 12px; }
`;

/** A complete HTML document. `body` must already be escaped HTML. */
export function htmlPage(title: string, body: string, extra: { css?: string; script?: string } = {}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${BASE_CSS}${extra.css ?? ''}${RESPONSIVE_CSS}</style>
</head>
<body>
${body}
${extra.script ? `<script>${extra.script}</script>` : ''}
</body>
</html>
`;
}
