import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/** Counters for human-readable serial numbers (sample, rapid test, certificate numbers). */
export const serials = pgTable(
  'serials',
  {
    districtCode: text('district_code').notNull(),
    name: text('name').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.name, t.year] })],
);
