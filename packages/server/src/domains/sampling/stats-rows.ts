import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { resultStats } from './sample-table.ts';

export interface StatDelta {
  districtCode: string;
  day: string;
  townCode: string;
  holderCode: string;
  taskKind: string;
  productCode: string;
  analyteCode: string;
  link: string;
  total: number;
  failed: number;
}

/** Day (YYYY-MM-DD) in China Standard Time, the day a result counts for. */
export function cstDay(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Folds deltas with the same key together (pure), so one upsert per key is sent. */
export function foldDeltas(deltas: StatDelta[]): StatDelta[] {
  const map = new Map<string, StatDelta>();
  for (const d of deltas) {
    const key = [d.districtCode, d.day, d.townCode, d.holderCode, d.taskKind, d.productCode, d.analyteCode, d.link].join('|');
    const cur = map.get(key);
    if (cur) {
      cur.total += d.total;
      cur.failed += d.failed;
    } else map.set(key, { ...d });
  }
  return [...map.values()];
}

/** Adds result counts in the caller's transaction. */
export async function addStats(tx: Db, deltas: StatDelta[]): Promise<void> {
  const rows = foldDeltas(deltas);
  for (let i = 0; i < rows.length; i += 500) {
    await tx
      .insert(resultStats)
      .values(rows.slice(i, i + 500))
      .onConflictDoUpdate({
        target: [
          resultStats.districtCode,
          resultStats.day,
          resultStats.townCode,
          resultStats.holderCode,
          resultStats.taskKind,
          resultStats.productCode,
          resultStats.analyteCode,
          resultStats.link,
        ],
        set: {
          total: sql`${resultStats.total} + excluded.total`,
          failed: sql`${resultStats.failed} + excluded.failed`,
        },
      });
  }
}
