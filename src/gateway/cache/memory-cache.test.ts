import { describe, expect, it } from 'vitest';
import { createMemoryCache } from './memory-cache.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('memory response cache', () => {
  it('expires entries after the TTL', () => {
    let now = 1_000;
    const cache = createMemoryCache({ ttlMs: 100, maxEntries: 10, maxBytes: 1_000, maxEntryBytes: 100 }, () => now);
    cache.set('a', bytes('answer'));
    now += 100;
    expect(cache.get('a')?.toString()).toBe('answer');
    now += 1;
    expect(cache.get('a')).toBeUndefined();
  });

  it('drops the least recently used entry past maxEntries', () => {
    const cache = createMemoryCache({ ttlMs: 1_000, maxEntries: 2, maxBytes: 1_000, maxEntryBytes: 100 });
    cache.set('a', bytes('1'));
    cache.set('b', bytes('2'));
    cache.get('a'); // a is now the most recently used
    cache.set('c', bytes('3'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.toString()).toBe('1');
    expect(cache.get('c')?.toString()).toBe('3');
  });

  it('keeps its total size under maxBytes and refuses entries over maxEntryBytes', () => {
    const cache = createMemoryCache({ ttlMs: 1_000, maxEntries: 100, maxBytes: 10, maxEntryBytes: 6 });
    cache.set('big', bytes('1234567'));
    expect(cache.get('big')).toBeUndefined();
    cache.set('a', bytes('12345'));
    cache.set('b', bytes('12345'));
    cache.set('c', bytes('123'));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')?.length).toBe(5);
    expect(cache.get('c')?.length).toBe(3);
    cache.set('b', bytes('1')); // replacing an entry frees its old size
    cache.set('d', bytes('123456'));
    expect(cache.get('b')?.toString()).toBe('1');
    expect(cache.get('c')?.toString()).toBe('123');
  });
});
