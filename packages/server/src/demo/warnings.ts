import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { evaluateDistrict } from '../domains/warnings/evaluate.ts';

/**
 * Warnings follow the generated record as they do for real data: the rules run once over the
 * demo district (the hourly sweep would do the same at start-up). Returns the active count.
 */
export async function seedDemoWarnings(db: Db, districtCode: string): Promise<number> {
  await db.transaction((tx) => evaluateDistrict(tx, districtCode));
  const res = (await db.execute(
    sql`select count(*)::int as n from warnings where district_code = ${districtCode} and state <> 'resolved'`,
  )) as unknown as { rows: { n: number }[] };
  return Number(res.rows[0]?.n ?? 0);
}
