import { type EntityCreate, type EntityUpdate, identityIssue } from '@nongan/shared/entities/schemas';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { conflict, HttpError, notFound } from '../../platform/http-error.ts';
import { timeOrderedId } from '../../platform/ids.ts';
import { inScope, type Scope } from '../accounts/scope.ts';
import { type Actor, diff, writeAudit } from '../audit/audit.ts';
import { checkPlace, DivisionIndex } from '../regions/places.ts';
import { listDivisions } from '../regions/repository.ts';
import { emitEvent } from '../sampling/events.ts';
import { type EntityRow, findSame, getEntity } from './repository.ts';
import { searchKeys } from './search-keys.ts';
import { entities } from './table.ts';

export async function divisionIndex(db: Db, districtCode: string): Promise<DivisionIndex> {
  return new DivisionIndex(await listDivisions(db, { districtCode, includeInactive: true }));
}

/** The audited view of a row: everything but the raw ID card number (and the batch that made it). */
export function auditShape(r: Partial<typeof entities.$inferSelect>): Record<string, unknown> {
  const { idCard, createdAt: _c, importBatchId: _b, searchKeys: _k, ...rest } = r;
  return idCard ? { ...rest, idCard: `${idCard.slice(0, 6)}…${idCard.slice(-4)}` } : rest;
}

/** Row values for a new entity (no I/O); place and identity must already be checked. */
export function newEntityRow(
  districtCode: string,
  input: EntityCreate,
  synthetic = false,
): typeof entities.$inferInsert {
  return {
    // Time-ordered: a big import's rows and audit rows go to the right edge of the id indexes.
    id: timeOrderedId(),
    districtCode,
    townCode: input.townCode,
    villageCode: input.villageCode ?? null,
    gridCode: input.gridCode ?? null,
    name: input.name,
    type: input.type,
    creditCode: input.creditCode ?? null,
    idCard: input.idCard ?? null,
    legalRep: input.legalRep,
    phone: input.phone,
    address: input.address,
    industries: input.industries,
    mainProducts: input.mainProducts ?? [],
    scale: input.scale ?? null,
    certificateTrial: input.certificateTrial ?? false,
    traceManaged: input.traceManaged ?? false,
    lat: input.lat ?? null,
    lng: input.lng ?? null,
    remarks: input.remarks ?? null,
    synthetic,
    searchKeys: searchKeys(input.name, input.legalRep, input.address),
  };
}

function duplicateError(existing: EntityRow): HttpError {
  const field = existing.creditCode ? 'creditCode' : existing.idCard ? 'idCard' : 'name';
  return conflict(`已有相同主体：${existing.name}`, [{ field, reason: `与已有主体“${existing.name}”重复` }]);
}

export async function createEntity(db: Db, actor: Actor, scope: Scope, input: EntityCreate): Promise<string> {
  const index = await divisionIndex(db, scope.districtCode);
  const issues = checkPlace(index, scope, input);
  if (issues.length)
    throw new HttpError(400, issues.map((i) => `${i.field}: ${i.reason}`).join('；'), issues);
  const existing = await findSame(db, scope.districtCode, input);
  if (existing) throw duplicateError(existing);
  const row = newEntityRow(scope.districtCode, input);
  await db.transaction(async (tx) => {
    await tx.insert(entities).values(row);
    await writeAudit(tx, actor, {
      action: 'create',
      subjectType: 'entity',
      subjectId: row.id,
      regionCode: row.townCode,
      after: auditShape(row as EntityRow),
    });
    // Outbox: the quarter's inspection duty follows (inspections/consumers.ts).
    await emitEvent(tx, row.districtCode, 'entity.created', row.id as string, { townCode: row.townCode });
  });
  return row.id as string;
}

/** The entity if the user may see it; 404 otherwise, so other regions' records are not even confirmed. */
export async function visibleEntity(db: Db, scope: Scope, id: string): Promise<EntityRow> {
  const r = await getEntity(db, id);
  if (!r || !inScope(scope, r)) throw notFound('主体不存在，或不在您的管辖范围内');
  return r;
}

export async function updateEntity(
  db: Db,
  actor: Actor,
  scope: Scope,
  id: string,
  patch: EntityUpdate,
): Promise<void> {
  const current = await visibleEntity(db, scope, id);
  if (patch.version !== current.version) throw conflict('该记录已被他人修改，请刷新后重试');
  const { version: _v, ...fields } = patch;
  const merged = {
    ...current,
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
  } as EntityRow;
  const idIssue = identityIssue({
    type: merged.type as EntityCreate['type'],
    creditCode: merged.creditCode,
    idCard: merged.idCard,
  });
  const placeIssues = checkPlace(await divisionIndex(db, scope.districtCode), scope, merged);
  const issues = [...(idIssue ? [idIssue] : []), ...placeIssues];
  if (issues.length)
    throw new HttpError(400, issues.map((i) => `${i.field}: ${i.reason}`).join('；'), issues);
  const same = await findSame(db, current.districtCode, merged);
  if (same && same.id !== id) throw duplicateError(same);
  const next = { ...merged, version: current.version + 1, updatedAt: new Date() };
  await db.transaction(async (tx) => {
    const done = await tx
      .update(entities)
      .set(next)
      .where(
        and(
          eq(entities.districtCode, current.districtCode),
          eq(entities.id, id),
          eq(entities.version, current.version),
        ),
      )
      .returning({ id: entities.id });
    if (done.length === 0) throw conflict('该记录已被他人修改，请刷新后重试');
    const d = diff(auditShape(current), auditShape(next));
    await writeAudit(tx, actor, {
      action: 'update',
      subjectType: 'entity',
      subjectId: id,
      regionCode: current.townCode,
      ...d,
    });
  });
}

/** Deactivation (and its reverse) keeps the record: entities are never deleted. */
export async function setEntityActive(
  db: Db,
  actor: Actor,
  scope: Scope,
  id: string,
  active: boolean,
  version: number,
  reason: string | null,
): Promise<void> {
  const current = await visibleEntity(db, scope, id);
  if (version !== current.version) throw conflict('该记录已被他人修改，请刷新后重试');
  if (current.active === active) throw conflict(active ? '主体已是启用状态' : '主体已停用');
  const set = {
    active,
    deactivatedAt: active ? null : new Date(),
    deactivateReason: active ? null : reason,
    version: current.version + 1,
    updatedAt: new Date(),
  };
  await db.transaction(async (tx) => {
    const done = await tx
      .update(entities)
      .set(set)
      .where(
        and(
          eq(entities.districtCode, current.districtCode),
          eq(entities.id, id),
          eq(entities.version, version),
        ),
      )
      .returning({ id: entities.id });
    if (done.length === 0) throw conflict('该记录已被他人修改，请刷新后重试');
    await writeAudit(tx, actor, {
      action: active ? 'reactivate' : 'deactivate',
      subjectType: 'entity',
      subjectId: id,
      regionCode: current.townCode,
      before: { active: current.active, deactivateReason: current.deactivateReason },
      after: { active, deactivateReason: set.deactivateReason },
    });
    if (active)
      await emitEvent(tx, current.districtCode, 'entity.reactivated', id, { townCode: current.townCode });
  });
}
