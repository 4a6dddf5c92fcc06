import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A special campaign (专项整治) on one problem variety: the "four ones" of plan 二(八). */
export const campaigns = pgTable(
  'campaigns',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    year: integer('year').notNull(),
    variety: text('variety').notNull(),
    title: text('title').notNull(),
    drugs: text('drugs').array().notNull(),
    plan: text('plan').notNull(),
    measures: text('measures').notNull(),
    startOn: date('start_on').notNull(),
    endOn: date('end_on').notNull(),
    status: text('status').notNull().default('active'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('campaigns_year_idx').on(t.districtCode, t.year),
    check('campaigns_status_ck', sql`${t.status} in ('active', 'closed')`),
    check('campaigns_dates_ck', sql`${t.endOn} >= ${t.startOn}`),
  ],
);

/** One line of the rectification list (一张清单): an entity and its issue. */
export const campaignItems = pgTable(
  'campaign_items',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    entityId: uuid('entity_id').notNull(),
    /** The entity's town when listed: items are scoped by town. */
    townCode: text('town_code').notNull(),
    issue: text('issue').notNull(),
    dueOn: date('due_on').notNull(),
    status: text('status').notNull().default('open'),
    rectifiedOn: date('rectified_on'),
    note: text('note'),
    updatedBy: uuid('updated_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('campaign_items_campaign_idx').on(t.districtCode, t.campaignId, t.townCode),
    check('campaign_items_status_ck', sql`${t.status} in ('open', 'rectified')`),
    check('campaign_items_rectified_ck', sql`(${t.status} = 'rectified') = (${t.rectifiedOn} is not null)`),
  ],
);

/** Samples taken under a campaign. */
export const campaignSamples = pgTable(
  'campaign_samples',
  {
    districtCode: text('district_code').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    sampleId: uuid('sample_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.campaignId, t.sampleId] })],
);

/** Links to inspections and cases (other domains), validated when the domains are merged. */
export const campaignLinks = pgTable(
  'campaign_links',
  {
    districtCode: text('district_code').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    kind: text('kind').notNull(),
    refId: text('ref_id').notNull(),
    label: text('label').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.campaignId, t.kind, t.refId] }),
    check('campaign_links_kind_ck', sql`${t.kind} in ('inspection', 'case')`),
  ],
);
