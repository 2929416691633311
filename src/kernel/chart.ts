/**
 * Charts drawn in Node: Observable Plot on a server-side DOM (linkedom), returned as static markup (a `<figure>`
 * or an `<svg>`) to inline in an HTML report — no script, font or request. The one setup shared by the track
 * report, the routing report and the decision memo.
 *
 * Not re-exported by the kernel's index.ts: Plot and linkedom are heavy, so only a module that draws imports
 * this file (it is the kernel's second public entry).
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

export { Plot };

type PlotDocument = NonNullable<Plot.PlotOptions['document']>;

let cachedDocument: PlotDocument | undefined;
function plotDocument(): PlotDocument {
  cachedDocument ??= parseHTML('<!DOCTYPE html><html><body></body></html>').document as unknown as PlotDocument;
  return cachedDocument;
}

/** Draws `options` and returns the markup; every `<svg>` names its namespace, so it also stands alone as a file. */
export function renderPlot(options: Plot.PlotOptions): string {
  const figure = Plot.plot({ ...options, document: plotDocument() });
  const svgs = figure.tagName.toLowerCase() === 'svg' ? [figure] : Array.from(figure.querySelectorAll('svg'));
  for (const svg of svgs) svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return figure.outerHTML;
}
