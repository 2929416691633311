import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import type { SuiteContext } from './store-suite.js';

export function defineWatchTests(context: SuiteContext): void {
  describe('watch state', () => {
    it('keeps each named watch\'s last state and every crossing it reported, newest first', async () => {
      const { store } = await context.fresh();
      expect(await store.readWatchState('nightly')).toBeUndefined();
      await store.saveWatchState('nightly', { asOf: '2026-06-25', lags: { coding: 5.2 } }, []);
      const first = await store.readWatchState('nightly');
      expect(first).toMatchObject({ name: 'nightly', state: { asOf: '2026-06-25', lags: { coding: 5.2 } } });
      await sleep(5);
      await store.saveWatchState('nightly', { asOf: '2026-12-01', lags: { coding: 3.1 } }, [
        { kind: 'lag-moved', message: 'coding: lag 5.2 → 3.1 months', detail: { domain: 'coding', before: 5.2, after: 3.1 } },
      ]);
      await sleep(5);
      await store.saveWatchState('other', { asOf: '2026-12-01' }, [{ kind: 'cheaper', message: 'x is cheaper', detail: { modelId: 'x' } }]);
      expect(await store.readWatchState('nightly')).toMatchObject({ state: { asOf: '2026-12-01', lags: { coding: 3.1 } } });
      expect((await store.readWatchState('nightly'))?.updatedAt).not.toBe(first?.updatedAt);
      const crossings = await store.listWatchCrossings();
      expect(crossings.map((crossing) => [crossing.watchName, crossing.kind, crossing.message])).toEqual([
        ['other', 'cheaper', 'x is cheaper'],
        ['nightly', 'lag-moved', 'coding: lag 5.2 → 3.1 months'],
      ]);
      expect(crossings[1]?.detail).toEqual({ domain: 'coding', before: 5.2, after: 3.1 });
      expect(await store.listWatchCrossings(1)).toHaveLength(1);
      await expect(store.saveWatchState(' ', {}, [])).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
