import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_CONFIG } from '../features/feature-config.js';
import { featurizeAll } from '../features/featurize.js';
import { TextScanner } from '../features/text-scanner.js';
import { minimizeLbfgs } from './lbfgs.js';
import { buildRouterModel, ROUTER_MODEL_KINDS, routerModelSchema, trainRouterModel } from './index.js';

// A toy task: the weak model fails on code prompts (target 0.1) and is fine on the rest (0.9).
const topics = ['cooking pasta', 'a trip to Rome', 'gardening tips', 'a birthday card', 'the weather', 'a short poem', 'my cat', 'a book review'];
const code = ['a python function', 'a sql query', 'a javascript bug', 'a rust compile error', 'a regex', 'a bash script', 'a c++ class', 'a typescript type'];
function prompts(offset: number): Array<{ text: string; target: number }> {
  return [
    ...topics.map((topic, index) => ({ text: `Please help me with ${topic} number ${index + offset}`, target: 0.9 })),
    ...code.map((topic, index) => ({ text: `Please help me with ${topic}:\n\`\`\`\nx = f(y); return {x}\n\`\`\` number ${index + offset}`, target: 0.1 })),
  ];
}
const train = [...prompts(0), ...prompts(100), ...prompts(200)];
const test = [
  { text: 'Please help me with a go function:\n```\nfunc f() { return x; }\n```', target: 0.1 },
  { text: 'Please help me with a holiday in Spain', target: 0.9 },
];

function fit(kind: (typeof ROUTER_MODEL_KINDS)[number]) {
  const rows = featurizeAll(train.map((item) => item.text), DEFAULT_FEATURE_CONFIG);
  return trainRouterModel(kind, { rows, targets: Float64Array.from(train, (item) => item.target) }, DEFAULT_FEATURE_CONFIG);
}

describe.each(ROUTER_MODEL_KINDS)('%s router model', (kind) => {
  it('learns which unseen prompts the weak model handles', () => {
    const model = buildRouterModel(fit(kind));
    const [hard, easy] = featurizeAll(test.map((item) => item.text), DEFAULT_FEATURE_CONFIG);
    if (!hard || !easy) throw new Error('featurize');
    expect(model.predict(easy)).toBeGreaterThan(model.predict(hard));
  });

  it('scores the same on the fast path (scanner) as offline (feature rows)', () => {
    const model = buildRouterModel(fit(kind));
    const scanner = new TextScanner(DEFAULT_FEATURE_CONFIG);
    const rows = featurizeAll(test.map((item) => item.text), DEFAULT_FEATURE_CONFIG);
    test.forEach((item, index) => {
      scanner.scan(item.text);
      expect(model.scoreScan(scanner)).toBeCloseTo(model.predict(rows[index] as (typeof rows)[number]), 10);
    });
  });

  it('is deterministic and round-trips through its JSON schema', () => {
    const first = fit(kind);
    expect(JSON.stringify(fit(kind))).toBe(JSON.stringify(first));
    expect(routerModelSchema.parse(JSON.parse(JSON.stringify(first)))).toEqual(first);
  });
});

describe('minimizeLbfgs', () => {
  it('finds the minimum of a convex quadratic', () => {
    // f(x) = (x0 − 3)² + 10 (x1 + 1)² + x0 x1 / 2 ; ∇ = 0 at the solution of a 2×2 system
    const result = minimizeLbfgs(
      (x, gradient) => {
        const [a = 0, b = 0] = x;
        gradient[0] = 2 * (a - 3) + b / 2;
        gradient[1] = 20 * (b + 1) + a / 2;
        return (a - 3) ** 2 + 10 * (b + 1) ** 2 + (a * b) / 2;
      },
      new Float64Array(2),
      { maxIterations: 100, memory: 5, gradientTolerance: 1e-10, relativeTolerance: 0 },
    );
    // 2a + b/2 = 6 and a/2 + 20b = −20  →  a = (6·20 + 10)/(40 − 0.25), b = (−20 − a/2)/20
    const a = 130 / 39.75;
    expect(result.x[0]).toBeCloseTo(a, 6);
    expect(result.x[1]).toBeCloseTo((-20 - a / 2) / 20, 6);
  });
});
