import { describe, expect, it } from 'vitest';
import { PartialArgs, parseJsonPath } from './partial-args.js';

describe('partial function-call arguments', () => {
  it('parses JSON paths', () => {
    expect(parseJsonPath('$.location')).toEqual(['location']);
    expect(parseJsonPath("$.items[2]['full name']")).toEqual(['items', 2, 'full name']);
    expect(parseJsonPath('location')).toBeUndefined();
    expect(parseJsonPath('$.a..b')).toBeUndefined();
  });

  it('appends continued strings and sets other values at nested paths', () => {
    const args = new PartialArgs();
    args.apply({ jsonPath: '$.city', stringValue: 'San ', willContinue: true });
    args.apply({ jsonPath: '$.city', stringValue: 'Francisco' });
    args.apply({ jsonPath: '$.days[0].high', numberValue: 21 });
    args.apply({ jsonPath: '$.metric', boolValue: true });
    args.apply({ jsonPath: '$.note', nullValue: null });
    args.apply({ jsonPath: '$.city2', stringValue: 'a' });
    args.apply({ jsonPath: '$.city2', stringValue: 'b' });
    expect(args.value).toEqual({ city: 'San Francisco', days: [{ high: 21 }], metric: true, note: null, city2: 'b' });
  });
});
