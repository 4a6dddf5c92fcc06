import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * A limits table imported by a district's testing centre (e.g. the official GB 2763-2026 table).
 * draft → active (its rows lay over the checked-in data for this district) → withdrawn; a later
 * active set of the same edition withdraws the earlier one.
 */
export const limitSets = pgTable(
  'limit_sets',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    editionCode: text('edition_code').notNull(),
    status: text('status', { enum: ['draft', 'active', 'withdrawn'] })
      .notNull()
      .default('draft'),
    fileName: text('file_name').notNull(),
    rowCount: integer('row_count').notNull(),
    /** How the uploader checked the table (reference VERIFICATIONS). */
    verification: text('verification').notNull(),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    activatedBy: uuid('activated_by'),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    withdrawnBy: uuid('withdrawn_by'),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    /** The set that replaced this one (same edition), if any. */
    supersededBy: uuid('superseded_by'),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('limit_sets_status_idx').on(t.districtCode, t.status),
    // One active table per edition and district: a second activation cannot slip in beside the first.
    uniqueIndex('limit_sets_active_uq').on(t.districtCode, t.editionCode).where(sql`${t.status} = 'active'`),
  ],
);

export const limitSetRows = pgTable(
  'limit_set_rows',
  {
    districtCode: text('district_code').notNull(),
    setId: uuid('set_id').notNull(),
    /** The row in the uploaded file. */
    line: integer('line').notNull(),
    analyteCode: text('analyte_code').notNull(),
    productCode: text('product_code').notNull(),
    limit: doublePrecision('limit').notNull(),
    unit: text('unit').notNull(),
    kind: text('kind').notNull(),
    standard: text('standard').notNull(),
    item: text('item').notNull(),
    /** Product codes the row does not reach by fallback, '|'-joined. */
    excludes: text('excludes').notNull().default(''),
    verification: text('verification').notNull(),
    source: text('source').notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.setId, t.line] })],
);

/** Past lab results whose verdict changed when a set was activated (stored verdicts stay as they were). */
export const limitSetChanges = pgTable(
  'limit_set_changes',
  {
    districtCode: text('district_code').notNull(),
    setId: uuid('set_id').notNull(),
    sampleId: uuid('sample_id').notNull(),
    analyteCode: text('analyte_code').notNull(),
    sampleNo: text('sample_no').notNull(),
    productCode: text('product_code').notNull(),
    sampledAt: timestamp('sampled_at', { withTimezone: true }).notNull(),
    value: doublePrecision('value'),
    unit: text('unit').notNull(),
    oldVerdict: text('old_verdict').notNull(),
    newVerdict: text('new_verdict').notNull(),
    oldCitation: text('old_citation'),
    newCitation: text('new_citation'),
    oldProvisional: boolean('old_provisional').notNull(),
    newProvisional: boolean('new_provisional').notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.setId, t.sampleId, t.analyteCode] })],
);
