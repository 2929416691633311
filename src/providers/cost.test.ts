import { describe, expect, it } from 'vitest';
import { cost } from './cost.js';

describe('cost', () => {
  it('prices input and output per million tokens', () => {
    // 1M input at $3 + 0.5M output at $15 = 3 + 7.5
    expect(cost({ inputTokens: 1_000_000, outputTokens: 500_000 }, { inputPerMtok: 3, outputPerMtok: 15 })).toBeCloseTo(10.5, 10);
    expect(cost({ inputTokens: 0, outputTokens: 0 }, { inputPerMtok: 3, outputPerMtok: 15 })).toBe(0);
  });

  it('charges cache reads at their own price only when one is given', () => {
    const usage = { inputTokens: 1000, outputTokens: 0, cachedInputTokens: 800 };
    expect(cost(usage, { inputPerMtok: 1, outputPerMtok: 0 })).toBeCloseTo(0.001, 12);
    expect(cost(usage, { inputPerMtok: 1, outputPerMtok: 0, cachedInputPerMtok: 0.1 })).toBeCloseTo((200 + 80) / 1e6, 12);
  });

  it('is unknown, not zero, when usage was not reported', () => {
    expect(cost({ inputTokens: undefined, outputTokens: 10 }, { inputPerMtok: 1, outputPerMtok: 1 })).toBeUndefined();
  });
});
