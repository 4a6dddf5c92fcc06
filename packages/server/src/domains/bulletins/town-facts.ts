/** A quarter's figures per town, read from the domains' tables (the bulletin's town table and ranking). */

import type { TownFacts } from '@nongan/shared/bulletins/schemas';
import { and, eq, gte, lt, lte, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { cases } from '../cases/table.ts';
import { inspectionDuties, inspections, rectifications } from '../inspections/table.ts';
import { listDivisions } from '../regions/repository.ts';
import { getPlanByYear, planQuotaRows } from '../sampling/plan-repository.ts';
import { resultStats } from '../sampling/sample-table.ts';
import { type QuarterPeriod, quarterPeriod, rateOf } from './rules.ts';

const int = (v: unknown) => Number(v ?? 0);

/** Sums of result_stats over months, by a column; lab rows once per sample (analyte '*'). */
export function statsByColumn(
  db: Db,
  districtCode: string,
  months: { from: string; to: string },
  column: typeof resultStats.townCode | typeof resultStats.holderCode | typeof resultStats.taskKind,
) {
  return db
    .select({
      key: sql<string>`${column}`,
      taskKind: resultStats.taskKind,
      total: sql<number>`sum(${resultStats.total})::int`,
      failed: sql<number>`sum(${resultStats.failed})::int`,
      leads: sql<number>`sum(${resultStats.leads})::int`,
    })
    .from(resultStats)
    .where(
      and(
        eq(resultStats.districtCode, districtCode),
        gte(resultStats.month, months.from),
        lte(resultStats.month, months.to),
        sql`(${resultStats.taskKind} = 'rapid_test' or ${resultStats.analyteCode} = '*')`,
      ),
    )
    .groupBy(column, resultStats.taskKind);
}

/** The quarter's months, and January to the quarter's last month. */
export const quarterMonths = (p: QuarterPeriod) => ({ from: p.months[0]!, to: p.months[2]! });
export const toDateMonths = (p: QuarterPeriod) => ({ from: `${p.year}-01`, to: p.months[2]! });

/** Every active town of the district with the quarter's figures (towns without data show zeros). */
export async function townFactsOf(
  db: Db,
  districtCode: string,
  year: number,
  quarter: number,
): Promise<TownFacts[]> {
  const p = quarterPeriod(year, quarter);
  const inRange = (col: AnyPgColumn) => and(gte(col, p.start), lt(col, p.end));
  const plan = await getPlanByYear(db, districtCode, year);
  const [
    towns,
    quarterStats,
    rapidToDate,
    quotas,
    duties,
    insp,
    rectOpened,
    rectClosed,
    caseOpened,
    caseClosed,
  ] = await Promise.all([
    listDivisions(db, { districtCode, level: 'town' }),
    statsByColumn(db, districtCode, quarterMonths(p), resultStats.townCode),
    statsByColumn(db, districtCode, toDateMonths(p), resultStats.holderCode),
    plan ? planQuotaRows(db, districtCode, plan.id) : Promise.resolve([]),
    db
      .select({
        town: inspectionDuties.townCode,
        n: sql<number>`count(*)::int`,
        done: sql<number>`count(*) filter (where ${inspectionDuties.status} = 'done')::int`,
      })
      .from(inspectionDuties)
      .where(
        and(
          eq(inspectionDuties.districtCode, districtCode),
          eq(inspectionDuties.kind, 'quarterly'),
          eq(inspectionDuties.quarter, p.key),
        ),
      )
      .groupBy(inspectionDuties.townCode),
    db
      .select({
        town: inspections.townCode,
        n: sql<number>`count(*)::int`,
        problems: sql<number>`count(*) filter (where ${inspections.failedCount} > 0)::int`,
      })
      .from(inspections)
      .where(and(eq(inspections.districtCode, districtCode), inRange(inspections.inspectedAt)))
      .groupBy(inspections.townCode),
    countBy(
      db,
      rectifications,
      rectifications.townCode,
      and(eq(rectifications.districtCode, districtCode), inRange(rectifications.createdAt)),
    ),
    countBy(
      db,
      rectifications,
      rectifications.townCode,
      and(
        eq(rectifications.districtCode, districtCode),
        eq(rectifications.status, 'closed'),
        inRange(rectifications.closedAt),
      ),
    ),
    countBy(db, cases, cases.townCode, and(eq(cases.districtCode, districtCode), inRange(cases.createdAt))),
    countBy(
      db,
      cases,
      cases.townCode,
      and(eq(cases.districtCode, districtCode), eq(cases.state, 'closed'), inRange(cases.closedAt)),
    ),
  ]);
  const stat = (town: string, rapid: boolean) =>
    quarterStats.filter((s) => s.key === town && (s.taskKind === 'rapid_test') === rapid);
  const sum = (rows: { total: number; failed: number }[], k: 'total' | 'failed') =>
    rows.reduce((s, r) => s + int(r[k]), 0);
  const map = <T extends { town: string }>(rows: T[]) => new Map(rows.map((r) => [r.town, r]));
  const dutyMap = map(duties);
  const inspMap = map(insp);
  return towns.map((t) => {
    const rapid = stat(t.code, true);
    const lab = stat(t.code, false);
    const labSamples = sum(lab, 'total');
    const labFailed = sum(lab, 'failed');
    return {
      townCode: t.code,
      townName: t.name,
      rapidQuota: quotas
        .filter((q) => q.holderCode === t.code && q.taskKind === 'rapid_test')
        .reduce((s, q) => s + q.quota, 0),
      rapidToDate: rapidToDate
        .filter((r) => r.key === t.code && r.taskKind === 'rapid_test')
        .reduce((s, r) => s + int(r.total), 0),
      rapidQuarter: sum(rapid, 'total'),
      rapidPositive: sum(rapid, 'failed'),
      labSamples,
      labFailed,
      passRate: rateOf(labSamples - labFailed, labSamples),
      duties: int(dutyMap.get(t.code)?.n),
      dutiesDone: int(dutyMap.get(t.code)?.done),
      inspections: int(inspMap.get(t.code)?.n),
      inspectionsWithProblems: int(inspMap.get(t.code)?.problems),
      rectificationsOpened: rectOpened.get(t.code) ?? 0,
      rectificationsClosed: rectClosed.get(t.code) ?? 0,
      casesOpened: caseOpened.get(t.code) ?? 0,
      casesClosed: caseClosed.get(t.code) ?? 0,
    };
  });
}

async function countBy(
  db: Db,
  table: typeof rectifications | typeof cases,
  column: typeof rectifications.townCode | typeof cases.townCode,
  where: ReturnType<typeof and>,
): Promise<Map<string, number>> {
  const rows = await db
    .select({ key: sql<string>`${column}`, n: sql<number>`count(*)::int` })
    .from(table)
    .where(where)
    .groupBy(column);
  return new Map(rows.map((r) => [r.key, int(r.n)]));
}
