import { ENTITY_TYPES, type EntityType } from '@nongan/shared/entities/schemas';
import { count, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Scope } from '../accounts/scope.ts';
import { listDivisions } from '../regions/repository.ts';
import { scopeWhere } from './repository.ts';
import { entities } from './table.ts';

export const entityStatsView = z.object({
  total: z.number().int(),
  active: z.number().int(),
  certificateTrial: z.number().int(),
  traceManaged: z.number().int(),
  byTown: z.array(z.object({ townCode: z.string(), townName: z.string(), count: z.number().int() })),
  byType: z.array(z.object({ type: z.enum(ENTITY_TYPES), count: z.number().int() })),
});

/** Directory counts within the scope; every town of the district is listed, with 0 where empty. */
export async function entityStats(db: Db, scope: Scope): Promise<z.infer<typeof entityStatsView>> {
  const where = scopeWhere(scope);
  const [totals] = await db
    .select({
      total: count(),
      active: sql<number>`count(*) filter (where ${entities.active})::int`,
      certificateTrial: sql<number>`count(*) filter (where ${entities.active} and ${entities.certificateTrial})::int`,
      traceManaged: sql<number>`count(*) filter (where ${entities.active} and ${entities.traceManaged})::int`,
    })
    .from(entities)
    .where(where);
  const activeWhere = sql`${where} and ${eq(entities.active, true)}`;
  const [towns, byTownRows, byTypeRows] = await Promise.all([
    listDivisions(db, { districtCode: scope.districtCode, level: 'town' }),
    db
      .select({ code: entities.townCode, n: count() })
      .from(entities)
      .where(activeWhere)
      .groupBy(entities.townCode),
    db.select({ type: entities.type, n: count() }).from(entities).where(activeWhere).groupBy(entities.type),
  ]);
  const byTownMap = new Map(byTownRows.map((r) => [r.code, Number(r.n)]));
  const visibleTowns =
    scope.kind === 'district'
      ? towns
      : scope.kind === 'town'
        ? towns.filter((t) => t.code === scope.townCode)
        : towns.filter((t) => byTownMap.has(t.code));
  return {
    total: Number(totals?.total ?? 0),
    active: Number(totals?.active ?? 0),
    certificateTrial: Number(totals?.certificateTrial ?? 0),
    traceManaged: Number(totals?.traceManaged ?? 0),
    byTown: visibleTowns.map((t) => ({
      townCode: t.code,
      townName: t.name,
      count: byTownMap.get(t.code) ?? 0,
    })),
    byType: byTypeRows.map((r) => ({ type: r.type as EntityType, count: Number(r.n) })),
  };
}
