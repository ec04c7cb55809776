import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('gives the same bytes whatever the insertion order', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it.each([[0.1], [Number.NaN], [2 ** 53]])('refuses the non-integer or unsafe number %p', (n) => {
    expect(() => canonicalJson({ amount: n })).toThrow(TypeError);
  });

  it('refuses bigint: money travels as decimal strings', () => {
    expect(() => canonicalJson({ amount: 10n })).toThrow(TypeError);
  });
});
