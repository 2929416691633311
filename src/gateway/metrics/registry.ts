/**
 * A small Prometheus registry (text exposition format 0.0.4): counters, gauges and histograms with labels.
 * Written here rather than taken from prom-client because the gateway needs only these three types, and a
 * label set is bound once (`labels(...)` returns a cached child) so an observation on the hot path is a few
 * additions with no allocation and no dependency. Some label values come from requests (a `<upstream>/<model>`
 * route a client names), so each metric keeps at most MAX_SERIES label sets; later new ones are counted
 * together under the label value `other`.
 */

/** Label sets kept per metric; past it, new label sets share one `other` series. */
export const MAX_SERIES = 1_000;

type LabelValues = readonly string[];

interface Metric {
  render(): string;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(names: readonly string[], values: LabelValues, extra?: string): string {
  const parts = names.map((name, index) => `${name}="${escapeLabel(values[index] ?? '')}"`);
  if (extra !== undefined) parts.push(extra);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

function formatValue(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

export interface CounterChild {
  inc(amount?: number): void;
}

export interface HistogramChild {
  observe(value: number): void;
}

export interface GaugeChild {
  inc(amount?: number): void;
  dec(amount?: number): void;
  set(value: number): void;
}

export interface MetricFamily<Child> {
  readonly name: string;
  labels(...values: string[]): Child;
}

class Family<Child> implements Metric, MetricFamily<Child> {
  protected readonly children = new Map<string, { values: LabelValues; child: Child }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge' | 'histogram',
    readonly labelNames: readonly string[],
    private readonly make: () => Child,
    private readonly renderChild: (name: string, labels: LabelValues, child: Child) => string,
  ) {}

  labels(...values: string[]): Child {
    const id = values.length === 1 ? (values[0] as string) : values.join('\u0000');
    let entry = this.children.get(id);
    if (entry === undefined) {
      if (this.children.size >= MAX_SERIES) return this.overflow();
      entry = { values: [...values], child: this.make() };
      this.children.set(id, entry);
    }
    return entry.child;
  }

  private overflowEntry: { values: LabelValues; child: Child } | undefined;

  private overflow(): Child {
    if (this.overflowEntry === undefined) {
      this.overflowEntry = { values: this.labelNames.map(() => 'other'), child: this.make() };
    }
    return this.overflowEntry.child;
  }

  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} ${this.type}\n`;
    for (const { values, child } of this.children.values()) out += this.renderChild(this.name, values, child);
    if (this.overflowEntry !== undefined) out += this.renderChild(this.name, this.overflowEntry.values, this.overflowEntry.child);
    return out;
  }
}

export class Registry {
  private readonly metrics: Metric[] = [];

  counter(name: string, help: string, labelNames: readonly string[] = []): MetricFamily<CounterChild> {
    const family = new Family<CounterChild & { value: number }>(
      name,
      help,
      'counter',
      labelNames,
      () => ({
        value: 0,
        inc(amount = 1) {
          this.value += amount;
        },
      }),
      (metric, labels, child) => `${metric}${labelText(labelNames, labels)} ${formatValue(child.value)}\n`,
    );
    this.metrics.push(family);
    return family;
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): MetricFamily<GaugeChild> {
    const family = new Family<GaugeChild & { value: number }>(
      name,
      help,
      'gauge',
      labelNames,
      () => ({
        value: 0,
        inc(amount = 1) {
          this.value += amount;
        },
        dec(amount = 1) {
          this.value -= amount;
        },
        set(value: number) {
          this.value = value;
        },
      }),
      (metric, labels, child) => `${metric}${labelText(labelNames, labels)} ${formatValue(child.value)}\n`,
    );
    this.metrics.push(family);
    return family;
  }

  /** A gauge without labels whose value is read when the registry is rendered (a scrape), not kept up to date. */
  sampled(name: string, help: string, read: () => number): void {
    this.metrics.push({ render: () => `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name} ${formatValue(read())}\n` });
  }

  histogram(name: string, help: string, buckets: readonly number[], labelNames: readonly string[] = []): MetricFamily<HistogramChild> {
    const bounds = [...buckets].sort((a, b) => a - b);
    const family = new Family<HistogramChild & { counts: number[]; sum: number; count: number }>(
      name,
      help,
      'histogram',
      labelNames,
      () => ({
        counts: bounds.map(() => 0),
        sum: 0,
        count: 0,
        observe(value: number) {
          this.sum += value;
          this.count += 1;
          for (let index = 0; index < bounds.length; index++) {
            if (value <= (bounds[index] as number)) {
              (this.counts[index] as number)++;
              return;
            }
          }
        },
      }),
      (metric, labels, child) => {
        let out = '';
        let cumulative = 0;
        bounds.forEach((bound, index) => {
          cumulative += child.counts[index] ?? 0;
          out += `${metric}_bucket${labelText(labelNames, labels, `le="${formatValue(bound)}"`)} ${cumulative}\n`;
        });
        out += `${metric}_bucket${labelText(labelNames, labels, 'le="+Inf"')} ${child.count}\n`;
        out += `${metric}_sum${labelText(labelNames, labels)} ${formatValue(child.sum)}\n`;
        out += `${metric}_count${labelText(labelNames, labels)} ${child.count}\n`;
        return out;
      },
    );
    this.metrics.push(family);
    return family;
  }

  /** The whole registry in Prometheus text format. */
  render(): string {
    return this.metrics.map((metric) => metric.render()).join('');
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
