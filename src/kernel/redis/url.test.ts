import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { isRedisUrl, parseRedisUrl, redactRedisUrl } from './url.js';

describe('Redis URLs', () => {
  it('accepts redis:// and rediss://', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379/2', '--queue').port).toBe('6379');
    expect(parseRedisUrl('rediss://user:secret@cache.internal', 'redis.url').hostname).toBe('cache.internal');
  });

  it('refuses other schemes and non-URLs with a ConfigError naming the flag or field', () => {
    for (const bad of ['http://127.0.0.1:6379', 'localhost:6379', 'redis://']) {
      expect(() => parseRedisUrl(bad, 'redis.url')).toThrow(ConfigError);
      expect(isRedisUrl(bad)).toBe(false);
    }
    expect(() => parseRedisUrl('http://x', '--queue')).toThrow(/--queue/);
    expect(isRedisUrl('rediss://cache.internal:6380/1')).toBe(true);
  });

  it('hides the password when printed', () => {
    const shown = redactRedisUrl('redis://user:hunter2@10.0.0.5:6379/0');
    expect(shown).not.toContain('hunter2');
    expect(shown).toBe('redis://user:***@10.0.0.5:6379/0');
    expect(redactRedisUrl('redis://10.0.0.5:6379')).toBe('redis://10.0.0.5:6379');
  });
});
