import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

/** A publicity event (宣传活动): a town's, or district-wide when town_code is null. */
export const publicityEvents = pgTable(
  'publicity_events',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    townCode: text('town_code'),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    startOn: date('start_on').notNull(),
    endOn: date('end_on').notNull(),
    place: text('place').notNull(),
    organiser: text('organiser').notNull(),
    /** [{ item, quantity }] materials handed out. */
    materials: jsonb('materials').notNull().default([]),
    peopleReached: integer('people_reached').notNull(),
    consultations: integer('consultations').notNull(),
    notes: text('notes'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('publicity_events_town_idx').on(t.districtCode, t.townCode, t.startOn),
    check(
      'publicity_events_kind_ck',
      sql`${t.kind} in ('food_safety_week', 'inputs_week', 'market_day', 'trade_fair', 'field_guidance', 'other')`,
    ),
    check('publicity_events_dates_ck', sql`${t.endOn} >= ${t.startOn}`),
    check('publicity_events_counts_ck', sql`${t.peopleReached} >= 0 and ${t.consultations} >= 0`),
  ],
);

export const publicityPhotos = pgTable(
  'publicity_photos',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    eventId: uuid('event_id').notNull(),
    contentType: text('content_type').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    bytes: bytea('bytes').notNull(),
    uploadedBy: uuid('uploaded_by'),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('publicity_photos_sha_uq').on(t.districtCode, t.eventId, t.sha256),
  ],
);

/** A satisfaction survey (满意度调查), district-wide; answered on the public form at /s/<slug>. */
export const surveys = pgTable(
  'surveys',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    /** Short, unguessable-enough public name of the form (looked up alone). */
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    intro: text('intro'),
    opensOn: date('opens_on').notNull(),
    closesOn: date('closes_on').notNull(),
    status: text('status').notNull().default('draft'),
    /** [{ kind, text, options }]; frozen by a trigger once a response exists. */
    questions: jsonb('questions').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('surveys_slug_uq').on(t.slug),
    check('surveys_status_ck', sql`${t.status} in ('draft', 'published', 'closed')`),
    check('surveys_dates_ck', sql`${t.closesOn} >= ${t.opensOn}`),
  ],
);

/**
 * One response per respondent: `device_key` is an HMAC of the device's signed token, `phone_key`
 * an HMAC of the phone number if one was given (the number itself is never stored). Both keyed
 * per survey, so the same device or phone cannot be linked across surveys.
 */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    surveyId: uuid('survey_id').notNull(),
    deviceKey: text('device_key').notNull(),
    phoneKey: text('phone_key'),
    townCode: text('town_code'),
    answers: jsonb('answers').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('survey_responses_device_uq').on(t.districtCode, t.surveyId, t.deviceKey),
    uniqueIndex('survey_responses_phone_uq')
      .on(t.districtCode, t.surveyId, t.phoneKey)
      .where(sql`${t.phoneKey} is not null`),
    index('survey_responses_survey_idx').on(t.districtCode, t.surveyId, t.createdAt),
  ],
);

/** The platform's respondent-hash key (one row, made on first use); not tenant data. */
export const surveyKeys = pgTable('survey_keys', {
  name: text('name').primaryKey(),
  key: bytea('key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
