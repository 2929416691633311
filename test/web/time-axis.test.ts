/** The dashboard's time axis (web/src/charts/time-axis.ts): round ticks, labelled as a clock or a day, for any span. */
import { describe, expect, it } from 'vitest';
import { timeAxis } from '../../web/src/charts/time-axis.js';

const at = (iso: string) => new Date(iso);
const labels = (instants: string[], width = 800) => {
  const axis = timeAxis(instants.map(at), width);
  return { axis, text: axis?.ticks.map((tick) => axis.tickFormat(tick)) ?? [] };
};

describe('timeAxis', () => {
  it('labels requests a few seconds apart with whole seconds, never milliseconds or a bare ":39:34"', () => {
    const { axis, text } = labels(['2026-12-07T06:39:34.120Z', '2026-12-07T06:39:41.870Z']);
    expect(text.length).toBeGreaterThan(1);
    for (const label of text) expect(label).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect(axis?.label).toBe('time (UTC), 2026-12-07');
    // a span under a minute is widened to one, around the requests
    expect((axis?.domain[1].getTime() ?? 0) - (axis?.domain[0].getTime() ?? 0)).toBe(60_000);
  });

  it('uses hours and minutes over minutes and hours, and fewer ticks on a narrow chart', () => {
    const wide = labels(['2026-12-07T06:02:00Z', '2026-12-07T06:58:00Z'], 900);
    for (const label of wide.text) expect(label).toMatch(/^\d{2}:\d{2}$/);
    expect(wide.text).toEqual(['06:15', '06:30', '06:45']);
    const narrow = labels(['2026-12-07T06:02:00Z', '2026-12-07T06:58:00Z'], 300);
    expect(narrow.text.length).toBeLessThan(wide.text.length);
    expect(narrow.text.length).toBeLessThanOrEqual(3);
  });

  it('names the day at midnight when the span crosses one, and days over weeks', () => {
    const crossing = labels(['2026-12-06T18:00:00Z', '2026-12-07T05:00:00Z']);
    expect(crossing.text).toContain('7 Dec');
    expect(crossing.axis?.label).toBe('time (UTC)');
    const weeks = labels(['2026-11-01T00:00:00Z', '2026-12-07T00:00:00Z']);
    for (const label of weeks.text) expect(label).toMatch(/^\d{1,2} (Nov|Dec)$/);
  });

  it('draws a single request on a one-minute axis, and nothing without a time', () => {
    const one = labels(['2026-12-07T06:39:34Z']);
    expect(one.text.length).toBeGreaterThan(0);
    expect(timeAxis([], 800)).toBeNull();
    expect(timeAxis([new Date('nope')], 800)).toBeNull();
  });
});
