import { and, count, desc, eq, gte, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../platform/http-error.ts';
import type { Scope } from '../accounts/scope.ts';
import { placeScope } from '../accounts/scope-sql.ts';
import { firstAuditAfter } from '../audit/repository.ts';
import { userNames } from '../campaigns/names.ts';
import { entityNames } from '../entities/repository.ts';
import { holderName, townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { productName } from '../standards/catalog.ts';
import { rapidTests } from './sample-table.ts';

type Row = typeof rapidTests.$inferSelect;

const scopeWhere = (scope: Scope) => placeScope(scope, rapidTests);

async function views(db: Db, rows: Row[]) {
  const names = await divisionNames(
    db,
    rows.flatMap((r) => [r.townCode, r.holderCode]),
  );
  const entName = await entityNames(
    db,
    rows.map((r) => r.entityId),
  );
  return rows.map((r) => ({
    id: r.id,
    testNo: r.testNo,
    holderCode: r.holderCode,
    holderName: holderName(names, r.holderCode, r.districtCode),
    townCode: r.townCode,
    townName: townName(names, r.townCode),
    entityId: r.entityId,
    entityName: r.entityId ? (entName.get(r.entityId) ?? null) : null,
    sampledParty: r.sampledParty,
    productCode: r.productCode,
    productName: productName(r.productCode),
    link: r.link as never,
    method: r.method as never,
    target: r.target,
    inhibitionRate: r.inhibitionRate,
    result: r.result as 'positive' | 'negative',
    testedAt: r.testedAt.toISOString(),
    tester: r.tester,
    instrument: r.instrument,
    followUp: r.followUp,
  }));
}

export async function searchRapidTests(
  db: Db,
  scope: Scope,
  q: { page: number; pageSize: number; year?: number; townCode?: string; result?: string; product?: string },
) {
  const where = and(
    scopeWhere(scope),
    q.year ? gte(rapidTests.testedAt, new Date(`${q.year}-01-01T00:00:00+08:00`)) : undefined,
    q.year ? lt(rapidTests.testedAt, new Date(`${q.year + 1}-01-01T00:00:00+08:00`)) : undefined,
    q.townCode ? eq(rapidTests.townCode, q.townCode) : undefined,
    q.result === 'positive' || q.result === 'negative' ? eq(rapidTests.result, q.result) : undefined,
    q.product ? eq(rapidTests.productCode, q.product) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(rapidTests)
      .where(where)
      .orderBy(desc(rapidTests.testedAt), desc(rapidTests.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(rapidTests).where(where),
  ]);
  return { items: await views(db, rows), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
}

/** The test if the reader's scope holds it; 404 otherwise. */
async function visibleRow(db: Db, scope: Scope, id: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(rapidTests)
    .where(and(scopeWhere(scope), eq(rapidTests.id, id)));
  if (!row) throw notFound('快检记录不存在，或不在您的管辖范围内');
  return row;
}

export async function getRapidTest(db: Db, scope: Scope, id: string) {
  return (await views(db, [await visibleRow(db, scope, id)]))[0]!;
}

/** One test with how it was recorded: the recorder, the time, and the batch it came in (its audit row). */
export async function getRapidTestDetail(db: Db, scope: Scope, id: string) {
  const row = await visibleRow(db, scope, id);
  const [[view], names, entry] = await Promise.all([
    views(db, [row]),
    userNames(db, [row.createdBy]),
    entryOf(db, row),
  ]);
  return {
    ...(view as NonNullable<typeof view>),
    recordedBy: row.createdBy ? (names.get(row.createdBy) ?? null) : null,
    recordedAt: row.createdAt.toISOString(),
    entry,
  };
}

type Entry = { via: 'single' | 'file' | 'bulk' | 'unknown'; fileName: string | null };

/**
 * How a test was recorded. A batch's test names the batch, whose audit row says file or bulk call;
 * a test recorded alone has its own audit row; a test imported before batches were named on the
 * test (migration 0044) has its own row naming the batch.
 */
async function entryOf(db: Db, row: Row): Promise<Entry> {
  let batchId = row.batchId;
  if (!batchId) {
    const own = await firstAuditAfter(db, 'rapid_test', row.id);
    if (own === undefined) return { via: 'unknown', fileName: null };
    batchId = (own as { batchId?: string } | null)?.batchId ?? null;
    if (!batchId) return { via: 'single', fileName: null };
  }
  // Only what says where the test came from: the batch's counts are the district's, not this test's.
  const after = (await firstAuditAfter(db, 'rapid_import', batchId)) as
    | { source?: string; fileName?: string }
    | null
    | undefined;
  if (after?.source === 'file') return { via: 'file', fileName: after.fileName ?? null };
  if (after?.source === 'bulk') return { via: 'bulk', fileName: null };
  return { via: 'unknown', fileName: null };
}
