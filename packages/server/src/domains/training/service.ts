import { createHash, randomUUID } from 'node:crypto';
import type { Role } from '@nongan/shared/accounts/schemas';
import {
  ATTENDANCE_METHOD_LABELS,
  type AttendanceView,
  TRAINING_CATEGORY_LABELS,
  TRAINING_STATUS_LABELS,
  type TrainingCategory,
  type TrainingSessionView,
  type TrainingStatus,
} from '@nongan/shared/training/schemas';
import { and, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../platform/http-error.ts';
import { type AuthUser, type Scope, scopeOf } from '../accounts/scope.ts';
import { entityNames, iso } from '../campaigns/names.ts';
import type { KeyRing } from '../certificates/keys.ts';
import { townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import type { CheckinKeys } from './rules.ts';
import { trainingAttendance, trainingSessions } from './table.ts';

export type SessionRow = typeof trainingSessions.$inferSelect;

/** Who organises training and records attendance: the district office, town supervisors for their town. */
export const TRAINING_ORGANISERS: readonly Role[] = ['district_admin', 'district_staff', 'town_supervisor'];

const townOf = (s: Scope) =>
  s.kind === 'town' ? s.townCode : s.kind === 'village' ? s.villageCode.slice(0, 9) : null;

/**
 * Sessions a user may read: organisers see the district's (a town: its own and the district-wide
 * ones); anyone else only the sessions they or their entity attended.
 */
export function sessionReadScope(me: AuthUser): SQL {
  const scope = scopeOf(me);
  const d = eq(trainingSessions.districtCode, scope.districtCode);
  if (TRAINING_ORGANISERS.includes(me.role)) {
    if (scope.kind === 'district') return d;
    return and(
      d,
      or(isNull(trainingSessions.townCode), eq(trainingSessions.townCode, townOf(scope) ?? '')),
    ) as SQL;
  }
  const mine =
    me.role === 'producer' && me.entityId
      ? or(eq(trainingAttendance.userId, me.id), eq(trainingAttendance.entityId, me.entityId))
      : eq(trainingAttendance.userId, me.id);
  return and(
    d,
    sql`exists (select 1 from ${trainingAttendance} where ${trainingAttendance.districtCode} = ${trainingSessions.districtCode} and ${trainingAttendance.sessionId} = ${trainingSessions.id} and ${mine})`,
  ) as SQL;
}

/** Whether the user may change the session and record its attendance (a town: its own sessions). */
export function canEditSession(me: AuthUser, s: SessionRow): boolean {
  if (!TRAINING_ORGANISERS.includes(me.role) || s.districtCode !== me.districtCode) return false;
  const scope = scopeOf(me);
  return scope.kind === 'district' || (s.townCode !== null && s.townCode === townOf(scope));
}

export async function getSession(db: Db, me: AuthUser, id: string): Promise<SessionRow> {
  const [s] = await db
    .select()
    .from(trainingSessions)
    .where(and(sessionReadScope(me), eq(trainingSessions.id, id)));
  if (!s) throw notFound('培训不存在或不在本人范围');
  return s;
}

/** A session the user may edit; one they can only read (or not see) is a 404 as well. */
export async function editableSession(db: Db, me: AuthUser, id: string): Promise<SessionRow> {
  const s = await getSession(db, me, id);
  if (!canEditSession(me, s)) throw notFound('培训不存在或不在本人辖区');
  return s;
}

export async function sessionViews(db: Db, me: AuthUser, rows: SessionRow[]): Promise<TrainingSessionView[]> {
  const towns = await divisionNames(
    db,
    rows.map((r) => r.townCode).filter((c): c is string => !!c),
  );
  const counts = new Map<string, number>();
  if (rows.length > 0) {
    const c = await db
      .select({ id: trainingAttendance.sessionId, n: sql<number>`count(*)::int` })
      .from(trainingAttendance)
      .where(
        and(
          eq(trainingAttendance.districtCode, me.districtCode),
          inArray(
            trainingAttendance.sessionId,
            rows.map((r) => r.id),
          ),
        ),
      )
      .groupBy(trainingAttendance.sessionId);
    for (const r of c) counts.set(r.id, Number(r.n));
  }
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    category: r.category as TrainingCategory,
    categoryLabel: TRAINING_CATEGORY_LABELS[r.category as TrainingCategory],
    heldOn: r.heldOn,
    place: r.place,
    townCode: r.townCode,
    townName: r.townCode ? townName(towns, r.townCode) : '区级',
    teacher: r.teacher,
    materialTitle: r.materialTitle,
    capacity: r.capacity,
    status: r.status as TrainingStatus,
    statusLabel: TRAINING_STATUS_LABELS[r.status as TrainingStatus],
    attendees: counts.get(r.id) ?? 0,
    canEdit: canEditSession(me, r),
  }));
}

/** The attendance list; an attendee who is not an organiser sees only their own row. */
export async function attendanceViews(db: Db, me: AuthUser, s: SessionRow): Promise<AttendanceView[]> {
  const organiser = TRAINING_ORGANISERS.includes(me.role);
  const rows = await db
    .select()
    .from(trainingAttendance)
    .where(
      and(
        eq(trainingAttendance.districtCode, s.districtCode),
        eq(trainingAttendance.sessionId, s.id),
        organiser
          ? undefined
          : me.entityId
            ? or(eq(trainingAttendance.userId, me.id), eq(trainingAttendance.entityId, me.entityId))
            : eq(trainingAttendance.userId, me.id),
      ),
    )
    .orderBy(trainingAttendance.createdAt);
  const names = await entityNames(
    db,
    rows.map((r) => r.entityId).filter((i): i is string => !!i),
  );
  const towns = await divisionNames(
    db,
    rows.map((r) => r.townCode).filter((c): c is string => !!c),
  );
  return rows.map((r) => ({
    id: r.id,
    personName: r.personName,
    userId: r.userId,
    entityId: r.entityId,
    entityName: r.entityId ? (names.get(r.entityId) ?? null) : null,
    phoneMasked: r.phoneMasked,
    method: r.method as AttendanceView['method'],
    methodLabel: ATTENDANCE_METHOD_LABELS[r.method as AttendanceView['method']],
    townName: r.townCode ? (towns.get(r.townCode) ?? '') : '区级',
    createdAt: iso(r.createdAt),
  }));
}

export interface NewAttendance {
  personKey: string;
  personName: string;
  userId?: string | null;
  entityId?: string | null;
  townCode: string | null;
  phoneMasked?: string | null;
  method: 'staff' | 'scan_user' | 'scan_public';
  createdBy?: string | null;
}

/** Adds one attendee; the unique index keeps one row per person per session. Returns null if already there. */
export async function addAttendance(db: Db, s: SessionRow, a: NewAttendance): Promise<string | null> {
  const id = randomUUID();
  const done = await db
    .insert(trainingAttendance)
    .values({ districtCode: s.districtCode, id, sessionId: s.id, ...a })
    .onConflictDoNothing()
    .returning({ id: trainingAttendance.id });
  return done.length > 0 ? id : null;
}

/** HMAC keys for check-in codes, derived from the trace-code signing keys (same ring, same rotation). */
export function checkinKeys(ring: KeyRing): CheckinKeys {
  const keys = new Map<string, Buffer>();
  for (const [id, k] of ring.signers)
    keys.set(
      id,
      createHash('sha256')
        .update('nongan-training-checkin|')
        .update(k.export({ type: 'pkcs8', format: 'der' }))
        .digest(),
    );
  return { activeId: ring.activeId, keys };
}
