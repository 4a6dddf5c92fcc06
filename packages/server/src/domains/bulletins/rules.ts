/** Pure rules of the quarterly bulletin (季度通报): quarter periods and the life of a bulletin. */

export interface QuarterPeriod {
  year: number;
  quarter: number;
  /** China dates, inclusive. */
  from: string;
  to: string;
  /** YYYY-MM of the quarter's months (result_stats is kept per month). */
  months: string[];
  /** Instants bounding the quarter in China time: [start, end). */
  start: Date;
  end: Date;
  /** The inspection duties' quarter key, YYYY-Qn. */
  key: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const chinaInstant = (date: string) => new Date(`${date}T00:00:00+08:00`);

export function quarterPeriod(year: number, quarter: number): QuarterPeriod {
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw new RangeError(`quarter ${quarter}`);
  const m0 = (quarter - 1) * 3 + 1;
  const from = `${year}-${pad(m0)}-01`;
  const next = quarter === 4 ? `${year + 1}-01-01` : `${year}-${pad(m0 + 3)}-01`;
  const end = chinaInstant(next);
  const last = new Date(Date.parse(`${next}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return {
    year,
    quarter,
    from,
    to: last,
    months: [0, 1, 2].map((i) => `${year}-${pad(m0 + i)}`),
    start: chinaInstant(from),
    end,
    key: `${year}-Q${quarter}`,
  };
}

/** The quarter a China date (YYYY-MM-DD) falls in. */
export function quarterOf(date: string): { year: number; quarter: number } {
  return { year: Number(date.slice(0, 4)), quarter: Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1 };
}

/** The last quarter that has ended by a China date. */
export function lastEndedQuarter(today: string): { year: number; quarter: number } {
  const { year, quarter } = quarterOf(today);
  return quarter === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: quarter - 1 };
}

/**
 * Why a bulletin may not be made for a quarter (Chinese, for the field), or null: the quarter
 * must have begun (a quarter under way may be drafted; its figures are recomputed until issue).
 */
export function quarterRefusal(year: number, quarter: number, today: string): string | null {
  const p = quarterPeriod(year, quarter);
  if (p.from > today) return '该季度尚未开始';
  return null;
}

/** Why a bulletin may not be issued yet, or null: its quarter must have ended. */
export function issueRefusal(year: number, quarter: number, today: string): string | null {
  const p = quarterPeriod(year, quarter);
  if (p.to >= today) return `该季度至 ${p.to} 结束，结束后方可签发`;
  return null;
}

export type BulletinAction = 'edit' | 'recompute' | 'issue';

/** What may be done to a bulletin in a state: a draft is edited, recomputed and issued; an issued one is kept as it is. */
export function allowed(state: string, action: BulletinAction): boolean {
  return state === 'draft' && ['edit', 'recompute', 'issue'].includes(action);
}

/** Share of the year elapsed at the end of a quarter (0.25, 0.5, 0.75, 1). */
export const quarterElapsed = (quarter: number) => quarter / 4;

/** done / total as a rate 0..1, null without a total. */
export const rateOf = (part: number, total: number): number | null => (total > 0 ? part / total : null);

/** A rate as a percentage with `digits` decimals, or — without one. */
export const pct = (r: number | null, digits = 1) => (r === null ? '—' : `${(r * 100).toFixed(digits)}%`);
