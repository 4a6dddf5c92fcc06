import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** The yearly risk-monitoring plan of a district (plan 二(十)); one per year. */
export const riskPlans = pgTable(
  'risk_plans',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    year: integer('year').notNull(),
    targets: text('targets').notNull(),
    products: text('products').array().notNull(),
    subjects: text('subjects').notNull(),
    keyPoints: text('key_points').notNull(),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('risk_plans_year_uq').on(t.districtCode, t.year),
  ],
);

/** An incident (突发事件) and its response. */
export const incidents = pgTable(
  'incidents',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    incidentNo: text('incident_no').notNull(),
    title: text('title').notNull(),
    level: text('level').notNull(),
    status: text('status').notNull().default('responding'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    /** Null: district-wide. */
    townCode: text('town_code'),
    summary: text('summary').notNull(),
    conclusion: text('conclusion'),
    reportedBy: uuid('reported_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('incidents_no_uq').on(t.districtCode, t.incidentNo),
    index('incidents_time_idx').on(t.districtCode, t.occurredAt),
    check('incidents_level_ck', sql`${t.level} in ('I', 'II', 'III', 'IV')`),
    check('incidents_status_ck', sql`${t.status} in ('responding', 'closed')`),
    check('incidents_closed_ck', sql`(${t.status} = 'closed') = (${t.closedAt} is not null)`),
  ],
);

/** One response step of an incident: who did what, when. */
export const incidentSteps = pgTable(
  'incident_steps',
  {
    districtCode: text('district_code').notNull(),
    incidentId: uuid('incident_id').notNull(),
    seq: integer('seq').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    recordedBy: uuid('recorded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.incidentId, t.seq] })],
);

/** Entities and production lots traced in an incident. */
export const incidentLinks = pgTable(
  'incident_links',
  {
    districtCode: text('district_code').notNull(),
    incidentId: uuid('incident_id').notNull(),
    kind: text('kind').notNull(),
    refId: uuid('ref_id').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.incidentId, t.kind, t.refId] }),
    check('incident_links_kind_ck', sql`${t.kind} in ('entity', 'lot')`),
  ],
);

/** A public-opinion item (舆情) and the office's response. */
export const opinions = pgTable(
  'opinions',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    source: text('source').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    url: text('url'),
    sentiment: text('sentiment').notNull(),
    foundAt: timestamp('found_at', { withTimezone: true }).notNull(),
    respondBy: date('respond_by').notNull(),
    verification: text('verification').notNull().default('pending'),
    response: text('response'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    recordedBy: uuid('recorded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('opinions_open_idx').on(t.districtCode, t.respondBy).where(sql`${t.respondedAt} is null`),
    check('opinions_sentiment_ck', sql`${t.sentiment} in ('negative', 'neutral', 'positive')`),
    check('opinions_verification_ck', sql`${t.verification} in ('pending', 'true', 'partly', 'false')`),
  ],
);
