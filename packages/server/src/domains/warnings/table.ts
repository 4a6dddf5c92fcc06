import { sql } from 'drizzle-orm';
import {
  check,
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
 * A warning raised by a rule (rules.ts) for one scope. At most one open-or-acknowledged warning per
 * (district, scope_key): a new failing result updates that warning instead of raising another.
 */
export const warnings = pgTable(
  'warnings',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    townCode: text('town_code'),
    kind: text('kind').notNull(),
    /** e.g. pass_rate:town:<code>, repeat_failure:entity:<id>: the dedupe key. */
    scopeKey: text('scope_key').notNull(),
    level: text('level').notNull(),
    state: text('state').notNull().default('open'),
    subject: text('subject').notNull(),
    evidence: jsonb('evidence').notNull(),
    /** What the evidence rests on (record ids, counts): a user's resolution holds until it changes. */
    fingerprint: text('fingerprint').notNull(),
    /** The town supervisor of town_code, or the district office when town_code is null. */
    ownerRole: text('owner_role').notNull(),
    firstSeen: timestamp('first_seen', { withTimezone: true }).notNull().defaultNow(),
    lastSeen: timestamp('last_seen', { withTimezone: true }).notNull().defaultNow(),
    acknowledgedBy: uuid('acknowledged_by'),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    /** Null with resolved_at set: resolved by the system (the condition no longer holds). */
    resolvedBy: uuid('resolved_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolveReason: text('resolve_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('warnings_active_scope_uq')
      .on(t.districtCode, t.scopeKey)
      .where(sql`${t.state} in ('open', 'acknowledged')`),
    index('warnings_town_idx').on(t.districtCode, t.townCode, t.state),
    index('warnings_scope_idx').on(t.districtCode, t.scopeKey, t.state),
    check('warnings_state_ck', sql`${t.state} in ('open', 'acknowledged', 'resolved')`),
    check('warnings_level_ck', sql`${t.level} in ('notice', 'attention', 'serious')`),
    check(
      'warnings_resolved_ck',
      sql`(${t.state} = 'resolved') = (${t.resolvedAt} is not null) and (${t.state} <> 'resolved' or ${t.resolveReason} is not null)`,
    ),
    check('warnings_ack_ck', sql`${t.state} <> 'acknowledged' or ${t.acknowledgedAt} is not null`),
  ],
);

/** A district's warning thresholds (district settings, edited by the district office). */
export const warningSettings = pgTable('warning_settings', {
  districtCode: text('district_code').primaryKey(),
  passRateThreshold: doublePrecision('pass_rate_threshold'),
  minSamples: integer('min_samples').notNull(),
  repeatFailures: integer('repeat_failures').notNull(),
  repeatWindowDays: integer('repeat_window_days').notNull(),
  paceShare: doublePrecision('pace_share').notNull(),
  overdueGraceDays: integer('overdue_grace_days').notNull(),
  mismatchWindowDays: integer('mismatch_window_days').notNull(),
  brandExpiryDays: integer('brand_expiry_days').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
