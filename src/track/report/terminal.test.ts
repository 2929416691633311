import { describe, expect, it } from 'vitest';
import { testCatalog } from '../../../test/track/helpers/test-catalog.js';
// eslint-disable-next-line parity/boundaries -- checks track's notes against the benchmarks eval can run
import { benchmarkMeasuring } from '../../eval/index.js';
import { computeTrack } from '../compute-track.js';
import { missingDomainNotes } from './terminal.js';

describe('missingDomainNotes', () => {
  const report = computeTrack(testCatalog());
  const notes = missingDomainNotes(report, benchmarkMeasuring);

  it('has one line for each domain without a headline lag, and none for the others', () => {
    const missing = report.domains.filter((domain) => domain.status !== 'ok');
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.length).toBeLessThan(report.domains.length);
    expect(notes.map((note) => note.split(':')[0])).toEqual(missing.map((domain) => domain.name));
  });

  it('says why, and points at the benchmark that measures the domain where parity has one', () => {
    const noteOf = (id: string): string | undefined => {
      const name = report.domains.find((domain) => domain.domain === id)?.name;
      return notes.find((note) => note.startsWith(`${name}:`));
    };
    expect(noteOf('multilingual')).toContain('no benchmark results');
    expect(noteOf('multilingual')).toContain('parity eval --benchmark mgsm');
    expect(noteOf('function-calling')).toBeDefined();
    expect(noteOf('function-calling')).not.toContain('parity eval');
    // the benchmarks' own declared domains decide: MGSM measures math in ten languages, GSM8K comes first for math
    expect(['math', 'multilingual', 'coding', 'instruction-following', 'agentic'].map(benchmarkMeasuring)).toEqual(['gsm8k', 'mgsm', 'humaneval', 'ifeval', undefined]);
  });
});
