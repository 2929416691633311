/**
 * The Epoch 2024 reproduction on the bundled dataset (data/datasets/epoch-2024.json): structure and the
 * method's invariants, recomputed here from the dataset rather than copied from the output.
 */
import { describe, expect, it } from 'vitest';
import { loadEpoch2024Dataset, type Epoch2024Dataset } from '../../src/catalog/datasets/epoch-2024.js';
import { dayNumber, isoFromDay } from '../../src/track/dates.js';
import type { Epoch2024Output, EpochPoint } from '../../src/track/output/epoch-2024-output.js';
import { EPOCH_2024_LEVELS, reproduceEpoch2024 } from '../../src/track/reproduce/epoch-2024.js';

const dataset = loadEpoch2024Dataset();
const output = reproduceEpoch2024(dataset);
const rowOf = (point: EpochPoint) => {
  const [file, row] = point.source.split('#row=');
  return dataset.rows.find((candidate) => dataset.files[candidate.file] === file && candidate.row === Number(row))!;
};

describe('Epoch 2024 reproduction: frontiers and filters', () => {
  it('covers the four benchmarks with strictly rising frontiers', () => {
    expect(output.frontiers.map((frontier) => frontier.benchmark)).toEqual(['MMLU', 'GPQA', 'GSM1k', 'BBH']);
    for (const frontier of output.frontiers) {
      for (const points of [frontier.open, frontier.closed]) {
        expect(points.length).toBeGreaterThan(1);
        for (let i = 1; i < points.length; i++) {
          expect(points[i]!.date > points[i - 1]!.date).toBe(true);
          expect(points[i]!.score).toBeGreaterThan(points[i - 1]!.score);
        }
        for (const point of points) expect(point.score).toBeCloseTo(-Math.log(1 - point.accuracy), 12);
      }
    }
  });

  it('applies the exclusions and trust filters', () => {
    const excluded = new Set(dataset.excludedSystems);
    for (const frontier of output.frontiers) {
      for (const point of [...frontier.open, ...frontier.closed]) {
        expect(point.system.toLowerCase()).not.toContain('flan');
        expect(excluded.has(point.system)).toBe(false);
        expect(point.system).not.toBe('Random chance');
        const row = rowOf(point);
        expect(row.group).toBe(frontier.open.includes(point) ? 'open' : 'closed');
        if (frontier.benchmark === 'MMLU') expect(row.trust).toBeGreaterThanOrEqual(0);
        if (frontier.benchmark === 'GPQA' && point.date >= '2023-11-01') expect(row.trust).toBeGreaterThanOrEqual(0);
        if (frontier.benchmark === 'GSM1k') expect(point.accuracy).toBe(row.scores.sealMath ?? row.scores.gsm1k);
      }
    }
    expect(output.excludedRows.some((row) => row.system === 'Flan-PaLM 540B')).toBe(true);
  });
});

describe('Epoch 2024 reproduction: threshold lags', () => {
  const threshold = output.threshold!;

  it('gives one entry per benchmark and level with the first models reaching it', () => {
    expect(threshold.entries.length).toBeGreaterThan(20);
    for (const entry of threshold.entries) {
      expect(EPOCH_2024_LEVELS).toContain(entry.level);
      const frontier = output.frontiers.find((candidate) => candidate.benchmark === entry.benchmark)!;
      const target = -Math.log(1 - entry.level / 100);
      expect(frontier.open.find((point) => point.score >= target)).toEqual(entry.open);
      expect(frontier.closed.find((point) => point.score >= target)).toEqual(entry.closed);
      expect(entry.lagMonths).toBeCloseTo(((dayNumber(entry.open.date) - dayNumber(entry.closed.date)) / 365) * 12, 10);
    }
  });

  it('pools every lag into mean, median and type-7 quartiles', () => {
    const lags = threshold.entries.map((entry) => entry.lagMonths).sort((a, b) => a - b);
    const pooled = threshold.pooled!;
    expect(pooled.n).toBe(lags.length);
    expect(pooled.mean).toBeCloseTo(lags.reduce((sum, lag) => sum + lag, 0) / lags.length, 10);
    const at = (p: number) => {
      const position = (lags.length - 1) * p;
      const low = lags[Math.floor(position)]!;
      return low + (lags[Math.ceil(position)]! - low) * (position - Math.floor(position));
    };
    expect(pooled.median).toBeCloseTo(at(0.5), 10);
    expect(pooled.iqr).toBeCloseTo(at(0.75) - at(0.25), 10);
    expect(pooled.quantiles).toMatch(/type 7/);
  });
});

describe('Epoch 2024 reproduction: area lags', () => {
  const area = output.area!;
  const integral = (points: readonly EpochPoint[]) =>
    points.slice(1).reduce((sum, point, i) => sum + (point.score - points[i]!.score) * (dayNumber(point.date) / 30), 0);

  it('gives one finite lag per benchmark, from random-chance start points and a common cut score', () => {
    expect(area.benchmarks.map((entry) => entry.benchmark)).toEqual(['MMLU', 'GPQA', 'GSM1k', 'BBH']);
    for (const entry of area.benchmarks) {
      const chance = entry.benchmark === 'GSM1k' ? 0 : 0.25;
      expect(entry.open[0]).toMatchObject({ system: 'Random chance', score: chance });
      expect(entry.closed[0]).toMatchObject({ system: 'Random chance', score: chance });
      expect(entry.open.at(-1)!.score).toBe(entry.cutScore);
      expect(entry.closed.at(-1)!.score).toBe(entry.cutScore);
      expect(entry.openRange).toBeCloseTo(entry.cutScore! - chance, 12);
      expect(entry.integralOpen).toBeCloseTo(integral(entry.open), 6);
      expect(entry.integralClosed).toBeCloseTo(integral(entry.closed), 6);
      expect(entry.lagMonths).toBeCloseTo((entry.integralOpen! - entry.integralClosed!) / entry.openRange!, 9);
    }
  });

  it('moves by exactly the shift when every open model is dated 30 days later', () => {
    const shifted: Epoch2024Dataset = {
      ...dataset,
      rows: dataset.rows.map((row) =>
        row.group === 'open' && row.date !== null ? { ...row, date: isoFromDay(dayNumber(row.date) + 30) } : row,
      ),
    };
    const later: Epoch2024Output = reproduceEpoch2024(shifted);
    for (const [index, entry] of area.benchmarks.entries()) {
      expect(later.area!.benchmarks[index]!.lagMonths! - entry.lagMonths!).toBeCloseTo(1, 9); // days / 30
    }
    for (const [index, entry] of output.threshold!.entries.entries()) {
      expect(later.threshold!.entries[index]!.lagMonths - entry.lagMonths).toBeCloseTo((30 / 365) * 12, 9);
    }
  });

  it('computes only the requested method', () => {
    const only = reproduceEpoch2024(dataset, { methods: ['area'] });
    expect(only.threshold).toBeUndefined();
    expect(only.area?.benchmarks).toHaveLength(4);
  });
});
