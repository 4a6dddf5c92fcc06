import { randomUUID } from 'node:crypto';
import { chinaToday } from '@nongan/shared/common/dates';
import type { DutyKind, DutyStatus } from '@nongan/shared/inspections/schemas';
import { and, asc, count, eq, ilike, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Scope } from '../accounts/scope.ts';
import { placeScope } from '../accounts/scope-sql.ts';
import { entities } from '../entities/table.ts';
import { gridName, townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { addDays, coverageRate, dutyStatus, quarterBounds, quarterDuties, quarterOf } from './duties.ts';
import { gridStaff, inspectionDuties } from './table.ts';

const CHUNK = 2000;

/**
 * The quarter's duties for every active entity of the district that has none: idempotent (the
 * partial unique index holds one quarterly duty per entity and quarter), so it runs at start-up,
 * daily, and after an entity joins.
 */
export async function generateQuarterDuties(db: Db, districtCode: string, quarter: string): Promise<number> {
  let created = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await db
      .select({
        id: entities.id,
        districtCode: entities.districtCode,
        townCode: entities.townCode,
        villageCode: entities.villageCode,
        gridCode: entities.gridCode,
        active: entities.active,
        covered: inspectionDuties.id,
      })
      .from(entities)
      .leftJoin(
        inspectionDuties,
        and(
          eq(inspectionDuties.districtCode, entities.districtCode),
          eq(inspectionDuties.entityId, entities.id),
          eq(inspectionDuties.kind, 'quarterly'),
          eq(inspectionDuties.quarter, quarter),
        ),
      )
      .where(
        and(
          eq(entities.districtCode, districtCode),
          eq(entities.active, true),
          sql`${entities.id} > ${after}`,
        ),
      )
      .orderBy(asc(entities.id))
      .limit(CHUNK);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    const covered = new Set(batch.filter((b) => b.covered).map((b) => b.id));
    const rows = quarterDuties(quarter, batch, covered);
    if (rows.length) {
      const done = await db
        .insert(inspectionDuties)
        .values(rows.map((r) => ({ ...r, id: randomUUID() })))
        .onConflictDoNothing()
        .returning({ id: inspectionDuties.id });
      created += done.length;
    }
    if (batch.length < CHUNK) break;
  }
  return created;
}

/** Every district's current quarter (the start-up and daily job). */
export async function generateAllDuties(db: Db, now = new Date()): Promise<number> {
  const quarter = quarterOf(chinaToday(now));
  const districts = await db
    .selectDistinct({ d: entities.districtCode })
    .from(entities)
    .where(eq(entities.active, true));
  let n = 0;
  for (const { d } of districts) n += await generateQuarterDuties(db, d, quarter);
  return n;
}

/** One entity's duty for the current quarter (an entity created or reactivated mid-quarter). */
export async function ensureEntityDuty(tx: Db, districtCode: string, entityId: string, now = new Date()) {
  const [e] = await tx
    .select()
    .from(entities)
    .where(and(eq(entities.districtCode, districtCode), eq(entities.id, entityId)));
  if (!e) return;
  const quarter = quarterOf(chinaToday(now));
  const rows = quarterDuties(quarter, [e], new Set());
  if (rows.length)
    await tx
      .insert(inspectionDuties)
      .values({ ...rows[0]!, id: randomUUID() })
      .onConflictDoNothing();
}

/** A revisit duty after a failed sample; one per sample and entity (unique index), so a replay adds nothing. */
export async function addRevisitDuty(
  tx: Db,
  p: { districtCode: string; entityId: string; sampleId: string; reason: string; days: number; now?: Date },
) {
  const [e] = await tx
    .select()
    .from(entities)
    .where(and(eq(entities.districtCode, p.districtCode), eq(entities.id, p.entityId)));
  if (!e) return;
  const today = chinaToday(p.now);
  await tx
    .insert(inspectionDuties)
    .values({
      id: randomUUID(),
      districtCode: p.districtCode,
      entityId: e.id,
      townCode: e.townCode,
      villageCode: e.villageCode,
      gridCode: e.gridCode,
      kind: 'sample_revisit',
      quarter: quarterOf(today),
      dueDate: addDays(today, p.days),
      sourceType: 'sample',
      sourceId: p.sampleId,
      reason: p.reason,
    })
    .onConflictDoNothing();
}

/**
 * An inspection fulfils the entity's open duties due by it: the quarter's duty of its quarter and
 * any revisit duty created before it. Returns the ids it closed.
 */
export async function fulfilDuties(
  tx: Db,
  districtCode: string,
  entityId: string,
  inspectionId: string,
  at: Date,
) {
  const quarter = quarterOf(chinaToday(at));
  return tx
    .update(inspectionDuties)
    .set({ status: 'done', inspectionId, doneAt: at })
    .where(
      and(
        eq(inspectionDuties.districtCode, districtCode),
        eq(inspectionDuties.entityId, entityId),
        eq(inspectionDuties.status, 'open'),
        or(
          and(eq(inspectionDuties.kind, 'quarterly'), eq(inspectionDuties.quarter, quarter)),
          and(eq(inspectionDuties.kind, 'sample_revisit'), lt(inspectionDuties.createdAt, at)),
        ),
      ),
    )
    .returning({ id: inspectionDuties.id });
}

const dutyPlace = (scope: Scope) => placeScope(scope, inspectionDuties);

export interface DutyFilter {
  quarter?: string;
  townCode?: string;
  gridCode?: string;
  status?: DutyStatus;
  kind?: DutyKind;
  q?: string;
  mine?: '1' | '0';
  page: number;
  pageSize: number;
}

/** Duties in scope, overdue first (then by due date). 'mine' = the grids the user is responsible for. */
export async function listDuties(db: Db, scope: Scope, userId: string, f: DutyFilter) {
  const today = chinaToday();
  const conds: (SQL | undefined)[] = [
    dutyPlace(scope),
    f.quarter ? eq(inspectionDuties.quarter, f.quarter) : undefined,
    f.townCode ? eq(inspectionDuties.townCode, f.townCode) : undefined,
    f.gridCode === 'none'
      ? isNull(inspectionDuties.gridCode)
      : f.gridCode
        ? eq(inspectionDuties.gridCode, f.gridCode)
        : undefined,
    f.kind ? eq(inspectionDuties.kind, f.kind) : undefined,
    f.status === 'done' ? eq(inspectionDuties.status, 'done') : undefined,
    f.status === 'open'
      ? and(eq(inspectionDuties.status, 'open'), sql`${inspectionDuties.dueDate} >= ${today}`)
      : undefined,
    f.status === 'overdue'
      ? and(eq(inspectionDuties.status, 'open'), lt(inspectionDuties.dueDate, today))
      : undefined,
    f.q ? ilike(entities.name, `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`) : undefined,
    f.mine === '1'
      ? inArray(
          inspectionDuties.gridCode,
          db
            .select({ g: gridStaff.gridCode })
            .from(gridStaff)
            .where(
              and(
                eq(gridStaff.districtCode, scope.districtCode),
                or(eq(gridStaff.coordinatorId, userId), eq(gridStaff.supervisorId, userId)),
              ),
            ),
        )
      : undefined,
  ];
  const where = and(...conds);
  const join = and(
    eq(entities.districtCode, inspectionDuties.districtCode),
    eq(entities.id, inspectionDuties.entityId),
  );
  const [{ total } = { total: 0 }] = await db
    .select({ total: count() })
    .from(inspectionDuties)
    .innerJoin(entities, join)
    .where(where);
  const overdueFirst = sql`case when ${inspectionDuties.status} = 'open' and ${inspectionDuties.dueDate} < ${today} then 0 when ${inspectionDuties.status} = 'open' then 1 else 2 end`;
  const rows = await db
    .select({ d: inspectionDuties, entityName: entities.name, entityType: entities.type })
    .from(inspectionDuties)
    .innerJoin(entities, join)
    .where(where)
    .orderBy(overdueFirst, asc(inspectionDuties.dueDate), asc(entities.name), asc(inspectionDuties.id))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  const names = await divisionNames(
    db,
    rows.flatMap((r) => [r.d.townCode, r.d.villageCode ?? '', r.d.gridCode ?? '']),
  );
  return {
    items: rows.map(({ d, entityName, entityType }) => ({
      id: d.id,
      kind: d.kind as DutyKind,
      quarter: d.quarter,
      dueDate: d.dueDate,
      status: dutyStatus(d.status, d.dueDate, today),
      reason: d.reason,
      entityId: d.entityId,
      entityName,
      entityType,
      townCode: d.townCode,
      townName: townName(names, d.townCode),
      villageName: d.villageCode ? (names.get(d.villageCode) ?? null) : null,
      gridCode: d.gridCode,
      gridName: d.gridCode ? (names.get(d.gridCode) ?? null) : null,
      inspectionId: d.inspectionId,
      doneAt: d.doneAt?.toISOString() ?? null,
    })),
    total: Number(total),
    page: f.page,
    pageSize: f.pageSize,
  };
}

export const COVERAGE_TARGET = 100;

/** Quarterly coverage (done / due) per town and per grid in scope; overdue = open past the due date. */
export async function coverage(db: Db, scope: Scope, f: { quarter?: string; townCode?: string }) {
  const today = chinaToday();
  const quarter = f.quarter ?? quarterOf(today);
  const { end } = quarterBounds(quarter);
  const where = and(
    dutyPlace(scope),
    eq(inspectionDuties.kind, 'quarterly'),
    eq(inspectionDuties.quarter, quarter),
    f.townCode ? eq(inspectionDuties.townCode, f.townCode) : undefined,
  );
  const rows = await db
    .select({
      townCode: inspectionDuties.townCode,
      gridCode: inspectionDuties.gridCode,
      villageCode: inspectionDuties.villageCode,
      due: count(),
      done: sql<number>`count(*) filter (where ${inspectionDuties.status} = 'done')`,
      overdue: sql<number>`count(*) filter (where ${inspectionDuties.status} = 'open' and ${inspectionDuties.dueDate} < ${today})`,
    })
    .from(inspectionDuties)
    .where(where)
    .groupBy(inspectionDuties.townCode, inspectionDuties.villageCode, inspectionDuties.gridCode);
  const names = await divisionNames(
    db,
    rows.flatMap((r) => [r.townCode, r.gridCode ?? '', r.villageCode ?? '']),
  );
  const row = (code: string | null, name: string, due: number, done: number, overdue: number) => ({
    code,
    name,
    due,
    done,
    overdue,
    rate: coverageRate(done, due),
  });
  const towns = new Map<string, { due: number; done: number; overdue: number }>();
  const grids = new Map<
    string,
    { townCode: string; name: string; code: string | null; due: number; done: number; overdue: number }
  >();
  for (const r of rows) {
    const [due, done, overdue] = [Number(r.due), Number(r.done), Number(r.overdue)];
    const t = towns.get(r.townCode) ?? { due: 0, done: 0, overdue: 0 };
    towns.set(r.townCode, { due: t.due + due, done: t.done + done, overdue: t.overdue + overdue });
    // Entities without a grid are shown by their village (or town) as 未划网格.
    const key = r.gridCode ?? `none:${r.villageCode ?? r.townCode}`;
    const name = r.gridCode
      ? `${names.get(r.villageCode ?? '') ?? ''}${gridName(names, r.gridCode)}`
      : `${r.villageCode ? (names.get(r.villageCode) ?? '') : ''}（未划网格）`;
    const g = grids.get(key) ?? { townCode: r.townCode, name, code: r.gridCode, due: 0, done: 0, overdue: 0 };
    grids.set(key, { ...g, due: g.due + due, done: g.done + done, overdue: g.overdue + overdue });
  }
  const townRows = [...towns.entries()]
    .map(([code, t]) => row(code, townName(names, code), t.due, t.done, t.overdue))
    .sort((a, b) => a.rate - b.rate || (a.code ?? '').localeCompare(b.code ?? ''));
  const gridRows = [...grids.values()]
    .map((g) => ({
      ...row(g.code, g.name, g.due, g.done, g.overdue),
      townName: townName(names, g.townCode),
    }))
    .sort((a, b) => b.overdue - a.overdue || a.rate - b.rate || a.name.localeCompare(b.name));
  const sum = (k: 'due' | 'done' | 'overdue') => townRows.reduce((s, r) => s + r[k], 0);
  return {
    quarter,
    quarterEnd: end,
    target: COVERAGE_TARGET,
    total: row(null, '合计', sum('due'), sum('done'), sum('overdue')),
    towns: townRows,
    grids: gridRows,
  };
}
