/**
 * An Observable Plot chart sized to its container (redrawn when the container's width changes). `build`
 * receives the width and returns the Plot options; memoise it (useCallback) so the chart is redrawn only when
 * its data changes.
 */
import * as Plot from '@observablehq/plot';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

export interface PlotFigureProps {
  build: (width: number) => Plot.PlotOptions;
  /** What the chart shows, for screen readers (the figure's accessible name). */
  label: string;
  caption?: ComponentChildren;
  testId?: string;
}

/**
 * Plot labels each mark's <g> with aria-label ("dot", "line"), which ARIA does not allow on an element with no
 * role. The chart is one image named by `label` (its data is in the tables and captions around it).
 */
function accessible(chart: Element): void {
  for (const group of chart.querySelectorAll('g[aria-label]')) group.removeAttribute('aria-label');
  for (const svg of chart.querySelectorAll('svg[aria-label]')) svg.setAttribute('role', 'img');
  if (chart.tagName.toLowerCase() === 'svg' && chart.hasAttribute('aria-label')) chart.setAttribute('role', 'img');
}

export function PlotFigure({ build, label, caption, testId }: PlotFigureProps) {
  const container = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    setWidth(element.clientWidth);
    let frame = 0;
    const observer = new ResizeObserver((entries) => {
      const next = Math.round(entries[0]?.contentRect.width ?? 0);
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setWidth((previous) => (Math.abs(previous - next) >= 8 ? next : previous)));
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, []);

  useEffect(() => {
    const element = container.current;
    if (element === null || width <= 0) return;
    const chart = Plot.plot({ ariaLabel: label, style: { fontSize: '12px', background: 'transparent' }, ...build(Math.max(280, width)), width: Math.max(280, width) });
    accessible(chart);
    element.replaceChildren(chart);
    return () => chart.remove();
  }, [build, width, label]);

  return (
    <figure class="chart" data-testid={testId}>
      <div ref={container} class="chart-canvas" />
      {caption === undefined ? null : <figcaption>{caption}</figcaption>}
    </figure>
  );
}
