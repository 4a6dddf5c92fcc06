import {
  doublePrecision,
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

/**
 * A district's assessment scheme (考核办法) for a year. Never edited: saving makes the next
 * version, and results name the version they were computed with.
 */
export const assessmentSchemes = pgTable(
  'assessment_schemes',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    year: integer('year').notNull(),
    version: integer('version').notNull(),
    /** [{ key, group, name, points, rule }] (shared/assessment/schemas.ts `indicator`). */
    indicators: jsonb('indicators').notNull(),
    /** { commendTop, commendMin, criticiseBelow, criticiseBottom } */
    honours: jsonb('honours').notNull(),
    note: text('note').notNull().default(''),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('assessment_schemes_version_uq').on(t.districtCode, t.year, t.version),
  ],
);

/** A manual item's score for a town and period, with the evidence it rests on (files in supervision_files). */
export const assessmentManualScores = pgTable(
  'assessment_manual_scores',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    year: integer('year').notNull(),
    period: text('period').notNull(),
    townCode: text('town_code').notNull(),
    indicatorKey: text('indicator_key').notNull(),
    points: doublePrecision('points').notNull(),
    evidence: text('evidence').notNull(),
    enteredBy: uuid('entered_by'),
    enteredByName: text('entered_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('assessment_manual_scores_uq').on(
      t.districtCode,
      t.year,
      t.period,
      t.townCode,
      t.indicatorKey,
    ),
    index('assessment_manual_scores_id_idx').on(t.id),
  ],
);

/** A published ranking (通报): the results as they stood, kept unchanged; republishing adds a version. */
export const assessmentResults = pgTable(
  'assessment_results',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    year: integer('year').notNull(),
    period: text('period').notNull(),
    version: integer('version').notNull(),
    schemeVersion: integer('scheme_version'),
    /** The results view as computed (shared `resultsView` without `published`/`source`). */
    result: jsonb('result').notNull(),
    publishedBy: uuid('published_by'),
    publishedByName: text('published_by_name'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('assessment_results_version_uq').on(t.districtCode, t.year, t.period, t.version),
  ],
);
