import { describe, expect, it } from 'vitest';
import { createHostAllowList, hostName } from './host-allow-list.js';

describe('host allow-list (DNS-rebinding guard)', () => {
  it('reads the name of a Host header', () => {
    expect(hostName('Example.COM:8787')).toBe('example.com');
    expect(hostName('localhost.')).toBe('localhost');
    expect(hostName('[::1]:8787')).toBe('::1');
    expect(hostName('127.0.0.1')).toBe('127.0.0.1');
    for (const bad of ['', ':8787', 'a:b:c', 'host:port', 'host:123456', '[::1', '[::1]x']) expect(hostName(bad), bad).toBeUndefined();
  });

  it('accepts only names nobody else can point at this server, plus the configured ones', () => {
    const hosts = createHostAllowList({ listenHost: 'gateway.internal', allowedHosts: ['api.example.com', '.corp.example'], machineName: 'build-7' });
    for (const host of ['127.0.0.1:8787', '[::1]:80', '10.1.2.3', 'localhost:8787', 'tab.localhost', 'gateway.internal:8787', 'build-7', 'API.example.com', 'corp.example', 'a.b.corp.example', undefined]) {
      expect(hosts.allows(host), String(host)).toBe(true);
    }
    for (const host of ['evil.example', 'localhost.evil.example', '127.0.0.1.nip.io', 'xcorp.example', 'example.com', '', 'a:b:c']) {
      expect(hosts.allows(host), host).toBe(false);
    }
  });

  it('accepts any Host with "*"', () => {
    expect(createHostAllowList({ listenHost: '127.0.0.1', allowedHosts: ['*'], machineName: 'm' }).allows('whatever.example')).toBe(true);
  });
});
