import { type Indicator, schemeBody } from '@nongan/shared/assessment/schemas';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HONOURS, DEFAULT_INDICATORS } from './schemes.ts';
import {
  honourOf,
  indicatorPoints,
  linearPoints,
  rank,
  rateDisplay,
  round2,
  thresholdPoints,
} from './score.ts';
import { windowOf } from './window.ts';

const linear = (over: Partial<Extract<Indicator['rule'], { kind: 'linear' }>> = {}): Indicator => ({
  key: 'pass_rate',
  group: 'testing',
  name: '监测合格率',
  points: 10,
  rule: { kind: 'linear', metric: 'pass_rate', zeroAt: 0.9, fullAt: 0.98, noData: 'full', ...over },
});

describe('linear points', () => {
  it('is zero at and below zeroAt, full at and above fullAt, linear between', () => {
    expect(linearPoints(0.9, 0.9, 0.98, 10)).toBe(0);
    expect(linearPoints(0.5, 0.9, 0.98, 10)).toBe(0);
    expect(linearPoints(0.98, 0.9, 0.98, 10)).toBe(10);
    expect(linearPoints(1, 0.9, 0.98, 10)).toBe(10);
    expect(linearPoints(0.94, 0.9, 0.98, 10)).toBe(5);
    // 49/50 is exactly the plan's 98 %: full points, not 9.99.
    expect(linearPoints(49 / 50, 0.9, 0.98, 10)).toBe(10);
    expect(linearPoints(0.9799, 0.9, 0.98, 10)).toBe(9.99);
  });
  it('rounds to two decimals, halves up', () => {
    expect(round2(7.125)).toBe(7.13);
    expect(round2(1.005)).toBe(1.01);
    expect(linearPoints(2 / 3, 0, 1, 15)).toBe(10);
    expect(linearPoints(1 / 3, 0, 1, 10)).toBe(3.33);
  });
});

describe('threshold points', () => {
  it('gives full points at the line and the partial share below it', () => {
    expect(thresholdPoints(0.98, 0.98, 0.5, 10)).toBe(10);
    expect(thresholdPoints(0.979, 0.98, 0.5, 10)).toBe(5);
    expect(thresholdPoints(0, 0.98, 0, 10)).toBe(0);
  });
});

describe('indicator points', () => {
  it('scores missing data by the rule', () => {
    expect(indicatorPoints(linear(), { value: null }, 'year')).toEqual({ score: 10, noData: true });
    expect(indicatorPoints(linear({ noData: 'zero' }), { value: null }, 'year')).toEqual({
      score: 0,
      noData: true,
    });
  });
  it('scales a count target to the period (a quarter needs a quarter of the year)', () => {
    const brand = DEFAULT_INDICATORS.find((i) => i.key === 'brand_count')!;
    expect(indicatorPoints(brand, { value: 1 }, 'year').score).toBe(5);
    expect(indicatorPoints(brand, { value: 2 }, 'year').score).toBe(10);
    expect(indicatorPoints(brand, { value: 1 }, 'Q2').score).toBe(10);
    expect(indicatorPoints(brand, { value: 0 }, 'Q2').score).toBe(0);
  });
  it('does not scale a rate', () => {
    expect(indicatorPoints(linear(), { value: 0.94 }, 'Q1').score).toBe(5);
  });
  it('takes manual points as entered, capped at the maximum; missing is 0 and flagged', () => {
    const org = DEFAULT_INDICATORS.find((i) => i.key === 'organisation')!;
    expect(indicatorPoints(org, { value: null, manual: 8.5 }, 'year')).toEqual({ score: 8.5, noData: false });
    expect(indicatorPoints(org, { value: null, manual: 12 }, 'year').score).toBe(10);
    expect(indicatorPoints(org, { value: null, manual: null }, 'year')).toEqual({ score: 0, noData: true });
    expect(indicatorPoints(org, { value: null, manual: 0 }, 'year')).toEqual({ score: 0, noData: false });
  });
});

describe('ranking and honours', () => {
  const rows = [
    { order: '3', total: 80 },
    { order: '1', total: 92.5 },
    { order: '2', total: 92.5 },
    { order: '4', total: 59.99 },
    { order: '5', total: 60 },
  ];
  it('ranks by total with ties sharing a rank (1, 1, 3 …), ties ordered by code', () => {
    expect(rank(rows).map((r) => [r.order, r.rank])).toEqual([
      ['1', 1],
      ['2', 1],
      ['3', 3],
      ['5', 4],
      ['4', 5],
    ]);
  });
  it('commends the top within the minimum and criticises below the line or at the bottom', () => {
    const ranked = rank(rows);
    const ranks = ranked.map((r) => r.rank);
    const h = (rule = DEFAULT_HONOURS) =>
      ranked.map((r) => [r.order, honourOf(r, rule, ranked.length, ranks)]);
    // 80 is third but under the 85 minimum; 59.99 is below 60, 60 is not.
    expect(h()).toEqual([
      ['1', 'commend'],
      ['2', 'commend'],
      ['3', null],
      ['5', null],
      ['4', 'criticise'],
    ]);
    expect(h({ commendTop: 1, commendMin: 0, criticiseBelow: 0, criticiseBottom: 2 })).toEqual([
      ['1', 'commend'],
      ['2', 'commend'],
      ['3', null],
      ['5', 'criticise'],
      ['4', 'criticise'],
    ]);
  });
});

describe('windows', () => {
  it('cuts a running period at today and refuses one not started', () => {
    const w = windowOf(2026, 'year', '2026-05-10');
    expect(w).toMatchObject({
      start: '2026-01-01',
      end: '2026-05-11',
      asOf: '2026-05-10',
      toMonth: '2026-05',
    });
    expect(w.quarters).toEqual(['2026-Q1', '2026-Q2']);
    const q4 = windowOf(2025, 'Q4', '2026-05-10');
    expect(q4).toMatchObject({ start: '2025-10-01', end: '2026-01-01', asOf: '2025-12-31' });
    expect(q4.quarters).toEqual(['2025-Q4']);
    expect(() => windowOf(2026, 'Q3', '2026-06-30')).toThrow(/尚未开始/);
    expect(windowOf(2026, 'Q3', '2026-07-01').quarters).toEqual(['2026-Q3']);
  });
});

describe('display and schemes', () => {
  it('shows a rate with its counts, and no data as such', () => {
    expect(rateDisplay(193, 200)).toBe('96.5%（193/200）');
    expect(rateDisplay(0, 0)).toBe('无数据');
  });
  it('the default scheme is valid and totals 100; a broken one is refused on the field', () => {
    const ok = schemeBody.safeParse({ year: 2026, indicators: DEFAULT_INDICATORS, honours: DEFAULT_HONOURS });
    expect(ok.success).toBe(true);
    const bad = schemeBody.safeParse({
      year: 2026,
      indicators: [linear({ zeroAt: 0.99 }), { ...linear(), key: 'x2', points: 80 }],
      honours: DEFAULT_HONOURS,
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('indicators.0.rule.fullAt');
    expect(paths).toContain('indicators');
  });
});
