import { describe, expect, it } from 'vitest';
import {
  chinaToday,
  EARLIEST_DATE,
  isCalendarDate,
  isPlausibleDate,
  isPlausibleInstant,
  notBefore,
  plausibleDate,
  recordedAt,
} from './dates.ts';

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

describe('plausible dates', () => {
  it('accepts real days from 2000 up to today', () => {
    expect(isPlausibleDate('2000-01-01', '2026-05-01')).toBe(true);
    expect(isPlausibleDate('2026-05-01', '2026-05-01')).toBe(true);
  });
  it('refuses 1970, the future and days that do not exist', () => {
    expect(isPlausibleDate('1970-01-01', '2026-05-01')).toBe(false);
    expect(isPlausibleDate('1999-12-31', '2026-05-01')).toBe(false);
    expect(isPlausibleDate('2026-05-02', '2026-05-01')).toBe(false);
    expect(isPlausibleDate('2025-02-30', '2026-05-01')).toBe(false);
    expect(isPlausibleDate('2025-2-3', '2026-05-01')).toBe(false);
  });
  it('checks instants against 2000 (China time) and now', () => {
    const now = Date.parse('2026-05-01T00:00:00Z');
    expect(isPlausibleInstant('1970-01-01T08:00:00+08:00', now)).toBe(false);
    expect(isPlausibleInstant('1999-12-31T23:59:00+08:00', now)).toBe(false);
    expect(isPlausibleInstant('2000-01-01T00:00:00+08:00', now)).toBe(true);
    expect(isPlausibleInstant('2026-05-01T08:00:00+08:00', now)).toBe(true);
    expect(isPlausibleInstant('2026-05-02T08:00:00+08:00', now)).toBe(false);
  });
  it('the zod schema names the rule', () => {
    const r = recordedAt.safeParse('1970-01-01T08:00:00+08:00');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('2000-01-01');
  });
});
