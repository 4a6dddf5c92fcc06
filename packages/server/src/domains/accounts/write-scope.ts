/**
 * The one place write paths check what they name against the actor's scope, the same rule reads
 * use (inScope / codeInScope / placeScope). Anything outside reads as absent: a 404 naming the
 * field, so a write can neither touch another region's records nor confirm that they exist.
 */
import { and, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { HttpError } from '../../platform/http-error.ts';
import { certificates } from '../certificates/table.ts';
import { entities } from '../entities/table.ts';
import { samples, samplingTasks } from '../sampling/sample-table.ts';
import { productionLots } from '../trace/table.ts';
import { type AuthUser, codeInScope, inScope, type Scope, scopeOf } from './scope.ts';
import { placeScope } from './scope-sql.ts';

type Actor = AuthUser | Scope;
const scopeFrom = (a: Actor): Scope => ('kind' in a ? a : scopeOf(a));

export function outOfScope(field: string, what: string): HttpError {
  const reason = `${what}不存在或不在本人辖区`;
  return new HttpError(404, reason, [{ field, reason }]);
}

/** A town, village or grid code the actor may record against; 404 naming the field otherwise. */
export function divisionInScopeOr404(actor: Actor, code: string, field = 'townCode'): void {
  const scope = scopeFrom(actor);
  // A village user's records sit in its village or, when kept by town only, its town.
  const ok = codeInScope(scope, code) || (scope.kind === 'village' && code === scope.villageCode.slice(0, 9));
  if (!ok) throw outOfScope(field, '区域');
}

export type ScopedEntity = typeof entities.$inferSelect;

/** Entities of these ids the actor may see (others are simply absent from the map). */
export async function entitiesInScope(
  db: Db,
  actor: Actor,
  ids: string[],
): Promise<Map<string, ScopedEntity>> {
  if (ids.length === 0) return new Map();
  const scope = scopeFrom(actor);
  const rows = await db
    .select()
    .from(entities)
    .where(and(eq(entities.districtCode, scope.districtCode), inArray(entities.id, [...new Set(ids)])));
  return new Map(rows.filter((e) => inScope(scope, e)).map((e) => [e.id, e]));
}

export async function entityInScopeOr404(db: Db, actor: Actor, id: string, field = 'entityId') {
  const e = (await entitiesInScope(db, actor, [id])).get(id);
  if (!e) throw outOfScope(field, '主体');
  return e;
}

async function one<T>(rows: Promise<T[]>, field: string, what: string): Promise<T> {
  const [r] = await rows;
  if (!r) throw outOfScope(field, what);
  return r;
}

export function lotInScopeOr404(db: Db, actor: Actor, id: string, field = 'lotId') {
  const where = and(placeScope(scopeFrom(actor), productionLots), eq(productionLots.id, id));
  return one(db.select().from(productionLots).where(where), field, '生产批次');
}

/** Samples are placed by town (a village user sees its town's samples) or by the producer's entity. */
export function sampleInScopeOr404(db: Db, actor: Actor, id: string, field = 'sampleId') {
  const where = and(placeScope(scopeFrom(actor), { ...samples, villageCode: undefined }), eq(samples.id, id));
  return one(db.select().from(samples).where(where), field, '样品');
}

export function certificateInScopeOr404(db: Db, actor: Actor, id: string, field = 'certificateId') {
  const where = and(placeScope(scopeFrom(actor), certificates), eq(certificates.id, id));
  return one(db.select().from(certificates).where(where), field, '合格证');
}

/** Tasks of the actor's towns; a district-wide task (no town) is open to every recorder of the district. */
export function taskInScopeOr404(db: Db, actor: Actor, id: string, field = 'taskId') {
  const scope = scopeFrom(actor);
  const place =
    scope.kind === 'entity'
      ? eq(samplingTasks.entityId, scope.entityId)
      : or(isNull(samplingTasks.townCode), placeScope(scope, { ...samplingTasks, villageCode: undefined }));
  const where = and(
    eq(samplingTasks.districtCode, scope.districtCode),
    place as SQL,
    eq(samplingTasks.id, id),
  );
  return one(db.select().from(samplingTasks).where(where), field, '抽样任务');
}
