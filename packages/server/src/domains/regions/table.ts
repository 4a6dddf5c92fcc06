import { boolean, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Administrative divisions: district, town/street, village, grid. Small and read everywhere,
 * so under Citus this is a reference table.
 */
export const divisions = pgTable(
  'divisions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level', { enum: ['district', 'town', 'village', 'grid'] }).notNull(),
    parentCode: text('parent_code'),
    districtCode: text('district_code').notNull(),
    kind: text('kind'),
    formerName: text('former_name'),
    keyTown: boolean('key_town').notNull().default(false),
    source: text('source'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('divisions_parent_idx').on(t.parentCode), index('divisions_district_idx').on(t.districtCode)],
);
