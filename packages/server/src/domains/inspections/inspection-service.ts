import { randomUUID } from 'node:crypto';
import { chinaToday } from '@nongan/shared/common/dates';
import type { InspectionBody, ItemResult } from '@nongan/shared/inspections/schemas';
import { MAX_PHOTOS_PER_INSPECTION } from '@nongan/shared/inspections/schemas';
import { and, count, desc, eq, gt, gte, ilike, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { conflict, fieldError, HttpError } from '../../platform/http-error.ts';
import type { AuthUser, Scope } from '../accounts/scope.ts';
import { placeScope } from '../accounts/scope-sql.ts';
import { entityInScopeOr404, outOfScope } from '../accounts/write-scope.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { entities } from '../entities/table.ts';
import { townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { emitEvent } from '../sampling/events.ts';
import { getChecklist } from './checklist.ts';
import { addDays } from './duties.ts';
import { fulfilDuties } from './duty-service.ts';
import { checkPhoto } from './photos.ts';
import { getSettings } from './settings.ts';
import { inspectionPhotos, inspections, rectifications } from './table.ts';

export type InspectionRow = typeof inspections.$inferSelect;
interface StoredItem {
  key: string;
  label: string;
  result: ItemResult;
  note: string | null;
}

/**
 * Records an inspection, idempotent on the client's id: a repeat (an offline outbox replaying the
 * submission) returns the original and writes nothing. Fulfils the entity's open duties; failed
 * items open a rectification order with a deadline (the body's, else the district's default days).
 */
export async function createInspection(
  db: Db,
  actor: Actor & { user: AuthUser },
  body: InspectionBody,
): Promise<{ id: string; created: boolean }> {
  const me = actor.user;
  const prior = await byClientId(db, me.districtCode, body.clientId);
  if (prior) return { id: await replayOf(db, me, prior, body), created: false };
  const entity = await entityInScopeOr404(db, me, body.entityId);
  if (!entity.active) throw fieldError('entityId', '主体已停用，不能巡查');
  const checklist = await getChecklist(db, me.districtCode, body.checklistId);
  if (!checklist) throw outOfScope('checklistId', '检查表');
  if (checklist.entityType !== '*' && checklist.entityType !== entity.type)
    throw fieldError('checklistId', '检查表不适用于该主体类型');
  const items = checkItems(checklist.items as { key: string; label: string }[], body.items);
  const failed = items.filter((i) => i.result === 'fail');
  const today = chinaToday();
  if (body.deadline && body.deadline <= today) throw fieldError('deadline', '整改期限应晚于今天');
  const days = (await getSettings(db, me.districtCode)).rectifyDays;
  const at = new Date(body.inspectedAt);
  const id = randomUUID();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(inspections)
      .values({
        id,
        districtCode: me.districtCode,
        clientId: body.clientId,
        entityId: entity.id,
        townCode: entity.townCode,
        villageCode: entity.villageCode,
        gridCode: entity.gridCode,
        checklistId: checklist.id,
        checklistVersion: checklist.version,
        inspectedAt: at,
        inspectorId: me.id,
        inspectorName: me.displayName,
        items,
        failedCount: failed.length,
        note: body.note ?? null,
      })
      .onConflictDoNothing()
      .returning({ id: inspections.id });
    // A concurrent repeat won the race: answer with its record.
    if (!row) {
      const won = await byClientId(tx, me.districtCode, body.clientId);
      if (!won) throw conflict('记录重复：与已有记录冲突');
      return { id: won.id, created: false };
    }
    const closed = await fulfilDuties(tx, me.districtCode, entity.id, id, at);
    let rectificationId: string | null = null;
    if (failed.length) {
      rectificationId = randomUUID();
      await tx.insert(rectifications).values({
        id: rectificationId,
        districtCode: me.districtCode,
        inspectionId: id,
        entityId: entity.id,
        townCode: entity.townCode,
        villageCode: entity.villageCode,
        items: failed.map((i) => ({ key: i.key, label: i.label, note: i.note })),
        deadline: body.deadline ?? addDays(today, days),
      });
    }
    await emitEvent(tx, me.districtCode, 'inspection.recorded', id, {
      entityId: entity.id,
      townCode: entity.townCode,
      failed: failed.length,
      rectificationId,
    });
    await writeAudit(tx, actor, {
      action: 'create',
      subjectType: 'inspection',
      subjectId: id,
      regionCode: entity.townCode,
      after: {
        entityId: entity.id,
        checklistVersion: checklist.version,
        failed: failed.map((i) => i.key),
        dutiesDone: closed.length,
        rectificationId,
      },
    });
    return { id, created: true };
  });
}

async function byClientId(db: Db, districtCode: string, clientId: string) {
  const [r] = await db
    .select()
    .from(inspections)
    .where(and(eq(inspections.districtCode, districtCode), eq(inspections.clientId, clientId)));
  return r ?? null;
}

/** A repeat must be the same submission: same entity, and the original must be visible to the sender. */
async function replayOf(db: Db, me: AuthUser, prior: InspectionRow, body: InspectionBody): Promise<string> {
  await entityInScopeOr404(db, me, prior.entityId).catch(() => {
    throw conflict('clientId 已被使用', [{ field: 'clientId', reason: '该编号已用于另一条巡查记录' }]);
  });
  if (prior.entityId !== body.entityId)
    throw conflict('clientId 已被使用', [{ field: 'clientId', reason: '该编号已用于另一主体的巡查记录' }]);
  return prior.id;
}

/** Every checklist item answered once; a failed item says what was wrong. */
function checkItems(list: { key: string; label: string }[], given: InspectionBody['items']): StoredItem[] {
  const byKey = new Map(given.map((g, i) => [g.key, { ...g, i }]));
  const issues: { field: string; reason: string }[] = [];
  given.forEach((g, i) => {
    if (!list.some((l) => l.key === g.key))
      issues.push({ field: `items.${i}.key`, reason: '不是该检查表的项目' });
    if (given.findIndex((x) => x.key === g.key) !== i)
      issues.push({ field: `items.${i}.key`, reason: '同一项目填写了两次' });
    if (g.result === 'fail' && !g.note?.trim())
      issues.push({ field: `items.${i}.note`, reason: '不合格项须写明问题' });
  });
  for (const l of list)
    if (!byKey.has(l.key)) issues.push({ field: 'items', reason: `未填写“${l.label}”的检查结果` });
  if (issues.length)
    throw new HttpError(400, issues.map((i) => `${i.field}: ${i.reason}`).join('；'), issues);
  return list.map((l) => {
    const g = byKey.get(l.key)!;
    return { key: l.key, label: l.label, result: g.result, note: g.note?.trim() || null };
  });
}

const inspPlace = (scope: Scope) => placeScope(scope, inspections);

export async function findInspection(db: Db, scope: Scope, id: string, field = 'id'): Promise<InspectionRow> {
  const [r] = await db
    .select()
    .from(inspections)
    .where(and(inspPlace(scope), eq(inspections.id, id)));
  if (!r) throw outOfScope(field, '巡查记录');
  return r;
}

export async function inspectionViews(db: Db, rows: InspectionRow[]) {
  if (!rows.length) return [];
  const ids = [...new Set(rows.map((r) => r.entityId))];
  const ents = await db
    .select({ id: entities.id, name: entities.name })
    .from(entities)
    .where(and(eq(entities.districtCode, rows[0]!.districtCode), inArray(entities.id, ids)));
  const en = new Map(ents.map((e) => [e.id, e.name]));
  const rects = await db
    .select({
      inspectionId: rectifications.inspectionId,
      id: rectifications.id,
      status: rectifications.status,
    })
    .from(rectifications)
    .where(
      and(
        eq(rectifications.districtCode, rows[0]!.districtCode),
        inArray(
          rectifications.inspectionId,
          rows.map((r) => r.id),
        ),
      ),
    );
  const rc = new Map(rects.map((r) => [r.inspectionId, r]));
  const names = await divisionNames(
    db,
    rows.flatMap((r) => [r.townCode, r.villageCode ?? '', r.gridCode ?? '']),
  );
  return rows.map((r) => ({
    id: r.id,
    clientId: r.clientId,
    entityId: r.entityId,
    entityName: en.get(r.entityId) ?? '',
    townCode: r.townCode,
    townName: townName(names, r.townCode),
    villageName: r.villageCode ? (names.get(r.villageCode) ?? null) : null,
    gridName: r.gridCode ? (names.get(r.gridCode) ?? null) : null,
    checklistId: r.checklistId,
    checklistVersion: r.checklistVersion,
    inspectedAt: r.inspectedAt.toISOString(),
    inspectorName: r.inspectorName,
    items: r.items as StoredItem[],
    failedCount: r.failedCount,
    note: r.note,
    rectificationId: rc.get(r.id)?.id ?? null,
    rectificationStatus: (rc.get(r.id)?.status ?? null) as 'open' | 'closed' | 'escalated' | null,
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function inspectionDetail(db: Db, r: InspectionRow) {
  const [view] = await inspectionViews(db, [r]);
  const photos = await db
    .select({
      id: inspectionPhotos.id,
      itemKey: inspectionPhotos.itemKey,
      contentType: inspectionPhotos.contentType,
      size: inspectionPhotos.size,
      sha256: inspectionPhotos.sha256,
      uploadedAt: inspectionPhotos.uploadedAt,
    })
    .from(inspectionPhotos)
    .where(and(eq(inspectionPhotos.districtCode, r.districtCode), eq(inspectionPhotos.inspectionId, r.id)))
    .orderBy(inspectionPhotos.uploadedAt);
  return { ...view!, photos: photos.map((p) => ({ ...p, uploadedAt: p.uploadedAt.toISOString() })) };
}

export async function searchInspections(
  db: Db,
  scope: Scope,
  f: {
    entityId?: string;
    townCode?: string;
    result?: 'pass' | 'fail';
    from?: string;
    to?: string;
    q?: string;
    page: number;
    pageSize: number;
  },
) {
  const conds: (SQL | undefined)[] = [
    inspPlace(scope),
    f.entityId ? eq(inspections.entityId, f.entityId) : undefined,
    f.townCode ? eq(inspections.townCode, f.townCode) : undefined,
    f.result === 'fail'
      ? gt(inspections.failedCount, 0)
      : f.result === 'pass'
        ? eq(inspections.failedCount, 0)
        : undefined,
    f.from ? gte(inspections.inspectedAt, new Date(`${f.from}T00:00:00+08:00`)) : undefined,
    f.to
      ? lt(inspections.inspectedAt, new Date(Date.parse(`${f.to}T00:00:00+08:00`) + 86_400_000))
      : undefined,
    f.q
      ? sql`${inspections.entityId} in (select ${entities.id} from ${entities} where ${entities.districtCode} = ${scope.districtCode} and ${ilike(entities.name, `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`)})`
      : undefined,
  ];
  const where = and(...conds);
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(inspections).where(where);
  const rows = await db
    .select()
    .from(inspections)
    .where(where)
    .orderBy(desc(inspections.inspectedAt), desc(inspections.id))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  return { items: await inspectionViews(db, rows), total: Number(total), page: f.page, pageSize: f.pageSize };
}

/** Adds a photo; the same bytes twice (a replay) return the first upload and store nothing. */
export async function addPhoto(
  db: Db,
  actor: Actor,
  r: InspectionRow,
  buffer: Buffer,
  itemKey: string | null,
): Promise<{ id: string; created: boolean }> {
  const check = checkPhoto(buffer);
  if (!check.ok)
    throw new HttpError(buffer.length > 0 && check.reason.includes('MB') ? 413 : 400, check.reason, [
      { field: 'file', reason: check.reason },
    ]);
  if (itemKey && !(r.items as StoredItem[]).some((i) => i.key === itemKey))
    throw fieldError('itemKey', '不是该巡查记录的检查项目');
  const where = and(
    eq(inspectionPhotos.districtCode, r.districtCode),
    eq(inspectionPhotos.inspectionId, r.id),
  );
  const [same] = await db
    .select({ id: inspectionPhotos.id })
    .from(inspectionPhotos)
    .where(and(where, eq(inspectionPhotos.sha256, check.sha256)));
  if (same) return { id: same.id, created: false };
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(inspectionPhotos).where(where);
  if (Number(n) >= MAX_PHOTOS_PER_INSPECTION)
    throw fieldError('file', `每条巡查记录最多 ${MAX_PHOTOS_PER_INSPECTION} 张照片`);
  const id = randomUUID();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(inspectionPhotos)
      .values({
        id,
        districtCode: r.districtCode,
        inspectionId: r.id,
        itemKey,
        contentType: check.contentType,
        sha256: check.sha256,
        size: check.size,
        bytes: buffer,
        uploadedBy: actor.user?.id ?? null,
      })
      .onConflictDoNothing()
      .returning({ id: inspectionPhotos.id });
    if (!row) {
      const [won] = await tx
        .select({ id: inspectionPhotos.id })
        .from(inspectionPhotos)
        .where(and(where, eq(inspectionPhotos.sha256, check.sha256)));
      return { id: won!.id, created: false };
    }
    await writeAudit(tx, actor, {
      action: 'photo',
      subjectType: 'inspection',
      subjectId: r.id,
      regionCode: r.townCode,
      after: { photoId: id, itemKey, contentType: check.contentType, size: check.size, sha256: check.sha256 },
    });
    return { id, created: true };
  });
}

export async function getPhoto(db: Db, r: InspectionRow, photoId: string) {
  const [p] = await db
    .select()
    .from(inspectionPhotos)
    .where(
      and(
        eq(inspectionPhotos.districtCode, r.districtCode),
        eq(inspectionPhotos.inspectionId, r.id),
        eq(inspectionPhotos.id, photoId),
      ),
    );
  if (!p) throw outOfScope('photoId', '照片');
  return p;
}
