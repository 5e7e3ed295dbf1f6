import { chinaToday } from '../chinaToday';

describe('chinaToday', () => {
  it('is the date in China Standard Time (UTC+8), not in UTC', () => {
    expect(chinaToday(new Date('2026-12-01T15:59:59Z'))).toBe('2026-12-01');
    expect(chinaToday(new Date('2026-12-01T16:00:00Z'))).toBe('2026-12-02');
  });
});
