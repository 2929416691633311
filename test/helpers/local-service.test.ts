import { afterEach, describe, expect, it, vi } from 'vitest';
import { freePort, serviceUnavailable } from './local-service.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('a missing service', () => {
  it('is skipped with a message outside CI', () => {
    vi.stubEnv('CI', '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(serviceUnavailable('PostgreSQL', 'no initdb')).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('PostgreSQL unavailable: no initdb'));
  });

  it('fails the run under CI=true', () => {
    vi.stubEnv('CI', 'true');
    expect(() => serviceUnavailable('Redis', 'no redis-server')).toThrow(/Redis unavailable.*CI=true/);
  });
});

describe('freePort', () => {
  it('returns a usable TCP port', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65536);
  });
});
