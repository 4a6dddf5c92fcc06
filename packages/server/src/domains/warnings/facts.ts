/** The facts each rule (rules.ts) needs, read from the domains' tables for one district. */

import { BRAND_KIND_LABELS, type BrandKind } from '@nongan/shared/brands/schemas';
import { OPEN_STATES } from '@nongan/shared/cases/states';
import { TASK_KIND_LABELS, type TaskKind } from '@nongan/shared/sampling/plans';
import type { EvidenceRecord } from '@nongan/shared/warnings/schemas';
import { and, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { brandCertifications } from '../brands/table.ts';
import { holdDueOn } from '../cases/holds.ts';
import { getCaseSettings } from '../cases/settings.ts';
import { cases } from '../cases/table.ts';
import { COPY_NETWORKS, copyWindowStart, scanEvidenceSql } from '../certificates/scan-service.ts';
import { mismatches } from '../certificates/supervision.ts';
import { certificateScans, certificates } from '../certificates/table.ts';
import { entities } from '../entities/table.ts';
import { inspectionDuties, rectifications } from '../inspections/table.ts';
import { holderName, townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { getPlanByYear, planQuotaRows } from '../sampling/plan-repository.ts';
import { yearElapsed } from '../sampling/progress.ts';
import { labResults, lotHolds, rapidTests, resultStats, samples } from '../sampling/sample-table.ts';
import { doneByHolder } from '../sampling/stats-repository.ts';
import { analyteName, productLabel } from '../standards/catalog.ts';
import { addDays, chinaDate } from '../trace/rules.ts';
import type {
  BrandExpiryFact,
  MismatchFact,
  OverdueFact,
  OverdueRecord,
  PassRateFact,
  QuotaPaceFact,
  RepeatFailureFact,
  ScanFact,
} from './rules.ts';

const EVIDENCE_PER_SCOPE = 10;
const yearStart = (year: number) => new Date(`${year}-01-01T00:00:00+08:00`);
export const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);

/** Year-to-date lab pass rates by town, product and analyte, with the latest failing samples of each. */
export async function passRateFacts(db: Db, districtCode: string, year: number): Promise<PassRateFact[]> {
  const inYear = and(
    eq(resultStats.districtCode, districtCode),
    gte(resultStats.month, `${year}-01`),
    lt(resultStats.month, `${year + 1}-01`),
    sql`${resultStats.taskKind} <> 'rapid_test'`,
  );
  const sums = {
    total: sql<number>`sum(${resultStats.total})::int`,
    failed: sql<number>`sum(${resultStats.failed})::int`,
  };
  const [byTown, byProduct, byAnalyte, failing] = await Promise.all([
    db
      .select({ code: resultStats.townCode, ...sums })
      .from(resultStats)
      .where(and(inYear, eq(resultStats.analyteCode, '*')))
      .groupBy(resultStats.townCode),
    db
      .select({ code: resultStats.productCode, ...sums })
      .from(resultStats)
      .where(and(inYear, eq(resultStats.analyteCode, '*')))
      .groupBy(resultStats.productCode),
    db
      .select({ code: resultStats.analyteCode, ...sums })
      .from(resultStats)
      .where(and(inYear, sql`${resultStats.analyteCode} <> '*'`))
      .groupBy(resultStats.analyteCode),
    db
      .select({
        id: samples.id,
        sampleNo: samples.sampleNo,
        townCode: samples.townCode,
        productCode: samples.productCode,
        sampledAt: samples.sampledAt,
      })
      .from(samples)
      .where(
        and(
          eq(samples.districtCode, districtCode),
          eq(samples.verdict, 'fail'),
          gte(samples.sampledAt, yearStart(year)),
          lt(samples.sampledAt, yearStart(year + 1)),
        ),
      )
      .orderBy(desc(samples.sampledAt))
      .limit(1000),
  ]);
  const analytes = failing.length
    ? await db
        .select({ sampleId: labResults.sampleId, code: labResults.analyteCode })
        .from(labResults)
        .where(
          and(
            eq(labResults.districtCode, districtCode),
            eq(labResults.verdict, 'fail'),
            inArray(
              labResults.sampleId,
              failing.map((f) => f.id),
            ),
          ),
        )
    : [];
  const record = (f: (typeof failing)[number]): EvidenceRecord => ({
    type: 'sample',
    id: f.id,
    label: `样品 ${f.sampleNo}（${productLabel(f.productCode)}，${chinaDate(f.sampledAt)}）`,
  });
  const latest = (pick: (f: (typeof failing)[number]) => boolean) =>
    failing.filter(pick).slice(0, EVIDENCE_PER_SCOPE).map(record);
  const towns = await divisionNames(
    db,
    byTown.map((t) => t.code),
  );
  const fact = (dim: PassRateFact['dim'], r: { code: string; total: number; failed: number }) => ({
    dim,
    code: r.code,
    year,
    total: Number(r.total),
    failed: Number(r.failed),
  });
  return [
    ...byTown.map((r) => ({
      ...fact('town', r),
      name: townName(towns, r.code),
      townCode: r.code,
      failures: latest((f) => f.townCode === r.code),
    })),
    ...byProduct.map((r) => ({
      ...fact('product', r),
      name: productLabel(r.code),
      townCode: null,
      failures: latest((f) => f.productCode === r.code),
    })),
    ...byAnalyte.map((r) => {
      const ids = new Set(analytes.filter((a) => a.code === r.code).map((a) => a.sampleId));
      return {
        ...fact('analyte', r),
        name: analyteName(r.code) ?? r.code,
        townCode: null,
        failures: latest((f) => ids.has(f.id)),
      };
    }),
  ];
}

/**
 * Failing lab samples and positive rapid tests per entity since a day. A positive the lab
 * confirmed counts once (by its sample); one the lab cleared does not count.
 */
export async function repeatFailureFacts(
  db: Db,
  districtCode: string,
  since: Date,
): Promise<RepeatFailureFact[]> {
  const [labs, rapids] = await Promise.all([
    db
      .select({
        id: samples.id,
        no: samples.sampleNo,
        entityId: samples.entityId,
        productCode: samples.productCode,
        at: samples.sampledAt,
      })
      .from(samples)
      .where(
        and(
          eq(samples.districtCode, districtCode),
          eq(samples.verdict, 'fail'),
          isNotNull(samples.entityId),
          gte(samples.sampledAt, since),
        ),
      ),
    db
      .select({
        id: rapidTests.id,
        no: rapidTests.testNo,
        entityId: rapidTests.entityId,
        productCode: rapidTests.productCode,
        at: rapidTests.testedAt,
      })
      .from(rapidTests)
      .where(
        and(
          eq(rapidTests.districtCode, districtCode),
          eq(rapidTests.result, 'positive'),
          isNotNull(rapidTests.entityId),
          gte(rapidTests.testedAt, since),
          sql`coalesce(${rapidTests.followUp}, '') not in ('confirmed', 'cleared')`,
        ),
      ),
  ]);
  const byEntity = new Map<string, { at: Date; rec: EvidenceRecord }[]>();
  const add = (entityId: string, at: Date, rec: EvidenceRecord) =>
    byEntity.set(entityId, [...(byEntity.get(entityId) ?? []), { at, rec }]);
  for (const s of labs)
    add(s.entityId as string, s.at, {
      type: 'sample',
      id: s.id,
      label: `抽检不合格：样品 ${s.no}（${productLabel(s.productCode)}，${chinaDate(s.at)}）`,
    });
  for (const r of rapids)
    add(r.entityId as string, r.at, {
      type: 'rapid_test',
      id: r.id,
      label: `快检阳性：${r.no}（${productLabel(r.productCode)}，${chinaDate(r.at)}）`,
    });
  const repeated = [...byEntity].filter(([, list]) => list.length >= 2);
  if (repeated.length === 0) return [];
  const ents = await db
    .select({ id: entities.id, name: entities.name, townCode: entities.townCode })
    .from(entities)
    .where(
      and(
        eq(entities.districtCode, districtCode),
        inArray(
          entities.id,
          repeated.map(([id]) => id),
        ),
      ),
    );
  return ents.map((e) => ({
    entityId: e.id,
    entityName: e.name,
    townCode: e.townCode,
    failures: (byEntity.get(e.id) ?? []).sort((a, b) => b.at.getTime() - a.at.getTime()).map((x) => x.rec),
  }));
}

/** Done vs quota of this year's plan per holder and task kind. */
export async function quotaPaceFacts(db: Db, districtCode: string, now: Date): Promise<QuotaPaceFact[]> {
  const year = Number(chinaDate(now).slice(0, 4));
  const plan = await getPlanByYear(db, districtCode, year);
  if (!plan) return [];
  const [quotas, done] = await Promise.all([
    planQuotaRows(db, districtCode, plan.id),
    doneByHolder(db, districtCode, year),
  ]);
  const doneMap = new Map(done.map((d) => [`${d.taskKind}|${d.holderCode}`, d.done]));
  const names = await divisionNames(
    db,
    quotas.map((q) => q.holderCode),
  );
  const elapsed = yearElapsed(year, now);
  return quotas.map((q) => ({
    holderCode: q.holderCode,
    holderName: holderName(names, q.holderCode, districtCode),
    townCode: q.holderCode === districtCode ? null : q.holderCode,
    taskKind: q.taskKind,
    taskLabel: TASK_KIND_LABELS[q.taskKind as TaskKind] ?? q.taskKind,
    done: doneMap.get(`${q.taskKind}|${q.holderCode}`) ?? 0,
    quota: q.quota,
    elapsed,
  }));
}

/** Certificates of the last `days` contradicted by a failing sample (the 承诺与抽检不符 rule). */
export async function mismatchFacts(
  db: Db,
  districtCode: string,
  today: string,
  days: number,
  windowDays: number,
): Promise<MismatchFact[]> {
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
  const { items } = await mismatches(db, { kind: 'district', districtCode }, { from, to: today, windowDays });
  if (items.length === 0) return [];
  const ents = await db
    .select({ id: entities.id, townCode: entities.townCode })
    .from(entities)
    .where(
      and(
        eq(entities.districtCode, districtCode),
        inArray(entities.id, [...new Set(items.map((i) => i.entityId))]),
      ),
    );
  const town = new Map(ents.map((e) => [e.id, e.townCode]));
  const byEntity = new Map<string, MismatchFact>();
  for (const i of items) {
    const f = byEntity.get(i.entityId) ?? {
      entityId: i.entityId,
      entityName: i.entityName,
      townCode: town.get(i.entityId) ?? '',
      pairs: [],
    };
    f.pairs.push({
      certificateId: i.certificateId,
      certNo: i.certNo,
      productName: i.productName,
      sampleId: i.sampleId,
      sampleNo: i.sampleNo,
      daysApart: i.daysApart,
    });
    byEntity.set(i.entityId, f);
  }
  return [...byEntity.values()].filter((f) => f.townCode);
}

/** Open rectifications, cases, held lots and duties already past their deadline, per town. */
export async function overdueFacts(db: Db, districtCode: string, today: string): Promise<OverdueFact[]> {
  const { holdDays } = await getCaseSettings(db, districtCode);
  const [rects, openCases, holds, duties] = await Promise.all([
    db
      .select({
        inspectionId: rectifications.inspectionId,
        id: rectifications.id,
        townCode: rectifications.townCode,
        dueOn: rectifications.deadline,
        name: sql<string>`(select ${entities.name} from ${entities} where ${entities.districtCode} = ${rectifications.districtCode} and ${entities.id} = ${rectifications.entityId})`,
      })
      .from(rectifications)
      .where(
        and(
          eq(rectifications.districtCode, districtCode),
          eq(rectifications.status, 'open'),
          lt(rectifications.deadline, today),
        ),
      ),
    db
      .select({
        id: cases.id,
        townCode: cases.townCode,
        dueOn: cases.dueOn,
        caseNo: cases.caseNo,
        title: cases.title,
      })
      .from(cases)
      .where(
        and(
          eq(cases.districtCode, districtCode),
          inArray(cases.state, [...OPEN_STATES]),
          isNotNull(cases.dueOn),
          lt(cases.dueOn, today),
        ),
      ),
    db
      .select({
        id: lotHolds.id,
        townCode: lotHolds.townCode,
        productCode: lotHolds.productCode,
        createdAt: lotHolds.createdAt,
        name: sql<
          string | null
        >`(select ${entities.name} from ${entities} where ${entities.districtCode} = ${lotHolds.districtCode} and ${entities.id} = ${lotHolds.entityId})`,
      })
      .from(lotHolds)
      .where(and(eq(lotHolds.districtCode, districtCode), eq(lotHolds.status, 'held'))),
    db
      .select({
        id: inspectionDuties.id,
        townCode: inspectionDuties.townCode,
        dueOn: inspectionDuties.dueDate,
        quarter: inspectionDuties.quarter,
        name: sql<string>`(select ${entities.name} from ${entities} where ${entities.districtCode} = ${inspectionDuties.districtCode} and ${entities.id} = ${inspectionDuties.entityId})`,
      })
      .from(inspectionDuties)
      .where(
        and(
          eq(inspectionDuties.districtCode, districtCode),
          eq(inspectionDuties.status, 'open'),
          lt(inspectionDuties.dueDate, today),
        ),
      ),
  ]);
  const groups = new Map<string, OverdueFact>();
  const put = (kind: OverdueFact['kind'], townCode: string, r: OverdueRecord) => {
    const key = `${kind}|${townCode}`;
    const g = groups.get(key) ?? { kind, townCode, townName: '', records: [] };
    g.records.push(r);
    groups.set(key, g);
  };
  for (const r of rects)
    put('overdue_rectification', r.townCode, {
      type: 'inspection',
      id: r.inspectionId,
      label: `${r.name ?? ''}整改`,
      dueOn: r.dueOn,
    });
  for (const c of openCases)
    put('overdue_case', c.townCode, {
      type: 'case',
      id: c.id,
      label: `案件 ${c.caseNo} ${c.title}`,
      dueOn: c.dueOn!,
    });
  for (const h of holds) {
    const due = holdDueOn(h.createdAt, holdDays);
    if (due < today)
      put('overdue_hold', h.townCode, {
        type: 'hold',
        id: h.id,
        label: `${h.name ?? ''} ${productLabel(h.productCode)} 控制批次`.trim(),
        dueOn: due,
      });
  }
  for (const d of duties)
    put('overdue_duty', d.townCode, {
      type: 'duty',
      id: d.id,
      label: `${d.name ?? ''} ${d.quarter} 巡查`,
      dueOn: d.dueOn,
    });
  const names = await divisionNames(
    db,
    [...groups.values()].map((g) => g.townCode),
  );
  return [...groups.values()].map((g) => ({ ...g, townName: townName(names, g.townCode) }));
}

/**
 * Certificates scanned from more networks than the scan page's copy bar allows, in its window. The
 * window's scans are counted per certificate first (from `certificate_scans_at_idx` alone), and
 * only the few over the bar are counted in detail and joined to their certificates.
 */
export async function scanFacts(db: Db, districtCode: string, now: Date): Promise<ScanFact[]> {
  const since = copyWindowStart(now);
  const ev = scanEvidenceSql(since);
  const inWindow = and(eq(certificateScans.districtCode, districtCode), gte(certificateScans.at, since));
  // More than COPY_NETWORKS distinct networks needs more than that many scans: a plain count first
  // leaves the few certificates worth counting distinct networks and days for.
  const busy = db
    .$with('busy')
    .as(
      db
        .select({ id: certificateScans.certificateId })
        .from(certificateScans)
        .where(inWindow)
        .groupBy(certificateScans.certificateId)
        .having(sql`count(*) > ${COPY_NETWORKS}`),
    );
  const hot = db.$with('hot').as(
    db
      .select({
        certificateId: certificateScans.certificateId,
        recentNetworks: ev.recentNetworks.as('recent_networks'),
        recentDays: ev.recentDays.as('recent_days'),
      })
      .from(certificateScans)
      .where(and(inWindow, inArray(certificateScans.certificateId, db.select({ id: busy.id }).from(busy))))
      .groupBy(certificateScans.certificateId)
      .having(sql`count(distinct ${certificateScans.network}) > ${COPY_NETWORKS}`),
  );
  const rows = await db
    .with(busy, hot)
    .select({
      certificateId: certificates.id,
      certNo: certificates.certNo,
      entityName: certificates.promiser,
      productName: certificates.productName,
      townCode: certificates.townCode,
      labelCount: certificates.labelCount,
      recentNetworks: hot.recentNetworks,
      recentDays: hot.recentDays,
    })
    .from(hot)
    .innerJoin(
      certificates,
      and(eq(certificates.districtCode, districtCode), eq(certificates.id, hot.certificateId)),
    );
  return rows.map((r) => ({
    ...r,
    recentNetworks: Number(r.recentNetworks),
    recentDays: Number(r.recentDays),
  }));
}

/**
 * Brand certifications in force (not revoked) ending within `days`, or ended in the last 30 days
 * (an older lapse is history, not a warning).
 */
export async function brandExpiryFacts(
  db: Db,
  districtCode: string,
  today: string,
  days: number,
): Promise<BrandExpiryFact[]> {
  const rows = await db
    .select({
      id: brandCertifications.id,
      kind: brandCertifications.kind,
      certNo: brandCertifications.certNo,
      townCode: brandCertifications.townCode,
      validUntil: brandCertifications.validUntil,
      entityName: entities.name,
    })
    .from(brandCertifications)
    .innerJoin(
      entities,
      and(
        eq(entities.districtCode, brandCertifications.districtCode),
        eq(entities.id, brandCertifications.entityId),
      ),
    )
    .where(
      and(
        eq(brandCertifications.districtCode, districtCode),
        isNull(brandCertifications.revokedAt),
        gte(brandCertifications.validUntil, addDays(today, -30)),
        lte(brandCertifications.validUntil, addDays(today, days)),
      ),
    );
  return rows.map((r) => ({
    certificationId: r.id,
    label: `${BRAND_KIND_LABELS[r.kind as BrandKind] ?? '品牌'}证书（${r.certNo}）`,
    entityName: r.entityName,
    townCode: r.townCode,
    expiresOn: r.validUntil,
  }));
}
