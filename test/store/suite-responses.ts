import { describe, expect, it } from 'vitest';
import type { SuiteContext } from './store-suite.js';

export function defineResponsesTests(context: SuiteContext): void {
  describe('stored responses (migration 0006-responses)', () => {
    it('walks a conversation back from its newest response, bounded, and deletes one', async () => {
      const { store } = await context.fresh();
      for (let i = 0; i < 5; i += 1) {
        await store.saveResponse({
          id: `resp_${i}`,
          keyId: 'key-a',
          previousResponseId: i === 0 ? null : `resp_${i - 1}`,
          createdAt: `2026-12-07T10:00:0${i}.000Z`,
          expiresAt: i === 4 ? '2027-01-01T00:00:00.000Z' : null,
          model: 'open',
          turn: [{ role: 'user', content: `q${i}` }, { role: 'assistant', content: `a${i}` }],
          response: { id: `resp_${i}`, object: 'response' },
        });
      }
      const chain = await store.readResponseChain('resp_4', 10);
      expect(chain.map((entry) => entry.id)).toEqual(['resp_4', 'resp_3', 'resp_2', 'resp_1', 'resp_0']);
      expect(chain[0]).toMatchObject({ keyId: 'key-a', previousResponseId: 'resp_3', expiresAt: '2027-01-01T00:00:00.000Z', model: 'open' });
      expect(chain[4]?.turn).toEqual([{ role: 'user', content: 'q0' }, { role: 'assistant', content: 'a0' }]);
      expect((await store.readResponseChain('resp_4', 2)).map((entry) => entry.id)).toEqual(['resp_4', 'resp_3']);
      expect(await store.readResponseChain('resp_missing', 10)).toEqual([]);
      expect((await store.readResponse('resp_2'))?.response).toEqual({ id: 'resp_2', object: 'response' });
      expect(await store.deleteResponse('resp_2')).toBe(true);
      expect(await store.deleteResponse('resp_2')).toBe(false);
      // a gap ends the walk
      expect((await store.readResponseChain('resp_4', 10)).map((entry) => entry.id)).toEqual(['resp_4', 'resp_3']);
    });
  });
}
