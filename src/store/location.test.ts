import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { resolveStoreLocation, storeUrlFromEnv } from './location.js';

describe('resolveStoreLocation', () => {
  const cwd = '/srv/project';

  it('defaults to SQLite at .parity/parity.db under cwd', () => {
    expect(resolveStoreLocation(undefined, cwd)).toEqual({ kind: 'sqlite', path: join(cwd, '.parity/parity.db') });
    expect(resolveStoreLocation('  ', cwd)).toEqual({ kind: 'sqlite', path: join(cwd, '.parity/parity.db') });
  });

  it('reads the SQLite spellings', () => {
    expect(resolveStoreLocation('sqlite:data/p.db', cwd)).toEqual({ kind: 'sqlite', path: join(cwd, 'data/p.db') });
    expect(resolveStoreLocation('sqlite://data/p.db', cwd)).toEqual({ kind: 'sqlite', path: join(cwd, 'data/p.db') });
    expect(resolveStoreLocation('sqlite:///var/lib/p.db', cwd)).toEqual({ kind: 'sqlite', path: '/var/lib/p.db' });
    expect(resolveStoreLocation('file:p.db', cwd)).toEqual({ kind: 'sqlite', path: join(cwd, 'p.db') });
    expect(resolveStoreLocation('./p.db', cwd)).toEqual({ kind: 'sqlite', path: join(cwd, 'p.db') });
    expect(resolveStoreLocation('/abs/p.db', cwd)).toEqual({ kind: 'sqlite', path: '/abs/p.db' });
    expect(resolveStoreLocation('sqlite::memory:', cwd)).toEqual({ kind: 'sqlite', path: ':memory:' });
  });

  it('reads Postgres URLs as they are', () => {
    const url = 'postgres://parity:pw@db.internal:5432/parity?sslmode=require';
    expect(resolveStoreLocation(url, cwd)).toEqual({ kind: 'postgres', url });
    expect(resolveStoreLocation('postgresql://h/db', cwd)).toEqual({ kind: 'postgres', url: 'postgresql://h/db' });
  });

  it('refuses schemes it does not speak and URLs with no file', () => {
    expect(() => resolveStoreLocation('mysql://h/db', cwd)).toThrow(ConfigError);
    expect(() => resolveStoreLocation('sqlite:', cwd)).toThrow(ConfigError);
  });
});

describe('storeUrlFromEnv', () => {
  it('honours PARITY_DATABASE_URL and ignores it when blank', () => {
    expect(storeUrlFromEnv({ PARITY_DATABASE_URL: 'postgres://h/db' })).toBe('postgres://h/db');
    expect(storeUrlFromEnv({ PARITY_DATABASE_URL: ' ' })).toBeUndefined();
    expect(storeUrlFromEnv({})).toBeUndefined();
  });
});
