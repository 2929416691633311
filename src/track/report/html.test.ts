import { describe, expect, it } from 'vitest';
import { testCatalog } from '../../../test/track/helpers/test-catalog.js';
import { computeTrack } from '../compute-track.js';
import { renderTrackHtml } from './html.js';

describe('renderTrackHtml', () => {
  const report = computeTrack(testCatalog());
  const html = renderTrackHtml({ report });

  it('is one static page: inline SVG charts, no scripts and nothing fetched', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(3); // frontiers, lag, price
    expect(html).not.toMatch(/<script|<link|<img|src=|@import|url\(/);
    expect(renderTrackHtml({ report })).toBe(html); // same input, same bytes
  });

  it('names the source of every table figure and describes each source', () => {
    const benchARow = /<tr><td>Bench A<\/td>.*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(benchARow).toContain('closed-2 70.0% (2024-07-01) — test-evals');
    expect(benchARow).toContain('open-2 70.0% (2025-01-01) — test-evals');
    expect(html).toMatch(/<tr><td>test-evals<\/td><td>Test evals<\/td><td>hand-made<\/td><td>2025-01-01<\/td><td>CC0-1.0<\/td><\/tr>/);
    expect(html).toContain('Middle ground');
    // every price names its provider and date, and how the policy chose it
    expect(html).toMatch(/closed-1<\/td><td>\$15\.00 — host, 2025-01-01 \(median of 1 provider\)/);
    expect(html).toContain('each model&#39;s price being the maker&#39;s own API when it lists the model, else the median provider (--price-policy first-party)');
  });

  it('says when a domain has no data and escapes text', () => {
    expect(html).toMatch(/id="d-agentic">Agentic<\/h2><p><em>no benchmark results for this domain in the data/);
    const catalog = testCatalog();
    const tricky = { ...catalog, models: catalog.models.map((model) => (model.id === 'lab/open-1' ? { ...model, name: '<b>x</b>' } : model)) };
    expect(renderTrackHtml({ report: computeTrack(tricky) })).not.toContain('<b>x</b>');
  });
});
