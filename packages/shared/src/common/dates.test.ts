import { describe, expect, it } from 'vitest';
import { chinaToday, EARLIEST_DATE, isCalendarDate, notBefore, plausibleDate } from './dates.ts';

describe('plausibleDate', () => {
  const today = '2026-05-10';
  it('accepts dates from 2000-01-01 to today', () => {
    expect(plausibleDate(EARLIEST_DATE, today)).toBeNull();
    expect(plausibleDate('2021-06-01', today)).toBeNull();
    expect(plausibleDate(today, today)).toBeNull();
  });
  it('refuses dates before 2000, after today and that do not exist', () => {
    expect(plausibleDate('1999-12-31', today)).toMatch('不能早于 2000-01-01');
    expect(plausibleDate('1970-01-01', today)).toMatch('不能早于');
    expect(plausibleDate('2026-05-11', today)).toMatch('不能晚于今天（2026-05-10）');
    expect(plausibleDate('2026-02-30', today)).toMatch('不是有效日期');
    expect(plausibleDate('2026-5-1', today)).toMatch('不是有效日期');
  });
  it('takes today in China time (UTC+8)', () => {
    // 2026-05-10 17:00 UTC is already 2026-05-11 in China.
    expect(chinaToday(new Date('2026-05-10T17:00:00Z'))).toBe('2026-05-11');
    expect(chinaToday(new Date('2026-05-10T15:59:59Z'))).toBe('2026-05-10');
    expect(plausibleDate('2026-05-11', chinaToday(new Date('2026-05-10T17:00:00Z')))).toBeNull();
  });
  it('checks calendar dates and order against a dependency', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(notBefore('2026-01-01', '2026-02-01', '批次开始日期')).toBe('不能早于批次开始日期（2026-02-01）');
    expect(notBefore('2026-03-01', '2026-02-01', '批次开始日期')).toBeNull();
    expect(notBefore('2026-03-01', null, '批次开始日期')).toBeNull();
  });
});
