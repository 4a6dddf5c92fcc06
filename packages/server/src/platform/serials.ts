import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { serials } from './serial-table.ts';

/**
 * Reserves `count` consecutive numbers of a counter and returns the first. One atomic
 * upsert: concurrent callers queue on the counter's row, so no two get the same number.
 */
export async function reserveSerials(
  db: Db,
  districtCode: string,
  name: string,
  year: number,
  count = 1,
): Promise<number> {
  const [row] = await db
    .insert(serials)
    .values({ districtCode, name, year, last: count })
    .onConflictDoUpdate({
      target: [serials.districtCode, serials.name, serials.year],
      set: { last: sql`${serials.last} + ${count}` },
    })
    .returning({ last: serials.last });
  return (row?.last ?? count) - count + 1;
}

/** e.g. formatSerial('KJ', '500151', 2021, 42) → KJ500151-2021-000042 */
export function formatSerial(prefix: string, districtCode: string, year: number, n: number): string {
  return `${prefix}${districtCode}-${year}-${String(n).padStart(6, '0')}`;
}
