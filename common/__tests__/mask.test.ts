import { maskAddress, maskName, maskResidentId } from '../mask';

describe('maskName', () => {
  it.each([
    ['张三', '张**'],
    ['张小三', '张**'],
    ['欧阳小明', '欧**'],
    ['司马相如子', '司**'],
    ['Li', 'L**'],
  ])('keeps only the surname of %s: %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('gives the same length for every name, so the mask does not tell the length', () => {
    expect(new Set(['张三', '张小三', '张小三丰'].map((n) => maskName(n)))).toEqual(new Set(['张**']));
  });

  it('gives stars only for an empty name', () => {
    expect(maskName('')).toBe('**');
  });

  it('keeps a surname outside the BMP whole instead of splitting its surrogate pair', () => {
    // 𠮷 (U+20BB7) is two UTF-16 code units.
    expect(maskName('𠮷小明')).toBe('𠮷**');
  });
});

describe('maskResidentId', () => {
  it('keeps only the last four characters of an 18-character ID', () => {
    expect(maskResidentId('310101199001011234')).toBe('**************1234');
  });

  it('keeps a check character X, as in **************123X', () => {
    expect(maskResidentId('11010519491231002X')).toBe('**************002X');
  });

  it('hides the area code and every birth-date digit', () => {
    expect(maskResidentId('11010519491231002X').slice(0, 14)).toBe('*'.repeat(14));
  });

  it.each(['', '1', '1234567', '310101900101123'])('masks the value %j, not 18 characters long, entirely', (id) => {
    expect(maskResidentId(id)).toBe('*'.repeat(18));
  });
});

describe('maskAddress', () => {
  it('keeps the district and masks the rest, as documented', () => {
    expect(maskAddress('浦东新区张江路88弄3号', '浦东新区')).toBe('浦东新区******');
  });

  it('shows six stars whatever the length of the street address', () => {
    expect(maskAddress('浦东新区张江路88弄3号楼1201室', '浦东新区')).toBe('浦东新区******');
    expect(maskAddress('姑苏区平江路1号', '姑苏区')).toBe('姑苏区******');
  });

  it('masks everything when the address does not start with the district', () => {
    expect(maskAddress('张江路88弄3号', '浦东新区')).toBe('******');
  });

  it('leaks no character of an address in another district', () => {
    expect(maskAddress('徐汇区漕溪北路1号', '浦东新区')).toMatch(/^\*+$/);
  });
});
