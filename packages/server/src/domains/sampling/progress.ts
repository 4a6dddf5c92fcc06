/** Share of the year elapsed at a date (China Standard Time), 0..1; before/after the year clamps. */
export function yearElapsed(year: number, at: Date): number {
  const start = Date.UTC(year, 0, 1) - 8 * 3600_000;
  const end = Date.UTC(year + 1, 0, 1) - 8 * 3600_000;
  return Math.min(1, Math.max(0, (at.getTime() - start) / (end - start)));
}

export interface Progress {
  done: number;
  quota: number;
  /** done / quota, 0..∞ (null without a quota) */
  rate: number | null;
  /** quota × share of the year elapsed, rounded down */
  expectedByNow: number;
  /** behind the pace of the year */
  behind: boolean;
}

export function progressOf(done: number, quota: number, elapsed: number): Progress {
  const expectedByNow = Math.floor(quota * elapsed);
  return { done, quota, rate: quota > 0 ? done / quota : null, expectedByNow, behind: done < expectedByNow };
}
