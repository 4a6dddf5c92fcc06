import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A district's four-links rule (四挂钩); absent row = DEFAULT_FOUR_LINKS_RULE (shared/dossier). */
export const fourLinksSettings = pgTable('four_links_settings', {
  districtCode: text('district_code').primaryKey(),
  rule: jsonb('rule').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
