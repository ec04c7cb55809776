import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined members and adds no white space', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 'x', e: null }], c: undefined } })).toBe('{"a":{"d":[2,{"e":null,"f":"x"}]},"b":1}');
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('gives the same bytes whatever the insertion order', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('refuses floats, unsafe integers, bigints and values without a JSON form', () => {
    expect(() => canonicalJson(1.5)).toThrow(TypeError);
    expect(() => canonicalJson(2 ** 53)).toThrow(TypeError);
    expect(() => canonicalJson(1n)).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });

  it.each([[0.1], [Number.NaN], [2 ** 53]])('refuses the non-integer or unsafe number %p inside a record', (n) => {
    expect(() => canonicalJson({ amount: n })).toThrow(TypeError);
  });

  it('refuses bigint inside a record: money travels as decimal strings', () => {
    expect(() => canonicalJson({ amount: 10n })).toThrow(TypeError);
  });
});
