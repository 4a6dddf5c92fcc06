/** The records behind a town's score on one indicator, a page at a time (names, never ids). */

import type { DrillRecord, Metric } from '@nongan/shared/assessment/schemas';
import { BRAND_KIND_LABELS, type BrandKind } from '@nongan/shared/brands/schemas';
import { CASE_STATE_LABELS, type CaseState } from '@nongan/shared/cases/states';
import { MISSING_NAME } from '@nongan/shared/common/missing';
import { and, asc, desc, eq, gte, inArray, isNull, lt, ne, type SQL, sql } from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { brandCertifications } from '../brands/table.ts';
import { cases } from '../cases/table.ts';
import { certificates } from '../certificates/table.ts';
import { entities } from '../entities/table.ts';
import { inspectionDuties } from '../inspections/table.ts';
import { rapidTests, samples } from '../sampling/sample-table.ts';
import { productLabel } from '../standards/catalog.ts';
import { chinaDate } from '../trace/rules.ts';
import { productionLots } from '../trace/table.ts';
import { dutyCounts, lotInWindow, mustIssue, quotaExpected } from './metrics.ts';
import type { AssessWindow } from './window.ts';

export interface DrillPage {
  items: DrillRecord[];
  total: number;
}
type Paging = { page: number; pageSize: number };

const entityName = (districtCol: unknown, idCol: unknown) =>
  sql<
    string | null
  >`(select ${entities.name} from ${entities} where ${entities.districtCode} = ${districtCol} and ${entities.id} = ${idCol})`;
const product = productLabel;

async function paged<T>(
  db: Db,
  table: Parameters<ReturnType<Db['select']>['from']>[0],
  where: SQL,
  select: () => PgSelect,
  p: Paging,
): Promise<{ rows: T[]; total: number }> {
  const [c] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(table)
    .where(where);
  const rows = (await select()
    .limit(p.pageSize)
    .offset((p.page - 1) * p.pageSize)) as unknown as T[];
  return { rows, total: c?.n ?? 0 };
}

export const EXPLAIN: Record<Metric, string> = {
  quota_completion: '本镇街承担的快检任务在统计期内已完成的批次 ÷ 按年度任务量折算到统计期的应完成数。',
  pass_rate: '本镇街统计期内定量监测（已审核）样品中合格批次 ÷ 样品总数。',
  inspection_coverage:
    '统计期内各季度全覆盖巡查任务中已完成 ÷ 已到期或已完成的任务（未到期且未完成的不计）。',
  certificate_rate: '应开具合格证主体（企业、合作社及纳入试行的主体）中统计期内开具过合格证的主体占比。',
  trace_rate: '纳入追溯管理的主体中统计期内有生产批次记录的主体占比。',
  brand_count: '统计期内新获且未撤销的“两品一标”等认证证书数（全年目标按季度折算）。',
  case_closing: '统计期内立案（不含撤销）的案件中已办结的占比。',
};

/** The records behind one metric for a town over the window. */
export async function drillMetric(
  db: Db,
  districtCode: string,
  townCode: string,
  metric: Metric,
  w: AssessWindow,
  p: Paging,
): Promise<DrillPage> {
  const d = districtCode;
  switch (metric) {
    case 'quota_completion': {
      const held = (await quotaExpected(db, d, w)).get(townCode);
      if (!held?.kinds.has('rapid_test')) return { items: [], total: 0 };
      const where = and(
        eq(rapidTests.districtCode, d),
        eq(rapidTests.holderCode, townCode),
        gte(rapidTests.testedAt, w.startTs),
        lt(rapidTests.testedAt, w.endTs),
      ) as SQL;
      const { rows, total } = await paged<{
        id: string;
        no: string;
        productCode: string;
        result: string;
        at: Date;
        name: string | null;
        party: string | null;
      }>(
        db,
        rapidTests,
        where,
        () =>
          db
            .select({
              id: rapidTests.id,
              no: rapidTests.testNo,
              productCode: rapidTests.productCode,
              result: rapidTests.result,
              at: rapidTests.testedAt,
              name: entityName(rapidTests.districtCode, rapidTests.entityId),
              party: rapidTests.sampledParty,
            })
            .from(rapidTests)
            .where(where)
            .orderBy(desc(rapidTests.testedAt), asc(rapidTests.id))
            .$dynamic(),
        p,
      );
      return {
        total,
        items: rows.map((r) => ({
          key: r.id,
          label: `快检 ${r.no}`,
          detail: `${product(r.productCode)}，${r.name ?? r.party ?? MISSING_NAME.entity}`,
          date: chinaDate(r.at),
          ok: true,
          status: r.result === 'positive' ? '完成（阳性）' : '完成',
          type: 'rapid_test',
          id: r.id,
        })),
      };
    }
    case 'pass_rate': {
      const where = and(
        eq(samples.districtCode, d),
        eq(samples.townCode, townCode),
        sql`${samples.verdict} is not null`,
        gte(samples.sampledAt, w.startTs),
        lt(samples.sampledAt, w.endTs),
      ) as SQL;
      const { rows, total } = await paged<{
        id: string;
        no: string;
        productCode: string;
        verdict: string;
        at: Date;
        name: string | null;
        party: string | null;
      }>(
        db,
        samples,
        where,
        () =>
          db
            .select({
              id: samples.id,
              no: samples.sampleNo,
              productCode: samples.productCode,
              verdict: samples.verdict,
              at: samples.sampledAt,
              name: entityName(samples.districtCode, samples.entityId),
              party: samples.sampledParty,
            })
            .from(samples)
            .where(where)
            .orderBy(
              sql`case when ${samples.verdict} = 'fail' then 0 else 1 end`,
              desc(samples.sampledAt),
              asc(samples.id),
            )
            .$dynamic(),
        p,
      );
      return {
        total,
        items: rows.map((r) => ({
          key: r.id,
          label: `样品 ${r.no}`,
          detail: `${product(r.productCode)}，${r.name ?? r.party ?? MISSING_NAME.entity}`,
          date: chinaDate(r.at),
          ok: r.verdict !== 'fail',
          status: r.verdict === 'fail' ? '不合格' : '合格',
          type: 'sample',
          id: r.id,
        })),
      };
    }
    case 'inspection_coverage': {
      if (w.quarters.length === 0) return { items: [], total: 0 };
      const where = and(
        eq(inspectionDuties.districtCode, d),
        eq(inspectionDuties.townCode, townCode),
        eq(inspectionDuties.kind, 'quarterly'),
        inArray(inspectionDuties.quarter, w.quarters),
        dutyCounts(w),
      ) as SQL;
      const { rows, total } = await paged<{
        id: string;
        quarter: string;
        status: string;
        dueDate: string;
        doneAt: Date | null;
        inspectionId: string | null;
        name: string | null;
      }>(
        db,
        inspectionDuties,
        where,
        () =>
          db
            .select({
              id: inspectionDuties.id,
              quarter: inspectionDuties.quarter,
              status: inspectionDuties.status,
              dueDate: inspectionDuties.dueDate,
              doneAt: inspectionDuties.doneAt,
              inspectionId: inspectionDuties.inspectionId,
              name: entityName(inspectionDuties.districtCode, inspectionDuties.entityId),
            })
            .from(inspectionDuties)
            .where(where)
            .orderBy(
              sql`case when ${inspectionDuties.status} = 'done' then 1 else 0 end`,
              asc(inspectionDuties.quarter),
              asc(inspectionDuties.id),
            )
            .$dynamic(),
        p,
      );
      return {
        total,
        items: rows.map((r) => {
          const done = r.status === 'done';
          return {
            key: r.id,
            label: r.name ?? '主体',
            detail: `${r.quarter.replace('-Q', '年第')}季度巡查`,
            date: done && r.doneAt ? chinaDate(r.doneAt) : r.dueDate,
            ok: done,
            status: done ? '已巡查' : '逾期未巡查',
            type: done && r.inspectionId ? 'inspection' : 'entity',
            id: done && r.inspectionId ? r.inspectionId : null,
          };
        }),
      };
    }
    case 'certificate_rate':
    case 'trace_rate': {
      const certs = metric === 'certificate_rate';
      const count = certs
        ? sql<number>`(select count(*) from ${certificates} where ${certificates.districtCode} = ${entities.districtCode} and ${certificates.entityId} = ${entities.id} and ${certificates.issueDate} >= ${w.start} and ${certificates.issueDate} < ${w.end})`.mapWith(
            Number,
          )
        : sql<number>`(select count(*) from ${productionLots} where ${productionLots.districtCode} = ${entities.districtCode} and ${productionLots.entityId} = ${entities.id} and ${lotInWindow(w)})`.mapWith(
            Number,
          );
      const where = and(
        eq(entities.districtCode, d),
        eq(entities.townCode, townCode),
        eq(entities.active, true),
        certs ? mustIssue : eq(entities.traceManaged, true),
      ) as SQL;
      const { rows, total } = await paged<{ id: string; name: string; n: number }>(
        db,
        entities,
        where,
        () =>
          db
            .select({ id: entities.id, name: entities.name, n: count })
            .from(entities)
            .where(where)
            .orderBy(sql`case when ${count} > 0 then 1 else 0 end`, asc(entities.name), asc(entities.id))
            .$dynamic(),
        p,
      );
      const unit = certs ? '张合格证' : '个生产批次';
      return {
        total,
        items: rows.map((r) => ({
          key: r.id,
          label: r.name,
          detail: `统计期内${r.n}${unit}`,
          date: null,
          ok: r.n > 0,
          status: r.n > 0 ? (certs ? '已开具' : '有记录') : certs ? '未开具' : '无记录',
          type: 'entity',
          id: r.id,
        })),
      };
    }
    case 'brand_count': {
      const where = and(
        eq(brandCertifications.districtCode, d),
        eq(brandCertifications.townCode, townCode),
        isNull(brandCertifications.revokedAt),
        gte(brandCertifications.issuedOn, w.start),
        lt(brandCertifications.issuedOn, w.end),
      ) as SQL;
      const { rows, total } = await paged<{
        id: string;
        kind: string;
        certNo: string;
        issuedOn: string;
        name: string | null;
      }>(
        db,
        brandCertifications,
        where,
        () =>
          db
            .select({
              id: brandCertifications.id,
              kind: brandCertifications.kind,
              certNo: brandCertifications.certNo,
              issuedOn: brandCertifications.issuedOn,
              name: entityName(brandCertifications.districtCode, brandCertifications.entityId),
            })
            .from(brandCertifications)
            .where(where)
            .orderBy(desc(brandCertifications.issuedOn), asc(brandCertifications.id))
            .$dynamic(),
        p,
      );
      return {
        total,
        items: rows.map((r) => ({
          key: r.id,
          label: `${BRAND_KIND_LABELS[r.kind as BrandKind] ?? '认证'} ${r.certNo}`,
          detail: r.name ?? '',
          date: r.issuedOn,
          ok: true,
          status: '新获认证',
          type: 'brand',
          id: r.id,
        })),
      };
    }
    case 'case_closing': {
      const where = and(
        eq(cases.districtCode, d),
        eq(cases.townCode, townCode),
        ne(cases.state, 'withdrawn'),
        gte(cases.createdAt, w.startTs),
        lt(cases.createdAt, w.endTs),
      ) as SQL;
      const { rows, total } = await paged<{
        id: string;
        caseNo: string;
        title: string;
        state: string;
        closedAt: Date | null;
        createdAt: Date;
      }>(
        db,
        cases,
        where,
        () =>
          db
            .select({
              id: cases.id,
              caseNo: cases.caseNo,
              title: cases.title,
              state: cases.state,
              closedAt: cases.closedAt,
              createdAt: cases.createdAt,
            })
            .from(cases)
            .where(where)
            .orderBy(
              sql`case when ${cases.state} = 'closed' then 1 else 0 end`,
              desc(cases.createdAt),
              asc(cases.id),
            )
            .$dynamic(),
        p,
      );
      return {
        total,
        items: rows.map((r) => {
          const closed = r.state === 'closed' && !!r.closedAt && r.closedAt < w.endTs;
          return {
            key: r.id,
            label: `案件 ${r.caseNo}`,
            detail: r.title,
            date: chinaDate(closed && r.closedAt ? r.closedAt : r.createdAt),
            ok: closed,
            status: closed ? '已办结' : (CASE_STATE_LABELS[r.state as CaseState] ?? '办理中'),
            type: 'case',
            id: r.id,
          };
        }),
      };
    }
  }
}
