import { sql } from 'drizzle-orm';
import {
  check,
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
 * A quarterly bulletin (季度通报) of a district: the office's text around the figures the platform
 * computed for the quarter. A draft's figures are recomputed on demand; at issue they are computed
 * once more and frozen with the text. An issued bulletin is never changed or deleted (a trigger,
 * migration bulletins_checks, refuses it).
 */
export const bulletins = pgTable(
  'bulletins',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    year: integer('year').notNull(),
    quarter: integer('quarter').notNull(),
    title: text('title').notNull(),
    state: text('state').notNull().default('draft'),
    /** { intro, results, problems, nextSteps }: the editable text. */
    sections: jsonb('sections').notNull(),
    /** The computed figures (shared/bulletins BulletinFigures), as of computed_at. */
    figures: jsonb('figures').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    issuedBy: uuid('issued_by'),
    issuedByName: text('issued_by_name'),
    issuedAt: timestamp('issued_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('bulletins_quarter_uq').on(t.districtCode, t.year, t.quarter),
    index('bulletins_id_idx').on(t.id),
    check('bulletins_state_ck', sql`${t.state} in ('draft', 'issued')`),
    check('bulletins_quarter_ck', sql`${t.quarter} between 1 and 4`),
    check('bulletins_issued_ck', sql`(${t.state} = 'issued') = (${t.issuedAt} is not null)`),
  ],
);
