import {
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** A yearly monitoring plan of a district (plan 二(二)). */
export const monitoringPlans = pgTable(
  'monitoring_plans',
  {
    id: uuid('id').notNull(),
    districtCode: text('district_code').notNull(),
    year: integer('year').notNull(),
    name: text('name').notNull(),
    /** Percent, e.g. 98.00. */
    targetPassRate: numeric('target_pass_rate', { precision: 5, scale: 2, mode: 'number' }).notNull(),
    status: text('status').notNull().default('draft'),
    /** Where a preloaded plan comes from (document and section). */
    source: text('source'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('monitoring_plans_year_uq').on(t.districtCode, t.year),
  ],
);

/** How many tests of a kind a holder (a town, or the district testing centre) must do under a plan. */
export const planQuotas = pgTable(
  'plan_quotas',
  {
    districtCode: text('district_code').notNull(),
    planId: uuid('plan_id').notNull(),
    taskKind: text('task_kind').notNull(),
    holderCode: text('holder_code').notNull(),
    quota: integer('quota').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.planId, t.taskKind, t.holderCode] }),
    index('plan_quotas_holder_idx').on(t.districtCode, t.holderCode),
  ],
);
