/** A virtual key's limits and usage as the gateway state sees them: no limits, nothing spent, unless overridden. */
import type { KeyLimits } from '../../src/gateway/state/gateway-state.js';

export const keyLimits = (overrides: Partial<KeyLimits> = {}): KeyLimits => ({
  keyId: 'k1',
  budgetUsdTotal: null,
  budgetUsdDaily: null,
  rpm: null,
  tpm: null,
  spentUsdTotal: 0,
  spentUsdDay: 0,
  usageDay: null,
  ...overrides,
});
