import type { Period } from '@nongan/shared/assessment/schemas';
import { fieldError } from '../../platform/http-error.ts';
import { addDays } from '../inspections/duties.ts';

/** The days an assessment covers: the period, cut at today while it runs. */
export interface AssessWindow {
  year: number;
  period: Period;
  /** First day (YYYY-MM-DD), included. */
  start: string;
  /** Day after the last day counted (YYYY-MM-DD), excluded. */
  end: string;
  /** The last day counted. */
  asOf: string;
  startTs: Date;
  endTs: Date;
  /** YYYY-MM of the first and last month touched, both included. */
  fromMonth: string;
  toMonth: string;
  /** YYYY-Qn quarters touched. */
  quarters: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');
export const chinaMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`);

/** The window of a year or quarter as of `today`; 400 on `period` if it has not started. */
export function windowOf(year: number, period: Period, today: string): AssessWindow {
  const q = period === 'year' ? null : Number(period.slice(1));
  const startMonth = q ? (q - 1) * 3 + 1 : 1;
  const endMonth = q ? startMonth + 2 : 12;
  const start = `${year}-${pad(startMonth)}-01`;
  const periodEnd = endMonth === 12 ? `${year + 1}-01-01` : `${year}-${pad(endMonth + 1)}-01`;
  if (start > today) throw fieldError('period', `${year}年${period === 'year' ? '' : period}尚未开始`);
  const tomorrow = addDays(today, 1);
  // YYYY-MM-DD strings order as dates: the earlier of the two.
  const end = [periodEnd, tomorrow].sort()[0] as string;
  const asOf = addDays(end, -1);
  const quarters: string[] = [];
  for (let m = startMonth; m <= Number(asOf.slice(5, 7)) && m <= endMonth; m += 3)
    quarters.push(`${year}-Q${Math.floor((m - 1) / 3) + 1}`);
  return {
    year,
    period,
    start,
    end,
    asOf,
    startTs: chinaMidnight(start),
    endTs: chinaMidnight(end),
    fromMonth: start.slice(0, 7),
    toMonth: asOf.slice(0, 7),
    quarters,
  };
}
