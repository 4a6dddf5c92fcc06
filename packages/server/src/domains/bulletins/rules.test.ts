import { describe, expect, it } from 'vitest';
import {
  allowed,
  issueRefusal,
  lastEndedQuarter,
  pct,
  quarterOf,
  quarterPeriod,
  quarterRefusal,
  rateOf,
} from './rules.ts';

describe('quarter periods', () => {
  it('spans three months in China time, the last day inclusive', () => {
    const p = quarterPeriod(2021, 1);
    expect(p).toMatchObject({
      from: '2021-01-01',
      to: '2021-03-31',
      months: ['2021-01', '2021-02', '2021-03'],
    });
    expect(p.start.toISOString()).toBe('2020-12-31T16:00:00.000Z');
    expect(p.end.toISOString()).toBe('2021-03-31T16:00:00.000Z');
    expect(p.key).toBe('2021-Q1');
  });
  it('ends the fourth quarter on 31 December, the next one starting the next year', () => {
    const p = quarterPeriod(2024, 4);
    expect(p.to).toBe('2024-12-31');
    expect(p.end.toISOString()).toBe('2024-12-31T16:00:00.000Z');
    expect(quarterPeriod(2024, 1).to).toBe('2024-03-31');
    expect(quarterPeriod(2024, 2).to).toBe('2024-06-30');
    expect(quarterPeriod(2024, 3).to).toBe('2024-09-30');
  });
  it('refuses a quarter outside 1..4', () => {
    expect(() => quarterPeriod(2024, 0)).toThrow();
    expect(() => quarterPeriod(2024, 5)).toThrow();
  });
  it('finds the quarter of a date and the last one ended', () => {
    expect(quarterOf('2026-12-01')).toEqual({ year: 2026, quarter: 4 });
    expect(quarterOf('2026-04-01')).toEqual({ year: 2026, quarter: 2 });
    expect(lastEndedQuarter('2026-12-01')).toEqual({ year: 2026, quarter: 3 });
    expect(lastEndedQuarter('2026-02-10')).toEqual({ year: 2025, quarter: 4 });
  });
});

describe('bulletin life', () => {
  it('drafts a quarter once it has begun, issues it once it has ended', () => {
    expect(quarterRefusal(2026, 4, '2026-12-01')).toBeNull();
    expect(quarterRefusal(2027, 1, '2026-12-01')).toBe('该季度尚未开始');
    expect(issueRefusal(2026, 4, '2026-12-31')).toMatch(/2026-12-31 结束/);
    expect(issueRefusal(2026, 4, '2027-01-01')).toBeNull();
    expect(issueRefusal(2026, 3, '2026-12-01')).toBeNull();
  });
  it('allows nothing on an issued bulletin', () => {
    for (const a of ['edit', 'recompute', 'issue'] as const) {
      expect(allowed('draft', a)).toBe(true);
      expect(allowed('issued', a)).toBe(false);
    }
  });
  it('computes and prints rates', () => {
    expect(rateOf(49, 50)).toBe(0.98);
    expect(rateOf(0, 0)).toBeNull();
    expect(pct(0.98)).toBe('98.0%');
    expect(pct(null)).toBe('—');
  });
});
