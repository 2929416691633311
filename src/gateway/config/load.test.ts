import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { gatewayConfigJsonSchema } from './json-schema.js';
import { configFromUpstreamFlags, loadGatewayConfig, parseGatewayConfig } from './load.js';

describe('gateway config', () => {
  it('loads YAML, fills defaults and freezes the result', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parity-gw-'));
    const file = join(dir, 'gateway.yaml');
    writeFileSync(
      file,
      ['upstreams:', '  local:', '    baseUrl: http://127.0.0.1:11434/v1', 'groups:', '  open: [local/qwen2.5:7b]', 'rules:', '  - when: { hasTools: true }', '    route: open'].join('\n'),
    );
    const config = await loadGatewayConfig(file);
    expect(config.upstreams.local).toMatchObject({ kind: 'openai-compatible', timeoutMs: 60_000, maxOutputTokens: 4096 });
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 8787 });
    expect(config.auth.required).toBe(true);
    expect(Object.isFrozen(config.upstreams.local)).toBe(true);
  });

  it('names the file and the path of a bad field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parity-gw-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'upstreams:\n  local:\n    baseUrl: not-a-url\n');
    await expect(loadGatewayConfig(file)).rejects.toThrow(/bad\.yaml at upstreams\.local\.baseUrl/);
    expect(() => parseGatewayConfig({ upstreams: {} })).toThrow(ConfigError);
    expect(() => parseGatewayConfig({ upstreams: { a: { baseUrl: 'http://x' } }, typo: 1 })).toThrow(/typo/);
    expect(() => parseGatewayConfig({ upstreams: { a: { baseUrl: 'http://x' } }, redis: { keyIdleTtlMs: 60_000 } })).toThrow(/redis\.keyIdleTtlMs.*at least 2 days/);
  });

  it('builds a zero-config setup from NAME=URL flags, repeated names becoming a fallback chain', () => {
    const config = configFromUpstreamFlags(
      ['qwen2.5:7b=http://127.0.0.1:11434/v1/', 'auto=http://127.0.0.1:11434/v1#qwen2.5:7b', 'auto=http://127.0.0.1:8000/v1#llama'],
      { port: 0 },
    );
    expect(config.groups).toEqual({ 'qwen2.5:7b': ['u1/qwen2.5:7b'], auto: ['u2/qwen2.5:7b', 'u3/llama'] });
    expect(config.upstreams.u1?.baseUrl).toBe('http://127.0.0.1:11434/v1');
    expect(config.auth.required).toBe(false);
    expect(() => configFromUpstreamFlags(['nourl'])).toThrow(/NAME=URL/);
    expect(() => configFromUpstreamFlags(['x=ftp://host'])).toThrow(/http/);
    expect(() => configFromUpstreamFlags([])).toThrow(ConfigError);
  });

  it('publishes its JSON Schema (schemas/gateway-config.schema.json is current)', () => {
    const file = new URL('../../../schemas/gateway-config.schema.json', import.meta.url);
    const generated = `${JSON.stringify(gatewayConfigJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMAS === '1') writeFileSync(file, generated);
    // regenerate with: UPDATE_SCHEMAS=1 npx vitest run src/gateway/config/load.test.ts
    expect(readFileSync(file, 'utf8')).toBe(generated);
  });
});
