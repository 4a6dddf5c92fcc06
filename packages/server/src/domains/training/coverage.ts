import {
  type CoverageView,
  INPUT_DEALER_MIN_SESSIONS,
  TRAINING_CATEGORY_LABELS,
  type TrainingCategory,
} from '@nongan/shared/training/schemas';
import { and, eq, gte, inArray, lte, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Scope } from '../accounts/scope.ts';
import { users } from '../accounts/table.ts';
import { entities } from '../entities/table.ts';
import { townName as townNameOf } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { coverage, type Member, underTrainedStores } from './rules.ts';
import { trainingAttendance, trainingSessions } from './table.ts';

/** Which users stand for a category (their role), and which entity types. */
const USER_ROLES: Partial<Record<TrainingCategory, string[]>> = {
  testers: ['testing_centre'],
  supervisors: ['district_staff', 'town_supervisor'],
  village_coordinators: ['village_coordinator'],
};
const ENTITY_TYPES: Partial<Record<TrainingCategory, string[]>> = {
  enterprise_heads: ['enterprise', 'cooperative'],
  input_dealers: ['input_store'],
};

/** Coverage of the year's training for the district (a town: its own members only). */
export async function trainingCoverage(db: Db, scope: Scope, year: number): Promise<CoverageView> {
  const town = scope.kind === 'town' ? scope.townCode : null;
  const inTown = (c: string | null) => !town || c === town;
  const members: Member[] = [];
  const userRows = await db
    .select({ id: users.id, role: users.role, scopeCode: users.scopeCode })
    .from(users)
    .where(and(eq(users.districtCode, scope.districtCode), eq(users.active, true)));
  for (const [category, roles] of Object.entries(USER_ROLES) as [TrainingCategory, string[]][])
    for (const u of userRows)
      if (roles.includes(u.role)) {
        const t = u.scopeCode && u.scopeCode.length >= 9 ? u.scopeCode.slice(0, 9) : null;
        if (inTown(t)) members.push({ key: `u:${u.id}`, category, townCode: t });
      }
  const entityRows = await db
    .select({ id: entities.id, name: entities.name, type: entities.type, townCode: entities.townCode })
    .from(entities)
    .where(
      and(
        eq(entities.districtCode, scope.districtCode),
        eq(entities.active, true),
        inArray(entities.type, Object.values(ENTITY_TYPES).flat()),
        town ? eq(entities.townCode, town) : undefined,
      ),
    );
  for (const [category, types] of Object.entries(ENTITY_TYPES) as [TrainingCategory, string[]][])
    for (const e of entityRows)
      if (types.includes(e.type)) members.push({ key: `e:${e.id}`, category, townCode: e.townCode });

  const rows = await db
    .select({
      sessionId: trainingAttendance.sessionId,
      personKey: trainingAttendance.personKey,
      userId: trainingAttendance.userId,
      entityId: trainingAttendance.entityId,
      townCode: trainingAttendance.townCode,
      category: trainingSessions.category,
    })
    .from(trainingAttendance)
    .innerJoin(
      trainingSessions,
      and(
        eq(trainingSessions.districtCode, trainingAttendance.districtCode),
        eq(trainingSessions.id, trainingAttendance.sessionId),
      ),
    )
    .where(
      and(
        eq(trainingAttendance.districtCode, scope.districtCode),
        ne(trainingSessions.status, 'cancelled'),
        gte(trainingSessions.heldOn, `${year}-01-01`),
        lte(trainingSessions.heldOn, `${year}-12-31`),
      ),
    );
  const attended = new Set<string>();
  const sessionsOf = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.userId) attended.add(`u:${r.userId}`);
    if (r.entityId) {
      attended.add(`e:${r.entityId}`);
      const s = sessionsOf.get(r.entityId) ?? new Set();
      s.add(r.sessionId);
      sessionsOf.set(r.entityId, s);
    }
  }
  const untracked = rows
    .filter((r) => r.category === 'brand_holders' && inTown(r.townCode))
    .map((r) => ({ category: 'brand_holders' as const, townCode: r.townCode, key: r.personKey }));
  const cells = coverage(members, attended, untracked);
  const stores = underTrainedStores(
    entityRows.filter((e) => e.type === 'input_store'),
    new Map([...sessionsOf].map(([id, s]) => [id, s.size])),
  );
  const names = await divisionNames(
    db,
    [...cells.map((c) => c.townCode), ...stores.map((s) => s.townCode)].filter((c): c is string => !!c),
  );
  const townName = (c: string | null) => (c ? townNameOf(names, c) : '区级');
  return {
    year,
    minSessions: INPUT_DEALER_MIN_SESSIONS,
    rows: cells.map((c) => ({
      ...c,
      categoryLabel: TRAINING_CATEGORY_LABELS[c.category],
      townName: townName(c.townCode),
    })),
    underTrained: stores.map((s) => ({
      entityId: s.id,
      name: s.name,
      townName: townName(s.townCode),
      sessions: s.sessions,
    })),
  };
}
