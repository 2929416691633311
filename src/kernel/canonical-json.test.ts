import { describe, expect, it } from 'vitest';
import { canonicalJson } from './index.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members, as the hand-written copies it replaced did', () => {
    const input = { z: [1, undefined, { b: 'é', a: null, Z: 2, ä: -0, 'a b': 1e21 }], a: { y: undefined, x: 'line\n"q"' }, _: true, '10': 1, '9': 2 };
    // the bytes the eval cache key and the gateway cache wrote before (cached answers and suite hashes stay valid)
    expect(canonicalJson(input)).toBe('{"10":1,"9":2,"_":true,"a":{"x":"line\\n\\"q\\""},"z":[1,null,{"Z":2,"a":null,"a b":1e+21,"b":"é","ä":0}]}');
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('refuses a circular value instead of hashing a placeholder', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    expect(() => canonicalJson(circular)).toThrow(TypeError);
  });
});
