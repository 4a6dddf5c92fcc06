import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** A brand certification (两品一标 and the like) held by an entity for some products. */
export const brandCertifications = pgTable(
  'brand_certifications',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    kind: text('kind').notNull(),
    certNo: text('cert_no').notNull(),
    entityId: uuid('entity_id').notNull(),
    /** The entity's town when registered, so town supervisors see their town's certifications. */
    townCode: text('town_code').notNull(),
    productCodes: text('product_codes').array().notNull(),
    area: numeric('area', { mode: 'number' }),
    areaUnit: text('area_unit').notNull().default('mu'),
    output: numeric('output', { mode: 'number' }),
    outputUnit: text('output_unit').notNull().default('tonne'),
    issuedOn: date('issued_on').notNull(),
    validUntil: date('valid_until').notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokeReason: text('revoke_reason'),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('brand_certifications_no_uq').on(t.districtCode, t.kind, t.certNo),
    // The scan page's one read: an entity's certifications still in force.
    index('brand_certifications_entity_idx').on(t.districtCode, t.entityId, t.validUntil),
    index('brand_certifications_town_idx').on(t.districtCode, t.townCode, t.validUntil),
    check(
      'brand_certifications_kind_ck',
      sql`${t.kind} in ('green', 'organic', 'gi', 'mingte', 'cq_famous', 'gap')`,
    ),
    check('brand_certifications_dates_ck', sql`${t.validUntil} > ${t.issuedOn}`),
    check('brand_certifications_products_ck', sql`cardinality(${t.productCodes}) > 0`),
    check(
      'brand_certifications_units_ck',
      sql`${t.areaUnit} in ('mu', 'hectare') and ${t.outputUnit} in ('kg', 'tonne')`,
    ),
    check('brand_certifications_revoked_ck', sql`(${t.revokedAt} is null) = (${t.revokeReason} is null)`),
  ],
);

/** 年检, 证后监管 and 标志使用检查 records of a certification. */
export const brandReviews = pgTable(
  'brand_reviews',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    certificationId: uuid('certification_id').notNull(),
    kind: text('kind').notNull(),
    on: date('on').notNull(),
    inspector: text('inspector').notNull(),
    result: text('result').notNull(),
    place: text('place'),
    findings: text('findings'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('brand_reviews_cert_idx').on(t.districtCode, t.certificationId, t.on),
    check('brand_reviews_kind_ck', sql`${t.kind} in ('annual', 'supervision', 'label')`),
    // misuse is a finding of a label check only.
    check(
      'brand_reviews_result_ck',
      sql`${t.result} in ('pass', 'fail') or (${t.result} = 'misuse' and ${t.kind} = 'label')`,
    ),
  ],
);

/** A regional public brand (区域公用品牌), e.g. 巴味渝珍, 铜梁莲藕. */
export const regionalBrands = pgTable(
  'regional_brands',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    owner: text('owner'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('regional_brands_name_uq').on(t.districtCode, t.name),
  ],
);

/** An entity licensed to use a regional brand. */
export const brandLicences = pgTable(
  'brand_licences',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    brandId: uuid('brand_id').notNull(),
    entityId: uuid('entity_id').notNull(),
    townCode: text('town_code').notNull(),
    /** Empty: the licence covers all the entity's products. */
    productCodes: text('product_codes').array().notNull().default(sql`'{}'::text[]`),
    licensedOn: date('licensed_on').notNull(),
    validUntil: date('valid_until'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('brand_licences_uq').on(t.districtCode, t.brandId, t.entityId, t.licensedOn),
    index('brand_licences_entity_idx').on(t.districtCode, t.entityId),
    check('brand_licences_dates_ck', sql`${t.validUntil} is null or ${t.validUntil} > ${t.licensedOn}`),
  ],
);

/** 扶持/评优/示范 decisions, each weighed by the four-links rule when recorded. */
export const supportDecisions = pgTable(
  'support_decisions',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    purpose: text('purpose').notNull(),
    entityId: uuid('entity_id').notNull(),
    townCode: text('town_code').notNull(),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    decision: text('decision').notNull(),
    /** Four-links warnings the recorder acknowledged. */
    warnings: jsonb('warnings').notNull().default([]),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('support_decisions_year_idx').on(t.districtCode, t.year),
    check('support_decisions_purpose_ck', sql`${t.purpose} in ('funding', 'award', 'demonstration')`),
    check('support_decisions_decision_ck', sql`${t.decision} in ('approved', 'rejected')`),
  ],
);

/** A district's brand settings; absent row = defaults (shared/brands: 90-day reminder, plan targets). */
export const brandSettings = pgTable('brand_settings', {
  districtCode: text('district_code').primaryKey(),
  remindDays: integer('remind_days').notNull(),
  targets: jsonb('targets').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
