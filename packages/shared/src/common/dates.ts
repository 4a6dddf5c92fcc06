import { z } from 'zod';

/** Nothing the platform records (tests, samples, lots) predates this day. */
export const EARLIEST_DATE = '2000-01-01';
const EARLIEST_MS = Date.parse(`${EARLIEST_DATE}T00:00:00+08:00`);
/** Clock skew allowed between a phone and the server. */
const SKEW_MS = 5 * 60_000;

/** Whether a calendar date (YYYY-MM-DD) is real, not before 2000-01-01 and not after `today`. */
export function isPlausibleDate(d: string, today: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const t = Date.parse(`${d}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== d) return false;
  return d >= EARLIEST_DATE && d <= today;
}

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
