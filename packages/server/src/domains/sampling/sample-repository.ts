import { and, asc, count, desc, eq, gte, inArray, isNotNull, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Scope } from '../accounts/scope.ts';
import { placeScope } from '../accounts/scope-sql.ts';
import { entityNames } from '../entities/repository.ts';
import { divisionNames } from '../regions/repository.ts';
import { analyteName, productName } from '../standards/catalog.ts';
import { getLabSettings } from './lab-flow.ts';
import { isOverdue, resultDisplay } from './lab-states.ts';
import { labResults, samples } from './sample-table.ts';

type Row = typeof samples.$inferSelect;

export function sampleWhere(scope: Scope): SQL {
  // By town for village users: a sample's village is optional, its town is not.
  return placeScope(scope, { ...samples, villageCode: undefined });
}

export async function sampleViews(db: Db, rows: Row[]) {
  const districts = [...new Set(rows.map((r) => r.districtCode))];
  const overdueDays = new Map(
    await Promise.all(districts.map(async (d) => [d, (await getLabSettings(db, d)).overdueDays] as const)),
  );
  const now = new Date();
  const names = await divisionNames(
    db,
    rows.map((r) => r.townCode),
  );
  const entName = await entityNames(
    db,
    rows.map((r) => r.entityId),
  );
  const leads = await leadsOf(db, rows);
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
    hasLead: r.hasLead,
    provisional: r.provisional,
    leads: leads.get(r.id) ?? [],
    hasPhoto: r.photo !== null,
    stateAt: r.stateAt.toISOString(),
    overdue: isOverdue(r.status, r.stateAt, now, overdueDays.get(r.districtCode) ?? {}),
    returned: r.returned,
    enteredVerdict: r.enteredVerdict,
    retestOf: r.retestOf,
    retestKind: r.retestKind,
    retestRequestedAt: r.retestRequestedAt?.toISOString() ?? null,
  }));
}

const FAIL_BASES = ['limit', 'not_detectable'] as const;

/** The leads of the samples that have one, by sample id, named (one read for a page of samples). */
async function leadsOf(db: Db, rows: Row[]) {
  const out = new Map<string, { analyteName: string; basis: string; item: string | null }[]>();
  const withLead = rows.filter((r) => r.hasLead);
  if (!withLead.length) return out;
  const found = await db
    .select({
      sampleId: labResults.sampleId,
      analyteCode: labResults.analyteCode,
      basis: labResults.leadBasis,
      item: labResults.leadItem,
    })
    .from(labResults)
    .where(
      and(
        eq(labResults.districtCode, withLead[0]!.districtCode),
        inArray(
          labResults.sampleId,
          withLead.map((r) => r.id),
        ),
        isNotNull(labResults.leadKind),
      ),
    )
    .orderBy(asc(labResults.analyteCode));
  for (const f of found) {
    const list = out.get(f.sampleId) ?? [];
    list.push({ analyteName: analyteName(f.analyteCode), basis: f.basis ?? '', item: f.item });
    out.set(f.sampleId, list);
  }
  return out;
}

export async function searchSamples(
  db: Db,
  scope: Scope,
  q: {
    page: number;
    pageSize: number;
    year?: number;
    townCode?: string;
    result?: string;
    product?: string;
    lead?: boolean;
    status?: string;
  },
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
    q.lead ? eq(samples.hasLead, true) : undefined,
    q.status ? eq(samples.status, q.status) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(samples)
      .where(where)
      .orderBy(
        // A lab queue: longest waiting first, so overdue samples lead.
        ...(q.status ? [asc(samples.stateAt), asc(samples.id)] : [desc(samples.sampledAt), desc(samples.id)]),
      )
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
  const sampleProduct = productName(s.productCode) ?? '该产品';
  return rows.map((r) => ({
    analyteCode: r.analyteCode,
    analyteName: analyteName(r.analyteCode),
    value: r.value,
    unit: r.unit,
    lod: r.lod,
    loq: r.loq,
    ...(({ text, belowLoq }) => ({ display: text, belowLoq }))(resultDisplay(r.value, r.unit, r.lod, r.loq)),
    methodStandard: r.methodStandard,
    verdict: r.verdict,
    limitMgKg: r.limitMgKg,
    limitCitation: r.limitCitation,
    basis: FAIL_BASES.find((b) => b === r.failBasis) ?? null,
    editionUsed: r.editionUsed,
    editionInForce: r.editionInForce,
    provisional: r.provisional,
    lead:
      r.leadKind && r.leadBasis
        ? {
            basis: r.leadBasis,
            item: r.leadItem,
            message: `禁限用药物检出：${analyteName(r.analyteCode)}禁止用于${r.leadScope ?? sampleProduct}（${r.leadBasis}${r.leadItem ? ` ${r.leadItem}` : ''}）`,
          }
        : null,
    testedAt: r.testedAt.toISOString(),
  }));
}

/** States a sample waits in before its result is out, in the order the lab works them. */
export const QUEUE_STATES = ['registered', 'received', 'entered', 'verified'] as const;

/**
 * The lab's queue: samples waiting in each state, how many of them are overdue (the testing
 * centre's settings) and the oldest wait, in one grouped query.
 */
export async function sampleQueue(db: Db, scope: Scope, now = new Date()) {
  const days = (await getLabSettings(db, scope.districtCode)).overdueDays;
  const limit = (status: string) => {
    const d = days[status];
    return d && d > 0 ? new Date(now.getTime() - d * 86400_000) : null;
  };
  const late = sql.join(
    QUEUE_STATES.flatMap((st) => {
      const before = limit(st);
      return before ? [sql`(${samples.status} = ${st} and ${samples.stateAt} < ${before})`] : [];
    }),
    sql` or `,
  );
  const rows = await db
    .select({
      status: samples.status,
      waiting: sql<number>`count(*)::int`,
      overdue: sql<number>`(count(*) filter (where ${late}))::int`,
      oldest: sql<Date | string | null>`min(${samples.stateAt})`,
    })
    .from(samples)
    .where(and(sampleWhere(scope), inArray(samples.status, [...QUEUE_STATES])))
    .groupBy(samples.status);
  return QUEUE_STATES.map((status) => {
    const r = rows.find((x) => x.status === status);
    return {
      status,
      waiting: Number(r?.waiting ?? 0),
      overdue: Number(r?.overdue ?? 0),
      overdueDays: days[status] ?? null,
      oldestSince: r?.oldest ? new Date(r.oldest).toISOString() : null,
    };
  });
}
