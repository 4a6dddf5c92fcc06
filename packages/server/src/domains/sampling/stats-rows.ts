import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { resultStats } from './sample-table.ts';

export interface StatDelta {
  districtCode: string;
  month: string;
  townCode: string;
  holderCode: string;
  taskKind: string;
  productCode: string;
  analyteCode: string;
  link: string;
  total: number;
  failed: number;
  /** Samples ('*') or results with a 禁限用药物检出 lead; 0 when absent. */
  leads?: number;
  /** Samples ('*') or results judged provisionally; 0 when absent. */
  provisional?: number;
}

/** Day (YYYY-MM-DD) in China Standard Time. */
export function cstDay(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Counts summed by key as they come (one entry per key), so a big import keeps no delta per row. */
export class StatTally {
  private readonly map = new Map<string, StatDelta>();
  add(d: StatDelta): void {
    const key = `${d.districtCode}|${d.month}|${d.townCode}|${d.holderCode}|${d.taskKind}|${d.productCode}|${d.analyteCode}|${d.link}`;
    const cur = this.map.get(key);
    if (cur) {
      cur.total += d.total;
      cur.failed += d.failed;
      cur.leads = (cur.leads ?? 0) + (d.leads ?? 0);
      cur.provisional = (cur.provisional ?? 0) + (d.provisional ?? 0);
    } else this.map.set(key, { ...d, leads: d.leads ?? 0, provisional: d.provisional ?? 0 });
  }
  deltas(): StatDelta[] {
    return [...this.map.values()];
  }
}

/** Folds deltas with the same key together (pure), so one upsert per key is sent. */
export function foldDeltas(deltas: StatDelta[]): StatDelta[] {
  const tally = new StatTally();
  for (const d of deltas) tally.add(d);
  return tally.deltas();
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
          resultStats.month,
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
          leads: sql`${resultStats.leads} + excluded.leads`,
          provisional: sql`${resultStats.provisional} + excluded.provisional`,
        },
      });
  }
}

/**
 * Recomputes a district's result_stats from the result tables: for repair, and to check that
 * the counts kept on write agree with the data.
 */
export async function rebuildStats(db: Db, districtCode: string): Promise<void> {
  const month = (col: string) => sql.raw(`to_char(${col} at time zone 'Asia/Shanghai', 'YYYY-MM')`);
  await db.transaction(async (tx) => {
    await tx.execute(sql`delete from result_stats where district_code = ${districtCode}`);
    await tx.execute(sql`
      insert into result_stats (district_code, month, town_code, holder_code, task_kind, product_code, analyte_code, link, total, failed)
      select district_code, ${month('tested_at')}, town_code, holder_code, 'rapid_test', product_code, 'rapid:' || method, link,
             count(*)::int, (count(*) filter (where result = 'positive'))::int
      from rapid_tests where district_code = ${districtCode}
      group by 1, 2, 3, 4, 5, 6, 7, 8`);
    await tx.execute(sql`
      insert into result_stats (district_code, month, town_code, holder_code, task_kind, product_code, analyte_code, link, total, failed, leads, provisional)
      select district_code, ${month('sampled_at')}, town_code, district_code, task_kind, product_code, '*', link,
             count(*)::int, (count(*) filter (where verdict = 'fail'))::int,
             (count(*) filter (where has_lead))::int, (count(*) filter (where provisional))::int
      from samples where district_code = ${districtCode} and status in ('verified', 'reported')
      group by 1, 2, 3, 4, 5, 6, 7, 8`);
    await tx.execute(sql`
      insert into result_stats (district_code, month, town_code, holder_code, task_kind, product_code, analyte_code, link, total, failed, leads, provisional)
      select s.district_code, ${month('s.sampled_at')}, s.town_code, s.district_code, s.task_kind, s.product_code, r.analyte_code, s.link,
             count(*)::int, (count(*) filter (where r.verdict = 'fail'))::int,
             (count(*) filter (where r.lead_kind is not null))::int, (count(*) filter (where r.provisional))::int
      from lab_results r join samples s on s.district_code = r.district_code and s.id = r.sample_id
      where r.district_code = ${districtCode} and s.status in ('verified', 'reported')
      group by 1, 2, 3, 4, 5, 6, 7, 8`);
  });
}

/** Month (YYYY-MM) in China Standard Time, the month a result counts for. */
export const cstMonth = (d: Date): string => cstDay(d).slice(0, 7);
