import { and, eq, gte, like, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Scope } from '../accounts/scope.ts';
import { resultStats } from './sample-table.ts';

export const DIMENSIONS = ['product', 'analyte', 'town', 'link', 'month', 'holder', 'taskKind'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

const COLUMN: Record<Dimension, SQL> = {
  product: sql`${resultStats.productCode}`,
  analyte: sql`${resultStats.analyteCode}`,
  town: sql`${resultStats.townCode}`,
  link: sql`${resultStats.link}`,
  month: sql`${resultStats.month}`,
  holder: sql`${resultStats.holderCode}`,
  taskKind: sql`${resultStats.taskKind}`,
};

export interface StatsFilter {
  year: number;
  kind: 'rapid' | 'lab' | 'all';
  townCode?: string;
}

function where(scope: Scope, f: StatsFilter): SQL {
  return and(
    eq(resultStats.districtCode, scope.districtCode),
    gte(resultStats.month, `${f.year}-01`),
    lt(resultStats.month, `${f.year + 1}-01`),
    scope.kind === 'town' ? eq(resultStats.townCode, scope.townCode) : undefined,
    scope.kind === 'village' ? like(resultStats.townCode, `${scope.villageCode.slice(0, 9)}%`) : undefined,
    f.townCode ? eq(resultStats.townCode, f.townCode) : undefined,
    f.kind === 'rapid'
      ? eq(resultStats.taskKind, 'rapid_test')
      : f.kind === 'lab'
        ? sql`${resultStats.taskKind} <> 'rapid_test'`
        : undefined,
  ) as SQL;
}

/** Totals and failures grouped by one dimension, read from the pre-aggregated result_stats. */
export async function passRates(db: Db, scope: Scope, f: StatsFilter, dim: Dimension) {
  const key = COLUMN[dim];
  const rows = await db
    .select({
      key: sql<string>`${key}`,
      total: sql<number>`sum(${resultStats.total})::int`,
      failed: sql<number>`sum(${resultStats.failed})::int`,
      leads: sql<number>`sum(${resultStats.leads})::int`,
      provisional: sql<number>`sum(${resultStats.provisional})::int`,
    })
    .from(resultStats)
    .where(
      and(
        where(scope, f),
        // Lab rows come per analyte and once per sample (analyte '*'): count samples except by analyte.
        dim === 'analyte'
          ? sql`${resultStats.analyteCode} <> '*'`
          : sql`(${resultStats.taskKind} = 'rapid_test' or ${resultStats.analyteCode} = '*')`,
      ),
    )
    .groupBy(key)
    .orderBy(key);
  return rows.map((r) => ({
    key: r.key,
    total: Number(r.total),
    failed: Number(r.failed),
    leads: Number(r.leads),
    provisional: Number(r.provisional),
    passRate: Number(r.total) ? (Number(r.total) - Number(r.failed)) / Number(r.total) : null,
  }));
}

/** Tests done per holder and task kind in a year (for progress against quotas). */
export async function doneByHolder(db: Db, districtCode: string, year: number) {
  const rows = await db
    .select({
      holderCode: resultStats.holderCode,
      taskKind: resultStats.taskKind,
      done: sql<number>`sum(${resultStats.total})::int`,
    })
    .from(resultStats)
    .where(
      and(
        eq(resultStats.districtCode, districtCode),
        gte(resultStats.month, `${year}-01`),
        lt(resultStats.month, `${year + 1}-01`),
        // Lab results count once per sample: the per-sample row carries analyte '*'.
        sql`(${resultStats.taskKind} = 'rapid_test' or ${resultStats.analyteCode} = '*')`,
      ),
    )
    .groupBy(resultStats.holderCode, resultStats.taskKind);
  return rows.map((r) => ({ ...r, done: Number(r.done) }));
}
