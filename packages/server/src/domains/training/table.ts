import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** A training session (培训班) of plan 二(三); town_code null = organised district-wide. */
export const trainingSessions = pgTable(
  'training_sessions',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    townCode: text('town_code'),
    title: text('title').notNull(),
    category: text('category').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    place: text('place').notNull(),
    teacher: text('teacher').notNull(),
    materialTitle: text('material_title'),
    capacity: integer('capacity').notNull(),
    status: text('status').notNull().default('planned'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('training_sessions_held_idx').on(t.districtCode, t.heldOn),
    check('training_sessions_status_ck', sql`${t.status} in ('planned', 'held', 'cancelled')`),
    check(
      'training_sessions_category_ck',
      sql`${t.category} in ('testers', 'supervisors', 'village_coordinators', 'enterprise_heads', 'input_dealers', 'brand_holders')`,
    ),
    check('training_sessions_capacity_ck', sql`${t.capacity} > 0`),
  ],
);

/**
 * One person at one session. person_key is who they are: u:<user id>, e:<entity id> (recorded by
 * staff for an entity), or p:<HMAC of the phone> (public check-in); unique per session, so a
 * second scan of the same person is the same row.
 */
export const trainingAttendance = pgTable(
  'training_attendance',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    sessionId: uuid('session_id').notNull(),
    personKey: text('person_key').notNull(),
    personName: text('person_name').notNull(),
    userId: uuid('user_id'),
    entityId: uuid('entity_id'),
    /** The attendee's town (their account's or entity's), for coverage by town. */
    townCode: text('town_code'),
    phoneMasked: text('phone_masked'),
    method: text('method').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('training_attendance_person_uq').on(t.districtCode, t.sessionId, t.personKey),
    index('training_attendance_entity_idx').on(t.districtCode, t.entityId),
    index('training_attendance_user_idx').on(t.districtCode, t.userId),
    foreignKey({
      columns: [t.districtCode, t.sessionId],
      foreignColumns: [trainingSessions.districtCode, trainingSessions.id],
    }).onDelete('cascade'),
    check('training_attendance_method_ck', sql`${t.method} in ('staff', 'scan_user', 'scan_public')`),
    check('training_attendance_key_ck', sql`${t.personKey} ~ '^[uep]:.+'`),
  ],
);
