/**
 * One rule for whether a calendar date a person enters is plausible: it exists, is not before
 * 2000-01-01 (no record on the platform is older) and not after today in China (UTC+8). Used by
 * the certificate, trace and sampling schemas and services alike.
 */

export const EARLIEST_DATE = '2000-01-01';

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

/** Why `value` falls before the record it depends on, or null; `what` names that record. */
export const notBefore = (value: string, earliest: string | null | undefined, what: string) =>
  earliest && value < earliest ? `不能早于${what}（${earliest}）` : null;
