import { and, count, eq, inArray, isNotNull, like } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { fieldError } from '../../platform/http-error.ts';
import { codeInScope, type Scope } from '../accounts/scope.ts';
import { users } from '../accounts/table.ts';
import { divisionInScopeOr404, outOfScope } from '../accounts/write-scope.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { entities } from '../entities/table.ts';
import { divisionNames, getDivision } from '../regions/repository.ts';
import { divisions } from '../regions/table.ts';
import { gridStaff } from './table.ts';

/** The grids in scope (optionally of one town) with their responsible people and entity counts. */
export async function listGrids(db: Db, scope: Scope, townCode?: string) {
  const prefix =
    townCode ??
    (scope.kind === 'town'
      ? scope.townCode
      : scope.kind === 'village'
        ? scope.villageCode
        : scope.districtCode);
  const grids = (
    await db
      .select()
      .from(divisions)
      .where(
        and(
          eq(divisions.districtCode, scope.districtCode),
          eq(divisions.level, 'grid'),
          like(divisions.code, `${prefix}%`),
        ),
      )
      .orderBy(divisions.code)
  ).filter((g) => codeInScope(scope, g.code));
  if (grids.length === 0) return [];
  const codes = grids.map((g) => g.code);
  const staff = await db
    .select()
    .from(gridStaff)
    .where(and(eq(gridStaff.districtCode, scope.districtCode), inArray(gridStaff.gridCode, codes)));
  const byGrid = new Map(staff.map((s) => [s.gridCode, s]));
  const people = await userNames(
    db,
    staff.flatMap((s) => [s.coordinatorId, s.supervisorId]),
  );
  const counts = await db
    .select({ g: entities.gridCode, n: count() })
    .from(entities)
    .where(
      and(
        eq(entities.districtCode, scope.districtCode),
        eq(entities.active, true),
        isNotNull(entities.gridCode),
        inArray(entities.gridCode, codes),
      ),
    )
    .groupBy(entities.gridCode);
  const n = new Map(counts.map((c) => [c.g, Number(c.n)]));
  const names = await divisionNames(
    db,
    grids.flatMap((g) => [g.parentCode ?? '', g.code.slice(0, 9)]),
  );
  return grids.map((g) => {
    const s = byGrid.get(g.code);
    return {
      gridCode: g.code,
      gridName: g.name,
      villageCode: g.parentCode ?? '',
      villageName: names.get(g.parentCode ?? '') ?? '',
      townCode: g.code.slice(0, 9),
      townName: names.get(g.code.slice(0, 9)) ?? '',
      coordinatorId: s?.coordinatorId ?? null,
      coordinatorName: s?.coordinatorId ? (people.get(s.coordinatorId) ?? null) : null,
      supervisorId: s?.supervisorId ?? null,
      supervisorName: s?.supervisorId ? (people.get(s.supervisorId) ?? null) : null,
      entities: n.get(g.code) ?? 0,
    };
  });
}

export async function userNames(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const list = [...new Set(ids.filter((x): x is string => !!x))];
  if (!list.length) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(inArray(users.id, list));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The accounts that may be named for grids of a town: its supervisors and its villages' coordinators. */
export async function gridPeople(db: Db, scope: Scope, townCode: string) {
  divisionInScopeOr404(scope, townCode, 'townCode');
  const rows = await db
    .select({ id: users.id, displayName: users.displayName, role: users.role, scopeCode: users.scopeCode })
    .from(users)
    .where(
      and(
        eq(users.districtCode, scope.districtCode),
        eq(users.active, true),
        inArray(users.role, ['town_supervisor', 'village_coordinator']),
        like(users.scopeCode, `${townCode}%`),
      ),
    )
    .orderBy(users.role, users.displayName);
  return rows;
}

/**
 * Names a grid's village coordinator and town supervisor. The grid must be in the editor's scope;
 * the coordinator must be an active village coordinator whose village holds the grid, the
 * supervisor an active town supervisor of the grid's town.
 */
export async function setGridStaff(
  db: Db,
  actor: Actor,
  scope: Scope,
  gridCode: string,
  body: { coordinatorId: string | null; supervisorId: string | null },
) {
  const grid = await getDivision(db, gridCode);
  if (grid?.level !== 'grid' || grid.districtCode !== scope.districtCode)
    throw outOfScope('gridCode', '网格');
  divisionInScopeOr404(scope, gridCode, 'gridCode');
  const townCode = gridCode.slice(0, 9);
  const check = async (
    id: string | null,
    field: string,
    role: string,
    fits: (code: string) => boolean,
    what: string,
  ) => {
    if (!id) return;
    const [u] = await db
      .select()
      .from(users)
      .where(and(eq(users.id, id), eq(users.districtCode, scope.districtCode)));
    if (!u?.active) throw outOfScope(field, '账号');
    if (u.role !== role || !u.scopeCode || !fits(u.scopeCode)) throw fieldError(field, what);
  };
  await check(
    body.coordinatorId,
    'coordinatorId',
    'village_coordinator',
    (c) => c.length >= 12 && gridCode.startsWith(c.slice(0, 12)),
    '应为该网格所在村的村级协管员',
  );
  await check(
    body.supervisorId,
    'supervisorId',
    'town_supervisor',
    (c) => c === townCode,
    '应为该网格所在镇街的监管员',
  );
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(gridStaff)
      .where(and(eq(gridStaff.districtCode, scope.districtCode), eq(gridStaff.gridCode, gridCode)));
    const set = { ...body, townCode, updatedBy: actor.user?.id ?? null, updatedAt: new Date() };
    await tx
      .insert(gridStaff)
      .values({ districtCode: scope.districtCode, gridCode, ...set })
      .onConflictDoUpdate({ target: [gridStaff.districtCode, gridStaff.gridCode], set });
    await writeAudit(tx, actor, {
      action: 'update',
      subjectType: 'grid_staff',
      subjectId: gridCode,
      regionCode: townCode,
      before: before ? { coordinatorId: before.coordinatorId, supervisorId: before.supervisorId } : null,
      after: body,
    });
  });
}
