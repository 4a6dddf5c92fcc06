/**
 * Per-town figures for 考核, read from the platform's own tables over a window (window.ts).
 * Every query groups by town; the same definitions drive the drill-down (drill.ts).
 */

import type { Metric } from '@nongan/shared/assessment/schemas';
import { and, eq, gte, inArray, isNull, lt, lte, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { brandCertifications } from '../brands/table.ts';
import { cases } from '../cases/table.ts';
import { MUST_ISSUE_TYPES } from '../certificates/supervision.ts';
import { certificates } from '../certificates/table.ts';
import { entities } from '../entities/table.ts';
import { inspectionDuties } from '../inspections/table.ts';
import { getPlanByYear, planQuotaRows } from '../sampling/plan-repository.ts';
import { yearElapsed } from '../sampling/progress.ts';
import { resultStats } from '../sampling/sample-table.ts';
import { productionLots } from '../trace/table.ts';
import type { AssessWindow } from './window.ts';

/** A rate as num / den (value null when den is 0), or a count (den null). */
export interface Figure {
  value: number | null;
  num: number;
  den: number | null;
}
export type TownFigures = Map<string, Partial<Record<Metric, Figure>>>;

const rate = (num: number, den: number): Figure => ({ value: den > 0 ? num / den : null, num, den });

/** Entities that must issue certificates: enterprises and cooperatives, plus those in the trial. */
export const mustIssue = or(
  inArray(entities.type, MUST_ISSUE_TYPES),
  eq(entities.certificateTrial, true),
) as SQL;

/** A production lot under way or harvested inside the window: trace records kept then. */
export const lotInWindow = (w: AssessWindow) =>
  and(
    or(
      lt(productionLots.startedOn, w.end),
      and(isNull(productionLots.startedOn), lt(productionLots.createdAt, w.endTs)),
    ),
    or(isNull(productionLots.harvestDate), gte(productionLots.harvestDate, w.start)),
  ) as SQL;

/** Quarterly duties of the window's quarters that count: done, or past their due date. */
export const dutyCounts = (w: AssessWindow) =>
  or(eq(inspectionDuties.status, 'done'), lt(inspectionDuties.dueDate, w.end)) as SQL;

/** Quota due by the window's end for each town holder: the quota × the window's share of the year. */
export async function quotaExpected(db: Db, districtCode: string, w: AssessWindow) {
  const plan = await getPlanByYear(db, districtCode, w.year);
  if (!plan) return new Map<string, { kinds: Set<string>; expected: number }>();
  const share = yearElapsed(w.year, w.endTs) - yearElapsed(w.year, w.startTs);
  const out = new Map<string, { kinds: Set<string>; quota: number; expected: number }>();
  for (const q of await planQuotaRows(db, districtCode, plan.id)) {
    if (q.holderCode === districtCode) continue;
    const h = out.get(q.holderCode) ?? { kinds: new Set<string>(), quota: 0, expected: 0 };
    h.kinds.add(q.taskKind);
    h.quota += q.quota;
    out.set(q.holderCode, h);
  }
  for (const h of out.values()) h.expected = Math.round(h.quota * share);
  return out;
}

export async function townFigures(db: Db, districtCode: string, w: AssessWindow): Promise<TownFigures> {
  const months = and(
    eq(resultStats.districtCode, districtCode),
    gte(resultStats.month, w.fromMonth),
    lte(resultStats.month, w.toMonth),
  );
  const activeEntities = and(eq(entities.districtCode, districtCode), eq(entities.active, true));
  const n = (s: SQL) => sql<number>`${s}`.mapWith(Number);
  const [expected, done, lab, duties, certs, trace, brands, caseRows] = await Promise.all([
    quotaExpected(db, districtCode, w),
    db
      .select({
        town: resultStats.holderCode,
        kind: resultStats.taskKind,
        done: n(sql`sum(${resultStats.total})`),
      })
      .from(resultStats)
      .where(and(months, sql`(${resultStats.taskKind} = 'rapid_test' or ${resultStats.analyteCode} = '*')`))
      .groupBy(resultStats.holderCode, resultStats.taskKind),
    db
      .select({
        town: resultStats.townCode,
        total: n(sql`sum(${resultStats.total})`),
        failed: n(sql`sum(${resultStats.failed})`),
      })
      .from(resultStats)
      .where(and(months, ne(resultStats.taskKind, 'rapid_test'), eq(resultStats.analyteCode, '*')))
      .groupBy(resultStats.townCode),
    w.quarters.length
      ? db
          .select({
            town: inspectionDuties.townCode,
            due: n(sql`count(*) filter (where ${dutyCounts(w)})`),
            done: n(sql`count(*) filter (where ${inspectionDuties.status} = 'done')`),
          })
          .from(inspectionDuties)
          .where(
            and(
              eq(inspectionDuties.districtCode, districtCode),
              eq(inspectionDuties.kind, 'quarterly'),
              inArray(inspectionDuties.quarter, w.quarters),
            ),
          )
          .groupBy(inspectionDuties.townCode)
      : Promise.resolve([]),
    db
      .select({
        town: entities.townCode,
        den: n(sql`count(*)`),
        num: n(
          sql`count(*) filter (where exists (select 1 from ${certificates} where ${certificates.districtCode} = ${entities.districtCode} and ${certificates.entityId} = ${entities.id} and ${certificates.issueDate} >= ${w.start} and ${certificates.issueDate} < ${w.end}))`,
        ),
      })
      .from(entities)
      .where(and(activeEntities, mustIssue))
      .groupBy(entities.townCode),
    db
      .select({
        town: entities.townCode,
        den: n(sql`count(*)`),
        num: n(
          sql`count(*) filter (where exists (select 1 from ${productionLots} where ${productionLots.districtCode} = ${entities.districtCode} and ${productionLots.entityId} = ${entities.id} and ${lotInWindow(w)}))`,
        ),
      })
      .from(entities)
      .where(and(activeEntities, eq(entities.traceManaged, true)))
      .groupBy(entities.townCode),
    db
      .select({ town: brandCertifications.townCode, num: n(sql`count(*)`) })
      .from(brandCertifications)
      .where(
        and(
          eq(brandCertifications.districtCode, districtCode),
          isNull(brandCertifications.revokedAt),
          gte(brandCertifications.issuedOn, w.start),
          lt(brandCertifications.issuedOn, w.end),
        ),
      )
      .groupBy(brandCertifications.townCode),
    db
      .select({
        town: cases.townCode,
        den: n(sql`count(*)`),
        num: n(sql`count(*) filter (where ${cases.state} = 'closed' and ${cases.closedAt} < ${w.endTs})`),
      })
      .from(cases)
      .where(
        and(
          eq(cases.districtCode, districtCode),
          ne(cases.state, 'withdrawn'),
          gte(cases.createdAt, w.startTs),
          lt(cases.createdAt, w.endTs),
        ),
      )
      .groupBy(cases.townCode),
  ]);
  const out: TownFigures = new Map();
  const put = (town: string, m: Metric, f: Figure) => out.set(town, { ...out.get(town), [m]: f });
  const doneBy = new Map<string, number>();
  for (const d of done) {
    const h = expected.get(d.town);
    if (h?.kinds.has(d.kind)) doneBy.set(d.town, (doneBy.get(d.town) ?? 0) + d.done);
  }
  for (const [town, h] of expected) put(town, 'quota_completion', rate(doneBy.get(town) ?? 0, h.expected));
  for (const r of lab) put(r.town, 'pass_rate', rate(r.total - r.failed, r.total));
  for (const r of duties) put(r.town, 'inspection_coverage', rate(r.done, r.due));
  for (const r of certs) put(r.town, 'certificate_rate', rate(r.num, r.den));
  for (const r of trace) put(r.town, 'trace_rate', rate(r.num, r.den));
  for (const r of brands) put(r.town, 'brand_count', { value: r.num, num: r.num, den: null });
  for (const r of caseRows) put(r.town, 'case_closing', rate(r.num, r.den));
  return out;
}
