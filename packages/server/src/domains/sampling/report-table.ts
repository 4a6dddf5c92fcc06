import { sql } from 'drizzle-orm';
import {
  customType,
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

/**
 * A test report (检验报告) as issued: the printed figures (snapshot) and the PDF bytes are kept,
 * never rewritten. A correction issues a new version that supersedes the old; both are kept.
 */
export const labReports = pgTable(
  'lab_reports',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    sampleId: uuid('sample_id').notNull(),
    reportNo: text('report_no').notNull(),
    version: integer('version').notNull(),
    /** The version this one corrects (null for the first). */
    supersedes: uuid('supersedes'),
    correctionReason: text('correction_reason'),
    /** issued | superseded */
    status: text('status').notNull().default('issued'),
    snapshot: jsonb('snapshot').notNull(),
    pdf: bytea('pdf').notNull(),
    /** The public copy, rendered at issue from the same snapshot less personal data. */
    publicPdf: bytea('public_pdf').notNull(),
    sha256: text('sha256').notNull(),
    /** Unguessable key of the public copy (personal data left out), linked from the scan page. */
    publicToken: text('public_token').notNull(),
    issuedBy: uuid('issued_by'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('lab_reports_no_uq').on(t.districtCode, t.reportNo),
    uniqueIndex('lab_reports_version_uq').on(t.districtCode, t.sampleId, t.version),
    // At most one issued version per sample: two concurrent issues cannot both stand.
    uniqueIndex('lab_reports_issued_uq').on(t.districtCode, t.sampleId).where(sql`${t.status} = 'issued'`),
    uniqueIndex('lab_reports_token_uq').on(t.publicToken),
    index('lab_reports_id_idx').on(t.id),
  ],
);
