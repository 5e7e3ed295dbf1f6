import { maskAddress, maskName, maskResidentId } from '../mask';

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['张小三', '张*三'],
    ['欧阳小明', '欧**明'],
    ['司马相如子', '司***子'],
    ['Li', 'L*'],
  ])('masks %s as %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('masks a one-character name entirely', () => {
    expect(maskName('张')).toBe('*');
  });

  it('gives a single star for an empty name', () => {
    expect(maskName('')).toBe('*');
  });

  it('keeps characters outside the BMP whole instead of splitting surrogate pairs', () => {
    // 𠮷 (U+20BB7) is two UTF-16 code units.
    expect(maskName('𠮷小明')).toBe('𠮷*明');
    expect(maskName('王𠮷')).toBe('王*');
  });
});

describe('maskResidentId', () => {
  it('keeps the first three and last four characters of an 18-character ID', () => {
    expect(maskResidentId('310101199001011234')).toBe('310***********1234');
  });

  it('keeps a check character X, as in 310***********123X', () => {
    expect(maskResidentId('11010519491231002X')).toBe('110***********002X');
  });

  it('keeps the length, so the masked ID still reads as 18 characters', () => {
    expect(maskResidentId('11010519491231002X')).toHaveLength(18);
  });

  it('hides no birth-date digit', () => {
    expect(maskResidentId('11010519491231002X').slice(6, 14)).toBe('********');
  });

  it.each(['', '1', '1234567'])('masks the short value %j entirely', (id) => {
    expect(maskResidentId(id)).toBe('*'.repeat(id.length));
  });
});

describe('maskAddress', () => {
  it('keeps the district and masks the rest, as documented', () => {
    expect(maskAddress('浦东新区张江路88弄3号', '浦东新区')).toBe('浦东新区******');
  });

  it('shows at most six stars, so the length of the street address does not leak', () => {
    expect(maskAddress('浦东新区张江路88弄3号楼1201室', '浦东新区')).toBe('浦东新区******');
  });

  it('shows one star per character of a short remainder', () => {
    expect(maskAddress('姑苏区平江路1号', '姑苏区')).toBe('姑苏区*****');
  });

  it('masks everything when the address does not start with the district', () => {
    expect(maskAddress('张江路88弄3号', '浦东新区')).toBe('******');
  });

  it('leaks no character of an address in another district', () => {
    expect(maskAddress('徐汇区漕溪北路1号', '浦东新区')).toMatch(/^\*+$/);
  });

  it('returns the district alone when the address is only the district', () => {
    expect(maskAddress('浦东新区', '浦东新区')).toBe('浦东新区');
  });

  it('counts characters outside the BMP once', () => {
    expect(maskAddress('余杭区𠮷路', '余杭区')).toBe('余杭区**');
  });
});
