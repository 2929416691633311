import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_CONFIG } from './feature-config.js';
import { featurizeAll, sparseOfScan } from './featurize.js';
import { DENSE_FEATURE_NAMES, TextScanner } from './text-scanner.js';

const dense = (name: (typeof DENSE_FEATURE_NAMES)[number], row: Float64Array): number => row[DENSE_FEATURE_NAMES.indexOf(name)] ?? Number.NaN;

describe('TextScanner', () => {
  it('ignores case and maps every digit to 0', () => {
    const [a, b] = featurizeAll(['Solve 12 + 34', 'solve 98 + 76'], DEFAULT_FEATURE_CONFIG);
    expect(Array.from(a?.sparse.indices ?? [])).toEqual(Array.from(b?.sparse.indices ?? []));
    expect(Array.from(a?.sparse.values ?? [])).toEqual(Array.from(b?.sparse.values ?? []));
  });

  it('gives different prompts different features', () => {
    const [a, b] = featurizeAll(['write a poem about the sea', 'write a python function'], DEFAULT_FEATURE_CONFIG);
    expect(Array.from(a?.sparse.indices ?? [])).not.toEqual(Array.from(b?.sparse.indices ?? []));
  });

  it('scales each namespace to about unit norm whatever the length', () => {
    const scanner = new TextScanner({ ...DEFAULT_FEATURE_CONFIG, wordNgrams: 1, charNgram: 0, leadWords: 0 });
    for (const text of ['alpha beta gamma delta', 'alpha beta gamma delta '.repeat(1).concat('epsilon zeta eta theta iota kappa lambda mu')]) {
      scanner.scan(text);
      const vector = sparseOfScan(scanner);
      const norm = Math.sqrt(Array.from(vector.values).reduce((sum, value) => sum + value * value, 0));
      expect(norm).toBeGreaterThan(0.7);
      expect(norm).toBeLessThan(1.3);
    }
  });

  it('computes the dense markers: length, code fence, code symbols, script, domain words', () => {
    const [code, chinese, math] = featurizeAll(
      ['Fix this:\n```python\ndef f(x): return {x: x[0]}\n```', '请把这句话翻译成英文', 'Solve the equation and compute the integral'],
      DEFAULT_FEATURE_CONFIG,
    );
    expect(dense('code-fence', code?.dense ?? new Float64Array())).toBe(1);
    expect(dense('code-symbol-share', code?.dense ?? new Float64Array())).toBeGreaterThan(0.1);
    expect(dense('marker-coding', code?.dense ?? new Float64Array())).toBeGreaterThan(0);
    expect(dense('non-ascii-share', chinese?.dense ?? new Float64Array())).toBe(1);
    expect(dense('code-fence', chinese?.dense ?? new Float64Array())).toBe(0);
    expect(dense('marker-math', math?.dense ?? new Float64Array())).toBeCloseTo(Math.log1p(4), 12);
    expect(dense('log-chars', math?.dense ?? new Float64Array())).toBeCloseTo(Math.log1p('Solve the equation and compute the integral'.length), 12);
  });

  it('reads a long prompt at its head and tail, not its middle', () => {
    const config = { ...DEFAULT_FEATURE_CONFIG, maxChars: 400 };
    const filler = 'lorem ipsum '.repeat(200);
    const [tail, middle] = featurizeAll([`${filler} now translate this`, `${filler.slice(0, 1200)} translate ${filler.slice(1200)}`], config);
    expect(dense('marker-multilingual', tail?.dense ?? new Float64Array())).toBeGreaterThan(0);
    expect(dense('marker-multilingual', middle?.dense ?? new Float64Array())).toBe(0);
  });

  it('scans only maxChars characters but still sees the full length', () => {
    const config = { ...DEFAULT_FEATURE_CONFIG, maxChars: 16 };
    const scanner = new TextScanner(config);
    scanner.scan('a'.repeat(10_000));
    expect(scanner.length).toBeLessThan(3 * 16 + 16);
    expect(scanner.dense[0]).toBeCloseTo(Math.log1p(10_000), 12);
  });

  it('handles the empty prompt', () => {
    const scanner = new TextScanner(DEFAULT_FEATURE_CONFIG);
    scanner.scan('');
    expect(scanner.length).toBe(0);
    expect(Array.from(scanner.counts)).toEqual([0, 0, 0, 0]);
  });
});

describe('TextScanner buffer', () => {
  it('reads both halves of a surrogate pair split by the head/tail cut as the lone halves they are', () => {
    const config = { ...DEFAULT_FEATURE_CONFIG, maxChars: 40 };
    // 30 of the 40 characters come from the head: the emoji's first half is the head's last character
    const head = `${'ab '.repeat(9)}xy`;
    const tail = ' then some tail words';
    const split = `${head}😀${'filler '.repeat(20)}${tail.slice(-9)}`;
    // the same text with the pair's second half (in the middle, never read) replaced: same length, same reads
    const lone = `${head}\ud83dQ${'filler '.repeat(20)}${tail.slice(-9)}`;
    const scanner = new TextScanner(config);
    const features = (text: string): string => {
      // scan something else first, so a half-written buffer would show
      scanner.scan('zzzz '.repeat(100));
      scanner.scan(text);
      return JSON.stringify([Array.from(scanner.hashes.subarray(0, scanner.length)), Array.from(scanner.dense)]);
    };
    expect(head.length).toBe(29);
    expect(features(split)).toBe(features(lone));
    expect(features(split)).not.toBe(features(`${head}xQ${'filler '.repeat(20)}${tail.slice(-9)}`));
  });
});
