import { and, asc, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Scope } from '../accounts/scope.ts';
import { placeScope } from '../accounts/scope-sql.ts';
import { entityNames } from '../entities/repository.ts';
import { divisionNames } from '../regions/repository.ts';
import { productName } from '../standards/catalog.ts';
import { reference } from '../standards/reference.ts';
import { labResults, samples } from './sample-table.ts';

type Row = typeof samples.$inferSelect;

export function sampleWhere(scope: Scope): SQL {
  // By town for village users: a sample's village is optional, its town is not.
  return placeScope(scope, { ...samples, villageCode: undefined });
}

export async function sampleViews(db: Db, rows: Row[]) {
  const names = await divisionNames(
    db,
    rows.map((r) => r.townCode),
  );
  const entName = await entityNames(
    db,
    rows.map((r) => r.entityId),
  );
  return rows.map((r) => ({
    id: r.id,
    sampleNo: r.sampleNo,
    taskKind: r.taskKind,
    townCode: r.townCode,
    townName: names.get(r.townCode) ?? null,
    entityId: r.entityId,
    entityName: r.entityId ? (entName.get(r.entityId) ?? null) : null,
    sampledParty: r.sampledParty,
    productCode: r.productCode,
    productName: productName(r.productCode),
    link: r.link,
    sampler: r.sampler,
    sampledAt: r.sampledAt.toISOString(),
    quantity: r.quantity,
    quantityUnit: r.quantityUnit,
    sealNo: r.sealNo,
    lotRef: r.lotRef,
    status: r.status,
    verdict: r.verdict,
    hasPhoto: r.photo !== null,
  }));
}

export async function searchSamples(
  db: Db,
  scope: Scope,
  q: { page: number; pageSize: number; year?: number; townCode?: string; result?: string; product?: string },
) {
  const where = and(
    sampleWhere(scope),
    q.year ? gte(samples.sampledAt, new Date(`${q.year}-01-01T00:00:00+08:00`)) : undefined,
    q.year ? lt(samples.sampledAt, new Date(`${q.year + 1}-01-01T00:00:00+08:00`)) : undefined,
    q.townCode ? eq(samples.townCode, q.townCode) : undefined,
    q.result === 'pass' || q.result === 'fail' || q.result === 'no_limit'
      ? eq(samples.verdict, q.result)
      : undefined,
    q.product ? eq(samples.productCode, q.product) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(samples)
      .where(where)
      .orderBy(desc(samples.sampledAt), desc(samples.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(samples).where(where),
  ]);
  return {
    items: await sampleViews(db, rows),
    total: Number(total?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function sampleResults(db: Db, s: Row) {
  const rows = await db
    .select()
    .from(labResults)
    .where(and(eq(labResults.districtCode, s.districtCode), eq(labResults.sampleId, s.id)))
    .orderBy(asc(labResults.analyteCode));
  return rows.map((r) => ({
    analyteCode: r.analyteCode,
    analyteName: reference.analytes.get(r.analyteCode)?.name ?? r.analyteCode,
    value: r.value,
    unit: r.unit,
    lod: r.lod,
    methodStandard: r.methodStandard,
    verdict: r.verdict,
    limitMgKg: r.limitMgKg,
    limitCitation: r.limitCitation,
    testedAt: r.testedAt.toISOString(),
  }));
}
