import { and, eq, gte, like, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Scope } from '../accounts/scope.ts';
import { resultStatsMonths, resultStatsYearly } from './sample-table.ts';

export const DIMENSIONS = ['product', 'analyte', 'town', 'link', 'month', 'holder', 'taskKind'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface StatsFilter {
  year: number;
  kind: 'rapid' | 'lab' | 'all';
  townCode?: string;
}

type StatsTable = typeof resultStatsYearly | typeof resultStatsMonths;

/**
 * The rows of one whole year: from result_stats_yearly (a row per key and year, kept by triggers),
 * except by month, read from result_stats_months (a row per month, town and task kind of what the
 * month view counts, kept by triggers too). Every query here covers whole years.
 */
function yearCondition(t: StatsTable, year: number): SQL {
  return t === resultStatsYearly
    ? eq(resultStatsYearly.year, String(year))
    : (and(gte(resultStatsMonths.month, `${year}-01`), lt(resultStatsMonths.month, `${year + 1}-01`)) as SQL);
}

function where(t: StatsTable, scope: Scope, f: StatsFilter): SQL {
  return and(
    eq(t.districtCode, scope.districtCode),
    yearCondition(t, f.year),
    scope.kind === 'town' ? eq(t.townCode, scope.townCode) : undefined,
    scope.kind === 'village' ? like(t.townCode, `${scope.villageCode.slice(0, 9)}%`) : undefined,
    f.townCode ? eq(t.townCode, f.townCode) : undefined,
    f.kind === 'rapid'
      ? eq(t.taskKind, 'rapid_test')
      : f.kind === 'lab'
        ? sql`${t.taskKind} <> 'rapid_test'`
        : undefined,
  ) as SQL;
}

function keyColumn(t: typeof resultStatsYearly, dim: Exclude<Dimension, 'month'>): SQL {
  const col = {
    product: t.productCode,
    analyte: t.analyteCode,
    town: t.townCode,
    link: t.link,
    holder: t.holderCode,
    taskKind: t.taskKind,
  }[dim];
  return sql`${col}`;
}

/** Totals and failures grouped by one dimension, read from the pre-aggregated counts. */
export async function passRates(db: Db, scope: Scope, f: StatsFilter, dim: Dimension) {
  if (dim === 'month') return monthRates(db, scope, f);
  const t = resultStatsYearly;
  const key = keyColumn(t, dim);
  const rows = await db
    .select({
      key: sql<string>`${key}`,
      total: sql<number>`sum(${t.total})::int`,
      failed: sql<number>`sum(${t.failed})::int`,
      leads: sql<number>`sum(${t.leads})::int`,
      provisional: sql<number>`sum(${t.provisional})::int`,
    })
    .from(t)
    .where(
      and(
        where(t, scope, f),
        // Lab rows come per analyte and once per sample (analyte '*'): count samples except by analyte.
        dim === 'analyte'
          ? sql`${t.analyteCode} <> '*'`
          : sql`(${t.taskKind} = 'rapid_test' or ${t.analyteCode} = '*')`,
      ),
    )
    .groupBy(key)
    .orderBy(key);
  return rates(rows);
}

/**
 * Totals by month, from result_stats_months: it holds only what the month view counts (rapid tests,
 * and each lab sample once), per month, town and task kind.
 */
async function monthRates(db: Db, scope: Scope, f: StatsFilter) {
  const t = resultStatsMonths;
  const rows = await db
    .select({
      key: t.month,
      total: sql<number>`sum(${t.total})::int`,
      failed: sql<number>`sum(${t.failed})::int`,
      leads: sql<number>`sum(${t.leads})::int`,
      provisional: sql<number>`sum(${t.provisional})::int`,
    })
    .from(t)
    .where(where(t, scope, f))
    .groupBy(t.month)
    .orderBy(t.month);
  return rates(rows);
}

function rates(rows: { key: string; total: number; failed: number; leads: number; provisional: number }[]) {
  return rows.map((r) => ({
    key: r.key,
    total: Number(r.total),
    failed: Number(r.failed),
    leads: Number(r.leads),
    provisional: Number(r.provisional),
    passRate: Number(r.total) ? (Number(r.total) - Number(r.failed)) / Number(r.total) : null,
  }));
}

/** Tests done per holder and task kind in a year (for progress against quotas), from the yearly counts. */
export async function doneByHolder(db: Db, districtCode: string, year: number) {
  const t = resultStatsYearly;
  const rows = await db
    .select({
      holderCode: t.holderCode,
      taskKind: t.taskKind,
      done: sql<number>`sum(${t.total})::int`,
    })
    .from(t)
    .where(
      and(
        eq(t.districtCode, districtCode),
        yearCondition(t, year),
        // Lab results count once per sample: the per-sample row carries analyte '*'.
        sql`(${t.taskKind} = 'rapid_test' or ${t.analyteCode} = '*')`,
      ),
    )
    .groupBy(t.holderCode, t.taskKind);
  return rows.map((r) => ({ ...r, done: Number(r.done) }));
}
