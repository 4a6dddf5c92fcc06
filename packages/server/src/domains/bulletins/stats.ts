/** A quarter's district-wide figures: task progress, results, problems found and their handling. */

import type { BulletinFigures, ProblemRecord } from '@nongan/shared/bulletins/schemas';
import {
  CASE_STATE_LABELS,
  type CaseState,
  HOLD_STATUS_LABELS,
  type HoldStatus,
} from '@nongan/shared/cases/states';
import { TASK_KIND_LABELS, TASK_KINDS, type TaskKind } from '@nongan/shared/sampling/plans';
import { and, desc, eq, gte, inArray, isNotNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { entityNames } from '../campaigns/names.ts';
import { cases } from '../cases/table.ts';
import { townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { getPlanByYear, planQuotaRows } from '../sampling/plan-repository.ts';
import { labResults, lotHolds, resultStats, samples } from '../sampling/sample-table.ts';
import { analyteName, productLabel } from '../standards/catalog.ts';
import { chinaDate } from '../trace/rules.ts';
import { quarterElapsed, quarterPeriod, rateOf } from './rules.ts';
import { quarterMonths, statsByColumn, toDateMonths } from './town-facts.ts';

const int = (v: unknown) => Number(v ?? 0);
/** The failing and banned-drug samples listed by name in a bulletin (the counts cover them all). */
export const PROBLEM_RECORDS = 60;

export async function progressFigures(
  db: Db,
  districtCode: string,
  year: number,
  quarter: number,
): Promise<{ progress: BulletinFigures['progress']; targetPassRate: number | null }> {
  const p = quarterPeriod(year, quarter);
  const plan = await getPlanByYear(db, districtCode, year);
  const [quotas, inQuarter, toDate] = await Promise.all([
    plan ? planQuotaRows(db, districtCode, plan.id) : Promise.resolve([]),
    statsByColumn(db, districtCode, quarterMonths(p), resultStats.taskKind),
    statsByColumn(db, districtCode, toDateMonths(p), resultStats.taskKind),
  ]);
  const done = (rows: typeof inQuarter, k: string) =>
    rows.filter((r) => r.taskKind === k).reduce((s, r) => s + int(r.total), 0);
  const progress = TASK_KINDS.map((k: TaskKind) => {
    const quota = quotas.filter((q) => q.taskKind === k).reduce((s, q) => s + q.quota, 0);
    const doneToDate = done(toDate, k);
    return {
      taskKind: k,
      label: TASK_KIND_LABELS[k],
      quota,
      doneQuarter: done(inQuarter, k),
      doneToDate,
      rate: rateOf(doneToDate, quota),
      expected: Math.floor(quota * quarterElapsed(quarter)),
    };
  }).filter((r) => r.quota > 0 || r.doneToDate > 0);
  return { progress, targetPassRate: plan ? Number(plan.targetPassRate) : null };
}

export async function resultFigures(
  db: Db,
  districtCode: string,
  year: number,
  quarter: number,
): Promise<BulletinFigures['results']> {
  const p = quarterPeriod(year, quarter);
  const m = quarterMonths(p);
  const [byKind, byProduct] = await Promise.all([
    statsByColumn(db, districtCode, m, resultStats.taskKind),
    db
      .select({
        code: resultStats.productCode,
        total: sql<number>`sum(${resultStats.total})::int`,
        failed: sql<number>`sum(${resultStats.failed})::int`,
      })
      .from(resultStats)
      .where(
        and(
          eq(resultStats.districtCode, districtCode),
          gte(resultStats.month, m.from),
          lte(resultStats.month, m.to),
          sql`${resultStats.taskKind} <> 'rapid_test'`,
          eq(resultStats.analyteCode, '*'),
        ),
      )
      .groupBy(resultStats.productCode)
      .orderBy(
        sql`sum(${resultStats.failed}) desc`,
        sql`sum(${resultStats.total}) desc`,
        resultStats.productCode,
      )
      .limit(10),
  ]);
  const lab = byKind.filter((r) => r.taskKind !== 'rapid_test');
  const rapid = byKind.filter((r) => r.taskKind === 'rapid_test');
  const s = (rows: typeof byKind, k: 'total' | 'failed' | 'leads') => rows.reduce((a, r) => a + int(r[k]), 0);
  const labSamples = s(lab, 'total');
  const labFailed = s(lab, 'failed');
  return {
    labSamples,
    labFailed,
    passRate: rateOf(labSamples - labFailed, labSamples),
    rapidTests: s(rapid, 'total'),
    rapidPositive: s(rapid, 'failed'),
    bannedDetections: s(lab, 'leads'),
    byProduct: byProduct.map((r) => ({
      product: productLabel(r.code),
      total: int(r.total),
      failed: int(r.failed),
      passRate: rateOf(int(r.total) - int(r.failed), int(r.total)),
    })),
  };
}

/** Problems found in the quarter and how each was handled (case, held lot), as of now. */
export async function problemFigures(
  db: Db,
  districtCode: string,
  year: number,
  quarter: number,
): Promise<
  Omit<
    BulletinFigures['problems'],
    | 'inspections'
    | 'inspectionsWithProblems'
    | 'rectificationsOpened'
    | 'rectificationsClosed'
    | 'casesOpened'
    | 'casesClosed'
    | 'rapidPositive'
  >
> {
  const p = quarterPeriod(year, quarter);
  const from = sql`${p.start.toISOString()}::timestamptz`;
  const to = sql`${p.end.toISOString()}::timestamptz`;
  const [failing, holds] = await Promise.all([
    db
      .select({
        id: samples.id,
        sampleNo: samples.sampleNo,
        townCode: samples.townCode,
        entityId: samples.entityId,
        party: samples.sampledParty,
        productCode: samples.productCode,
        verdict: samples.verdict,
        hasLead: samples.hasLead,
        at: samples.sampledAt,
      })
      .from(samples)
      .where(
        and(
          eq(samples.districtCode, districtCode),
          gte(samples.sampledAt, p.start),
          lt(samples.sampledAt, p.end),
          or(eq(samples.verdict, 'fail'), eq(samples.hasLead, true)),
        ),
      )
      .orderBy(desc(samples.sampledAt), samples.sampleNo),
    db
      .select({
        opened: sql<number>`count(*) filter (where ${lotHolds.createdAt} >= ${from} and ${lotHolds.createdAt} < ${to})::int`,
        disposed: sql<number>`count(*) filter (where ${lotHolds.status} <> 'held' and coalesce(${lotHolds.disposedAt}, ${lotHolds.releasedAt}) >= ${from} and coalesce(${lotHolds.disposedAt}, ${lotHolds.releasedAt}) < ${to})::int`,
      })
      .from(lotHolds)
      .where(eq(lotHolds.districtCode, districtCode)),
  ]);
  const listed = failing.slice(0, PROBLEM_RECORDS);
  const ids = listed.map((f) => f.id);
  const [failedAnalytes, caseRows, holdRows, towns, names] = await Promise.all([
    ids.length
      ? db
          .select({
            sampleId: labResults.sampleId,
            code: labResults.analyteCode,
            verdict: labResults.verdict,
            lead: labResults.leadKind,
          })
          .from(labResults)
          .where(
            and(
              eq(labResults.districtCode, districtCode),
              inArray(labResults.sampleId, ids),
              or(eq(labResults.verdict, 'fail'), isNotNull(labResults.leadKind)),
            ),
          )
      : Promise.resolve([]),
    ids.length
      ? db
          .select({ sourceId: cases.sourceId, caseNo: cases.caseNo, state: cases.state })
          .from(cases)
          .where(
            and(
              eq(cases.districtCode, districtCode),
              eq(cases.sourceType, 'sample'),
              inArray(cases.sourceId, ids),
            ),
          )
      : Promise.resolve([]),
    ids.length
      ? db
          .select({ sourceId: lotHolds.sourceId, status: lotHolds.status })
          .from(lotHolds)
          .where(
            and(
              eq(lotHolds.districtCode, districtCode),
              eq(lotHolds.sourceType, 'sample'),
              inArray(lotHolds.sourceId, ids),
            ),
          )
      : Promise.resolve([]),
    divisionNames(
      db,
      listed.map((f) => f.townCode),
    ),
    entityNames(
      db,
      listed.flatMap((f) => (f.entityId ? [f.entityId] : [])),
    ),
  ]);
  const records: ProblemRecord[] = listed.map((f) => {
    const analytes = failedAnalytes.filter((a) => a.sampleId === f.id);
    const handling = [
      ...caseRows
        .filter((c) => c.sourceId === f.id)
        .map((c) => `案件 ${c.caseNo}（${CASE_STATE_LABELS[c.state as CaseState] ?? '办理中'}）`),
      ...holdRows
        .filter((h) => h.sourceId === f.id)
        .map((h) => `控制批次${HOLD_STATUS_LABELS[h.status as HoldStatus] ?? ''}`),
    ];
    return {
      kind: f.verdict === 'fail' ? 'failed_sample' : 'banned_detection',
      label: `样品 ${f.sampleNo}`,
      townName: townName(towns, f.townCode),
      party: (f.entityId ? names.get(f.entityId) : null) ?? f.party ?? '',
      product: productLabel(f.productCode),
      detail:
        [
          ...new Set(
            analytes.map(
              (a) => analyteName(a.code) + (a.lead && a.verdict !== 'fail' ? '（禁限用检出）' : ''),
            ),
          ),
        ].join('、') || (f.verdict === 'fail' ? '不合格' : '禁限用药物检出'),
      at: chinaDate(f.at),
      handling: handling.join('；') || '待处置',
    };
  });
  return {
    failedSamples: failing.filter((f) => f.verdict === 'fail').length,
    holdsOpened: int(holds[0]?.opened),
    holdsDisposed: int(holds[0]?.disposed),
    records,
  };
}
