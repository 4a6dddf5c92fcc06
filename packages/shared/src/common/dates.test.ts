import { describe, expect, it } from 'vitest';
import { isPlausibleDate, isPlausibleInstant, recordedAt } from './dates.ts';

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
