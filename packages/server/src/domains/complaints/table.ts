import { sql } from 'drizzle-orm';
import {
  boolean,
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

/** A complaint (举报) from the public form; routed to the town the complainant chose. */
export const complaints = pgTable(
  'complaints',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    year: integer('year').notNull(),
    serial: integer('serial').notNull(),
    /** JB-<year>-<serial>-<secret><check>; the secret makes it unguessable. */
    reference: text('reference').notNull(),
    townCode: text('town_code').notNull(),
    place: text('place').notNull(),
    topic: text('topic').notNull(),
    product: text('product'),
    content: text('content').notNull(),
    anonymous: boolean('anonymous').notNull(),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    status: text('status').notNull().default('submitted'),
    reply: text('reply'),
    /** [{ action, at, userId, byName, note }]: who handled it and when. */
    history: jsonb('history').notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('complaints_serial_uq').on(t.districtCode, t.year, t.serial),
    // Looked up by reference alone on the public status page; the district comes first only for the key.
    uniqueIndex('complaints_reference_uq').on(t.districtCode, t.reference),
    index('complaints_reference_idx').on(t.reference),
    index('complaints_town_idx').on(t.districtCode, t.townCode, t.createdAt),
    check(
      'complaints_status_ck',
      sql`${t.status} in ('submitted', 'accepted', 'investigating', 'replied', 'closed')`,
    ),
    check(
      'complaints_anonymous_ck',
      sql`not ${t.anonymous} or (${t.contactName} is null and ${t.contactPhone} is null)`,
    ),
  ],
);

/** Inspections or cases a complaint opened (validated when those domains are merged). */
export const complaintLinks = pgTable(
  'complaint_links',
  {
    districtCode: text('district_code').notNull(),
    complaintId: uuid('complaint_id').notNull(),
    kind: text('kind').notNull(),
    refId: text('ref_id').notNull(),
    label: text('label').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.complaintId, t.kind, t.refId] }),
    check('complaint_links_kind_ck', sql`${t.kind} in ('inspection', 'case')`),
  ],
);
