import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { chinaToday, shanghaiDate, shanghaiMorning } from '../chinaToday';

describe('chinaToday', () => {
  it('is the date in China Standard Time (UTC+8), not in UTC', () => {
    expect(chinaToday(new Date('2026-12-01T15:59:59Z'))).toBe('2026-12-01');
    expect(chinaToday(new Date('2026-12-01T16:00:00Z'))).toBe('2026-12-02');
  });
});

describe('shanghaiMorning', () => {
  it('is 09:00 China Standard Time, 01:00 UTC, on its day', () => {
    expect(shanghaiMorning('2026-11-01')).toBe(Date.parse('2026-11-01T01:00:00Z') / 1000);
    expect(shanghaiDate(shanghaiMorning('2026-11-01'))).toBe('2026-11-01');
  });
});

describe('one home of China Standard Time', () => {
  const root = join(__dirname, '..', '..');
  /** Source files outside tests and dependencies. */
  function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return ['node_modules', 'dist', '__tests__', 'coverage'].includes(entry.name) ? [] : sources(path);
      return /\.tsx?$/.test(entry.name) ? [path] : [];
    });
  }
  // The ways a second "today in China" has been written: a time zone handed to Intl, the
  // eight-hour offset added by hand, 09:00 CST spelled as 01:00 UTC.
  const CHINA_TIME_ARITHMETIC = /timeZone\s*:|8\s*\*\s*3600|8\s*\*\s*60\s*\*\s*60|28800|T01:00:00Z|\+08:00/;

  it('is common/chinaToday.ts: no other source file reckons the day in China', () => {
    const elsewhere = ['common', 'gateway', 'subgraphs', 'mocks', 'scripts', 'bench', 'pages']
      .flatMap((dir) => sources(join(root, dir)))
      .map((path) => relative(root, path))
      .filter((path) => path !== join('common', 'chinaToday.ts'))
      .filter((path) => CHINA_TIME_ARITHMETIC.test(readFileSync(join(root, path), 'utf8')));
    expect(elsewhere).toEqual([]);
  });
});
