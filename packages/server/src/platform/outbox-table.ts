import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * How far each outbox consumer has read domain_events with nothing left behind (platform/outbox.ts).
 * Not a tenant table: one runner reads every district's events. The truth of "consumed" is the
 * event's consumed_by array; this cursor only keeps the scan for pending events short.
 */
export const outboxCursors = pgTable('outbox_cursors', {
  consumer: text('consumer').primaryKey(),
  lastId: bigint('last_id', { mode: 'number' }).notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
