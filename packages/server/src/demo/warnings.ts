import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { WARNING_EVENTS, warningConsumer } from '../domains/warnings/consumers.ts';
import { evaluateDistrict } from '../domains/warnings/evaluate.ts';

/**
 * Warnings follow the generated record as they do for real data: the rules run once over the
 * demo district (the hourly sweep would do the same at start-up). Returns the active count.
 */
export async function seedDemoWarnings(db: Db, districtCode: string): Promise<number> {
  await db.transaction(async (tx) => {
    await evaluateDistrict(tx, districtCode);
    // That full evaluation covers every event the seeding emitted: mark them consumed by the
    // warnings consumer, or the first start would re-evaluate the district once per event.
    await tx.execute(sql`
      update domain_events set consumed_by = array_append(consumed_by, ${warningConsumer.name}::text)
      where district_code = ${districtCode}
        and type in (${sql.join(
          WARNING_EVENTS.map((t) => sql`${t}`),
          sql`, `,
        )})
        and not (${warningConsumer.name} = any(consumed_by))`);
  });
  const res = (await db.execute(
    sql`select count(*)::int as n from warnings where district_code = ${districtCode} and state <> 'resolved'`,
  )) as unknown as { rows: { n: number }[] };
  return Number(res.rows[0]?.n ?? 0);
}
