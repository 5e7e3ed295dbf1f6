import { canonicalJson } from '../canonicalJson';

// Keys in the order the text has them; JSON.parse would reorder integer-like keys.
function keyOrder(text: string): string[] {
  return [...text.matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    const value = { b: 1, a: { d: [3, { f: 1, e: 2 }], c: null } };
    expect(canonicalJson(value)).toBe('{"a":{"c":null,"d":[3,{"e":2,"f":1}]},"b":1}');
  });

  it('gives the same text whatever order the keys were inserted in', () => {
    const one = { id: 'x', holder: { name: '张*三', birthDate: '1990-01-01' }, status: 'VALID' };
    const other = { status: 'VALID', holder: { birthDate: '1990-01-01', name: '张*三' }, id: 'x' };
    expect(canonicalJson(one)).toBe(canonicalJson(other));
  });

  it('keeps the order of array elements', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
  });

  it('drops members whose value is undefined', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it('keeps members whose value is null', () => {
    expect(canonicalJson({ a: null })).toBe('{"a":null}');
  });

  it('encodes the scalars strings, safe integers, booleans and null', () => {
    expect(canonicalJson(['张*三', 0, -12, Number.MAX_SAFE_INTEGER, true, false, null])).toBe(
      '["张*三",0,-12,9007199254740991,true,false,null]',
    );
  });

  it('writes -0 as 0', () => {
    expect(canonicalJson(-0)).toBe('0');
  });

  it('escapes strings as JSON does and leaves other non-ASCII text as is', () => {
    expect(canonicalJson('a"b\\c\n\u0001浦东')).toBe('"a\\"b\\\\c\\n\\u0001浦东"');
  });

  it('sorts keys by UTF-16 code unit, as in the RFC 8785 example (section 3.2.3)', () => {
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(keyOrder(canonicalJson(value))).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
  });

  it('accepts an object without a prototype', () => {
    const value = Object.assign(Object.create(null) as Record<string, unknown>, { b: 2, a: 1 });
    expect(canonicalJson(value)).toBe('{"a":1,"b":2}');
  });

  it.each<[string, unknown]>([
    ['a fraction', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['an unsafe integer', 2 ** 53],
    ['a bigint', 1n],
    ['undefined at the top', undefined],
    ['undefined inside an array', [1, undefined]],
    ['a hole in a sparse array', [, 1]], // eslint-disable-line no-sparse-arrays
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
    ['a Date, which would otherwise sign as {}', new Date('2024-01-01T00:00:00Z')],
    ['a Map', new Map([['a', 1]])],
    ['a class instance', new (class Point { x = 1; })()],
    ['a fraction nested in an object', { months: { count: 12.5 } }],
  ])('throws a TypeError for %s', (_label, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });
});
