/** 考核 scoring: pure formulas from a metric value to points, ranking and honours. */

import {
  COUNT_METRICS,
  type HonourRule,
  type Indicator,
  type Period,
} from '@nongan/shared/assessment/schemas';

/** Two decimals, halves away from zero (so 7.125 → 7.13 whatever the float). */
export const round2 = (x: number) => (Math.sign(x) * Math.round(Math.abs(x) * 100 + 1e-9)) / 100;

/** Share of the year a period covers: 1 for the year, ¼ for a quarter. */
export const periodShare = (period: Period) => (period === 'year' ? 1 : 0.25);

/** 0 at or below zeroAt, full at or above fullAt, linear between. */
export function linearPoints(value: number, zeroAt: number, fullAt: number, points: number): number {
  if (value >= fullAt) return points;
  if (value <= zeroAt) return 0;
  return round2((points * (value - zeroAt)) / (fullAt - zeroAt));
}

/** Full points at or above fullAt, otherwise the partial share. */
export function thresholdPoints(value: number, fullAt: number, partial: number, points: number): number {
  return value >= fullAt ? points : round2(points * partial);
}

export interface ScoreInput {
  /** The metric's value (rate 0..1 or a count); null without data. */
  value: number | null;
  /** A manual item's entered points; null when not entered. */
  manual?: number | null;
}

/**
 * An indicator's points for a town. A count's thresholds are per year and scale with the period
 * (a quarter needs a quarter of them). Without data the rule says full or zero; a manual item not
 * entered scores 0 and is flagged. Entered points above the maximum are capped.
 */
export function indicatorPoints(
  ind: Indicator,
  input: ScoreInput,
  period: Period,
): { score: number; noData: boolean } {
  const r = ind.rule;
  if (r.kind === 'manual') {
    if (input.manual === null || input.manual === undefined) return { score: 0, noData: true };
    return { score: round2(Math.min(ind.points, Math.max(0, input.manual))), noData: false };
  }
  if (input.value === null) return { score: r.noData === 'full' ? ind.points : 0, noData: true };
  const scale = COUNT_METRICS.includes(r.metric) ? periodShare(period) : 1;
  const score =
    r.kind === 'linear'
      ? linearPoints(input.value, r.zeroAt * scale, r.fullAt * scale, ind.points)
      : thresholdPoints(input.value, r.fullAt * scale, r.partial, ind.points);
  return { score, noData: false };
}

/**
 * Competition ranking by total, highest first (1, 2, 2, 4); ties keep `order` (the town code)
 * for display. Totals are compared at two decimals.
 */
export function rank<T extends { total: number; order: string }>(rows: T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort(
    (a, b) => round2(b.total) - round2(a.total) || a.order.localeCompare(b.order),
  );
  let last = Number.NaN;
  let lastRank = 0;
  return sorted.map((r, i) => {
    const t = round2(r.total);
    if (t !== last) lastRank = i + 1;
    last = t;
    return { ...r, rank: lastRank };
  });
}

/**
 * 通报表扬 / 通报批评 by the scheme's rule: commended are in the first `commendTop` ranks and reach
 * `commendMin`; criticised fall below `criticiseBelow` or into the last `criticiseBottom` ranks
 * (ties included). Nobody is both: a commendation wins.
 */
export function honourOf(
  r: { rank: number; total: number },
  rule: HonourRule,
  towns: number,
  lastRanks: number[],
): 'commend' | 'criticise' | null {
  if (r.rank <= rule.commendTop && r.total >= rule.commendMin) return 'commend';
  if (r.total < rule.criticiseBelow) return 'criticise';
  if (rule.criticiseBottom > 0 && towns > 0) {
    const cut = lastRanks[Math.max(0, lastRanks.length - rule.criticiseBottom)];
    if (cut !== undefined && r.rank >= cut) return 'criticise';
  }
  return null;
}

/** Percent with one decimal and the counts, as pages show a rate. */
export function rateDisplay(num: number, den: number): string {
  if (den === 0) return '无数据';
  return `${(Math.floor((num / den) * 1000 + 1e-9) / 10).toFixed(1)}%（${num}/${den}）`;
}
