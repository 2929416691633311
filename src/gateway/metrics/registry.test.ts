import { describe, expect, it } from 'vitest';
import { Registry } from './registry.js';

describe('Prometheus registry', () => {
  it('renders counters, gauges and cumulative histograms in the text format', () => {
    const registry = new Registry();
    const requests = registry.counter('x_requests_total', 'Requests.', ['route']);
    requests.labels('a"b').inc();
    requests.labels('a"b').inc(2);
    registry.gauge('x_in_flight', 'In flight.').labels().set(3);
    let reads = 0;
    registry.sampled('x_sampled', 'Read at render.', () => ++reads * 1.5);
    const latency = registry.histogram('x_seconds', 'Latency.', [0.1, 1], ['route']);
    for (const value of [0.05, 0.5, 0.5, 5]) latency.labels('r').observe(value);
    expect(registry.render()).toBe(
      [
        '# HELP x_requests_total Requests.',
        '# TYPE x_requests_total counter',
        'x_requests_total{route="a\\"b"} 3',
        '# HELP x_in_flight In flight.',
        '# TYPE x_in_flight gauge',
        'x_in_flight 3',
        '# HELP x_sampled Read at render.',
        '# TYPE x_sampled gauge',
        'x_sampled 1.5',
        '# HELP x_seconds Latency.',
        '# TYPE x_seconds histogram',
        'x_seconds_bucket{route="r",le="0.1"} 1',
        'x_seconds_bucket{route="r",le="1"} 3',
        'x_seconds_bucket{route="r",le="+Inf"} 4',
        'x_seconds_sum{route="r"} 6.05',
        'x_seconds_count{route="r"} 4',
        '',
      ].join('\n'),
    );
    expect(registry.render()).toContain('x_sampled 3\n'); // read again at every render
  });
});
