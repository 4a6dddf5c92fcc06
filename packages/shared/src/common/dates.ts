import { z } from 'zod';

/**
 * One rule for whether a date or time a person records is plausible: it exists, is not before
 * 2000-01-01 (no record on the platform is older) and not after today in China (UTC+8). Used by
 * the certificate, trace and sampling schemas and services alike.
 */

export const EARLIEST_DATE = '2000-01-01';
const EARLIEST_MS = Date.parse(`${EARLIEST_DATE}T00:00:00+08:00`);
/** Clock skew allowed between a phone and the server. */
const SKEW_MS = 5 * 60_000;

/** Today's date in China (UTC+8), YYYY-MM-DD. */
export const chinaToday = (now = new Date()) =>
  new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Whether `s` is a YYYY-MM-DD date that exists on the calendar (no 2026-02-30). */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** Why a date is implausible (Chinese, for a field issue), or null when it is acceptable. */
export function plausibleDate(value: string, today: string = chinaToday()): string | null {
  if (!isCalendarDate(value)) return `“${value}”不是有效日期`;
  if (value < EARLIEST_DATE) return `不能早于 ${EARLIEST_DATE}`;
  if (value > today) return `不能晚于今天（${today}）`;
  return null;
}

/** Whether a calendar date is real, not before 2000-01-01 and not after `today`. */
export const isPlausibleDate = (d: string, today: string = chinaToday()) => plausibleDate(d, today) === null;

/** Why `value` falls before the record it depends on, or null; `what` names that record. */
export const notBefore = (value: string, earliest: string | null | undefined, what: string) =>
  earliest && value < earliest ? `不能早于${what}（${earliest}）` : null;

/** Whether an instant (ISO date-time) is not before 2000-01-01 (China time) and not in the future. */
export function isPlausibleInstant(v: string, now = Date.now()): boolean {
  const t = Date.parse(v);
  return !Number.isNaN(t) && t >= EARLIEST_MS && t <= now + SKEW_MS;
}

/** Zod refinement for recorded instants; the message names the rule, zod names the field. */
export const plausibleInstant = <T extends z.ZodType<string>>(s: T) =>
  s.refine((v) => isPlausibleInstant(v), `应在 ${EARLIEST_DATE} 之后且不晚于当前时间`);

/** An ISO date-time with offset that is plausible for a record made now. */
export const recordedAt = plausibleInstant(
  z.iso.datetime({ offset: true, message: '应为带时区的时间，如 2021-06-01T09:30:00+08:00' }),
);
