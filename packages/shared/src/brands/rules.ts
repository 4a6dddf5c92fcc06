import type { BrandStatus } from './schemas.ts';

const DAY = 86_400_000;
/** Whole days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/**
 * A certification's status on `today`: revoked wins; past its valid-until date it is expired; within
 * the district's reminder window it is expiring. The valid-until day itself still counts as valid.
 */
export function brandStatus(
  c: { validUntil: string; revoked: boolean },
  today: string,
  remindDays: number,
): BrandStatus {
  if (c.revoked) return 'revoked';
  const left = daysBetween(today, c.validUntil);
  if (left < 0) return 'expired';
  return left <= remindDays ? 'expiring' : 'valid';
}

/** The date `days` after `today`, for the SQL side of the same rule. */
export const addDays = (today: string, days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
