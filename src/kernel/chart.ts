/**
 * Charts drawn in Node: Observable Plot on a server-side DOM (linkedom), returned as static markup (a `<figure>`
 * or an `<svg>`) to inline in an HTML report — no script, font or request. The one setup shared by the track
 * report, the routing report and the decision memo.
 *
 * Plot and linkedom are heavy (about 340 modules, a second or more to load on a busy machine), so they load on
 * the first drawing, not when a module that can draw is imported: a folder's index.ts may re-export its HTML
 * report without making every command that imports the folder pay for it. They are loaded with `require`, which
 * Node (20.19+) allows for ES modules without top-level await, as both are.
 */
import { createRequire } from 'node:module';
import type * as PlotModule from '@observablehq/plot';
import type * as LinkedomModule from 'linkedom';

export type { Markish, PlotOptions } from '@observablehq/plot';

const load = createRequire(import.meta.url);

let plotModule: typeof PlotModule | undefined;
function plot(): typeof PlotModule {
  plotModule ??= load('@observablehq/plot') as typeof PlotModule;
  return plotModule;
}

/** Observable Plot's API (`Plot.line`, `Plot.dot`, …), loaded on first use. */
export const Plot: typeof PlotModule = new Proxy({} as typeof PlotModule, {
  get: (_target, key) => Reflect.get(plot(), key) as unknown,
});

type PlotDocument = NonNullable<PlotModule.PlotOptions['document']>;

let cachedDocument: PlotDocument | undefined;
function plotDocument(): PlotDocument {
  if (cachedDocument === undefined) {
    const { parseHTML } = load('linkedom') as typeof LinkedomModule;
    cachedDocument = parseHTML('<!DOCTYPE html><html><body></body></html>').document as unknown as PlotDocument;
  }
  return cachedDocument;
}

/** Draws `options` and returns the markup; every `<svg>` names its namespace, so it also stands alone as a file. */
export function renderPlot(options: PlotModule.PlotOptions): string {
  const figure = plot().plot({ ...options, document: plotDocument() });
  const svgs = figure.tagName.toLowerCase() === 'svg' ? [figure] : Array.from(figure.querySelectorAll('svg'));
  for (const svg of svgs) svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return figure.outerHTML;
}
