import { randomUUID } from 'node:crypto';
import {
  EVENT_KIND_LABELS,
  type EventBody,
  type EventKind,
  type EventSummary,
  type EventView,
} from '@nongan/shared/publicity/schemas';
import { and, asc, count, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { fieldError, HttpError } from '../../platform/http-error.ts';
import type { Scope } from '../accounts/scope.ts';
import { divisionInScopeOr404, outOfScope } from '../accounts/write-scope.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { iso, userNames } from '../campaigns/names.ts';
import { checkPhoto } from '../inspections/photos.ts';
import { townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { divisions } from '../regions/table.ts';
import { publicityEvents, publicityPhotos } from './table.ts';

export type EventRow = typeof publicityEvents.$inferSelect;
export const MAX_PHOTOS_PER_EVENT = 9;

const townOf = (scope: Scope) =>
  scope.kind === 'town' ? scope.townCode : scope.kind === 'village' ? scope.villageCode.slice(0, 9) : null;

/** A town reads its own events and the district-wide ones; the office reads all of its district. */
export function eventScope(scope: Scope): SQL {
  const d = eq(publicityEvents.districtCode, scope.districtCode);
  const town = townOf(scope);
  if (scope.kind === 'district') return d;
  return and(d, or(eq(publicityEvents.townCode, town ?? ''), isNull(publicityEvents.townCode))) as SQL;
}

/** The office changes any event of its district; a town only its own town's. */
export const canEdit = (scope: Scope, e: EventRow) =>
  e.districtCode === scope.districtCode &&
  (scope.kind === 'district' || (!!e.townCode && e.townCode === townOf(scope)));

export async function getEvent(db: Db, scope: Scope, id: string): Promise<EventRow> {
  const [e] = await db
    .select()
    .from(publicityEvents)
    .where(and(eventScope(scope), eq(publicityEvents.id, id)));
  if (!e) throw new HttpError(404, '宣传活动不存在或不在本人辖区');
  return e;
}

async function checkPlace(db: Db, scope: Scope, townCode: string | null) {
  if (townCode === null) {
    if (scope.kind !== 'district') throw outOfScope('townCode', '区域');
    return;
  }
  divisionInScopeOr404(scope, townCode);
  const [t] = await db
    .select({ code: divisions.code })
    .from(divisions)
    .where(and(eq(divisions.code, townCode), eq(divisions.level, 'town')));
  if (!t) throw fieldError('townCode', '请选择镇街');
}

export async function saveEvent(db: Db, actor: Actor, scope: Scope, b: EventBody, before?: EventRow) {
  await checkPlace(db, scope, b.townCode);
  const id = before?.id ?? randomUUID();
  await db.transaction(async (tx) => {
    if (before)
      await tx
        .update(publicityEvents)
        .set({ ...b, updatedAt: new Date() })
        .where(and(eq(publicityEvents.districtCode, before.districtCode), eq(publicityEvents.id, id)));
    else
      await tx
        .insert(publicityEvents)
        .values({ districtCode: scope.districtCode, id, ...b, createdBy: actor.user?.id ?? null });
    await writeAudit(tx, actor, {
      action: before ? 'update' : 'create',
      subjectType: 'publicity_event',
      subjectId: id,
      regionCode: b.townCode ?? scope.districtCode,
      ...(before
        ? { before: { title: before.title, peopleReached: before.peopleReached, townCode: before.townCode } }
        : {}),
      after: {
        title: b.title,
        kind: b.kind,
        startOn: b.startOn,
        townCode: b.townCode,
        peopleReached: b.peopleReached,
      },
    });
  });
  return getEvent(db, scope, id);
}

export async function eventViews(db: Db, scope: Scope, rows: EventRow[]): Promise<EventView[]> {
  const towns = await divisionNames(
    db,
    rows.flatMap((r) => (r.townCode ? [r.townCode] : [])),
  );
  const names = await userNames(
    db,
    rows.map((r) => r.createdBy),
  );
  const photos = rows.length
    ? await db
        .select({ id: publicityPhotos.id, eventId: publicityPhotos.eventId, size: publicityPhotos.size })
        .from(publicityPhotos)
        .where(
          and(
            eq(publicityPhotos.districtCode, scope.districtCode),
            inArray(
              publicityPhotos.eventId,
              rows.map((r) => r.id),
            ),
          ),
        )
        .orderBy(asc(publicityPhotos.uploadedAt))
    : [];
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as EventKind,
    kindLabel: EVENT_KIND_LABELS[r.kind as EventKind],
    title: r.title,
    startOn: r.startOn,
    endOn: r.endOn,
    townCode: r.townCode,
    townName: r.townCode ? townName(towns, r.townCode) : '全区',
    place: r.place,
    organiser: r.organiser,
    materials: r.materials as EventView['materials'],
    peopleReached: r.peopleReached,
    consultations: r.consultations,
    notes: r.notes,
    photos: photos.filter((p) => p.eventId === r.id).map(({ id, size }) => ({ id, size })),
    createdByName: r.createdBy ? (names.get(r.createdBy) ?? null) : null,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    editable: canEdit(scope, r),
  }));
}

export async function addEventPhoto(db: Db, actor: Actor, e: EventRow, buffer: Buffer) {
  const check = checkPhoto(buffer);
  if (!check.ok)
    throw new HttpError(buffer.length > 0 && check.reason.includes('MB') ? 413 : 400, check.reason, [
      { field: 'file', reason: check.reason },
    ]);
  const where = and(eq(publicityPhotos.districtCode, e.districtCode), eq(publicityPhotos.eventId, e.id));
  const [same] = await db
    .select({ id: publicityPhotos.id })
    .from(publicityPhotos)
    .where(and(where, eq(publicityPhotos.sha256, check.sha256)));
  if (same) return { id: same.id, created: false };
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(publicityPhotos).where(where);
  if (Number(n) >= MAX_PHOTOS_PER_EVENT)
    throw fieldError('file', `每次活动最多 ${MAX_PHOTOS_PER_EVENT} 张照片`);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(publicityPhotos).values({
      districtCode: e.districtCode,
      id,
      eventId: e.id,
      contentType: check.contentType,
      sha256: check.sha256,
      size: check.size,
      bytes: buffer,
      uploadedBy: actor.user?.id ?? null,
    });
    await writeAudit(tx, actor, {
      action: 'add_photo',
      subjectType: 'publicity_event',
      subjectId: e.id,
      regionCode: e.townCode ?? e.districtCode,
      after: { photoId: id, sha256: check.sha256 },
    });
  });
  return { id, created: true };
}

export async function getEventPhoto(db: Db, e: EventRow, photoId: string) {
  const [p] = await db
    .select()
    .from(publicityPhotos)
    .where(
      and(
        eq(publicityPhotos.districtCode, e.districtCode),
        eq(publicityPhotos.eventId, e.id),
        eq(publicityPhotos.id, photoId),
      ),
    );
  if (!p) throw outOfScope('photoId', '照片');
  return p;
}

/** Events, people reached, consultations and materials handed out, per town and kind, for a year. */
export async function eventSummary(db: Db, scope: Scope, year: number): Promise<EventSummary> {
  const e = publicityEvents;
  const rows = await db
    .select({
      townCode: e.townCode,
      kind: e.kind,
      events: sql<number>`count(*)::int`,
      peopleReached: sql<number>`coalesce(sum(${e.peopleReached}), 0)::int`,
      consultations: sql<number>`coalesce(sum(${e.consultations}), 0)::int`,
      materials: sql<number>`coalesce(sum((select coalesce(sum((m->>'quantity')::int), 0) from jsonb_array_elements(${e.materials}) m)), 0)::int`,
    })
    .from(e)
    .where(and(eventScope(scope), sql`extract(year from ${e.startOn}) = ${year}`))
    .groupBy(e.townCode, e.kind)
    .orderBy(e.townCode, e.kind);
  const towns = await divisionNames(
    db,
    rows.flatMap((r) => (r.townCode ? [r.townCode] : [])),
  );
  return {
    year,
    rows: rows.map((r) => ({
      townCode: r.townCode,
      townName: r.townCode ? townName(towns, r.townCode) : '全区',
      kind: r.kind as EventKind,
      kindLabel: EVENT_KIND_LABELS[r.kind as EventKind],
      events: Number(r.events),
      peopleReached: Number(r.peopleReached),
      consultations: Number(r.consultations),
      materials: Number(r.materials),
    })),
  };
}
