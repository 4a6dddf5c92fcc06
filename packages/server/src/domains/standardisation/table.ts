import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
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

/** A production procedure (生产技术规程), by its number; its text lives in versions. */
export const stdProcedures = pgTable(
  'std_procedures',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    number: text('number').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('std_procedures_number_uq').on(t.districtCode, t.number),
  ],
);

/**
 * One version of a procedure. At most one draft and one published (current) version per
 * procedure (partial unique indexes in the checks migration); publishing supersedes the previous.
 */
export const stdProcedureVersions = pgTable(
  'std_procedure_versions',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    procedureId: uuid('procedure_id').notNull(),
    version: integer('version').notNull(),
    status: text('status').notNull().default('draft'),
    title: text('title').notNull(),
    /** Product codes of the standards catalogue (reference/products.csv). */
    products: text('products').array().notNull(),
    siteEnvironment: text('site_environment').notNull(),
    inputs: text('inputs').notNull(),
    processControl: text('process_control').notNull(),
    harvest: text('harvest').notNull(),
    storage: text('storage').notNull(),
    transport: text('transport').notNull(),
    note: text('note'),
    publishedOn: date('published_on', { mode: 'string' }),
    /** The day it was superseded or withdrawn. */
    endedOn: date('ended_on', { mode: 'string' }),
    fileName: text('file_name'),
    fileType: text('file_type'),
    fileSize: integer('file_size'),
    fileSha256: text('file_sha256'),
    fileBytes: bytea('file_bytes'),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('std_versions_number_uq').on(t.districtCode, t.procedureId, t.version),
    foreignKey({
      columns: [t.districtCode, t.procedureId],
      foreignColumns: [stdProcedures.districtCode, stdProcedures.id],
      name: 'std_versions_procedure_fk',
    }),
    check('std_versions_status_ck', sql`${t.status} in ('draft', 'published', 'superseded', 'withdrawn')`),
    check('std_versions_version_ck', sql`${t.version} >= 1`),
    check('std_versions_published_ck', sql`${t.status} = 'draft' or ${t.publishedOn} is not null`),
    check(
      'std_versions_file_ck',
      sql`(${t.fileBytes} is null) = (${t.fileSha256} is null) and (${t.fileBytes} is null) = (${t.fileName} is null)`,
    ),
  ],
);

/** A procedure version handed to an entity (发放/入户): once per version and entity. */
export const stdHandouts = pgTable(
  'std_handouts',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    procedureId: uuid('procedure_id').notNull(),
    versionId: uuid('version_id').notNull(),
    entityId: uuid('entity_id').notNull(),
    townCode: text('town_code').notNull(),
    handedOn: date('handed_on', { mode: 'string' }).notNull(),
    handedBy: uuid('handed_by'),
    handedByName: text('handed_by_name'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('std_handouts_uq').on(t.districtCode, t.versionId, t.entityId),
    index('std_handouts_entity_idx').on(t.districtCode, t.entityId),
    index('std_handouts_procedure_idx').on(t.districtCode, t.procedureId, t.townCode),
    foreignKey({
      columns: [t.districtCode, t.versionId],
      foreignColumns: [stdProcedureVersions.districtCode, stdProcedureVersions.id],
      name: 'std_handouts_version_fk',
    }),
  ],
);

/** A demonstration base (三园两场): one per entity and type. */
export const stdBases = pgTable(
  'std_bases',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    entityId: uuid('entity_id').notNull(),
    townCode: text('town_code').notNull(),
    type: text('type').notNull(),
    name: text('name').notNull(),
    products: text('products').array().notNull(),
    /** 亩. */
    area: doublePrecision('area'),
    designatedYear: integer('designated_year').notNull(),
    status: text('status').notNull().default('designated'),
    statusReason: text('status_reason'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('std_bases_entity_type_uq').on(t.districtCode, t.entityId, t.type),
    index('std_bases_town_idx').on(t.districtCode, t.townCode),
    check(
      'std_bases_type_ck',
      sql`${t.type} in ('orchard', 'vegetable_garden', 'tea_garden', 'livestock_farm', 'aquaculture_farm')`,
    ),
    check('std_bases_status_ck', sql`${t.status} in ('designated', 'rectifying', 'revoked')`),
    check('std_bases_area_ck', sql`${t.area} is null or ${t.area} > 0`),
  ],
);

export const stdBaseEvaluations = pgTable(
  'std_base_evaluations',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    baseId: uuid('base_id').notNull(),
    evaluatedOn: date('evaluated_on', { mode: 'string' }).notNull(),
    score: doublePrecision('score'),
    result: text('result').notNull(),
    evaluator: text('evaluator').notNull(),
    findings: text('findings').notNull(),
    recordedBy: uuid('recorded_by'),
    recordedByName: text('recorded_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('std_evaluations_base_idx').on(t.districtCode, t.baseId, t.evaluatedOn),
    foreignKey({
      columns: [t.districtCode, t.baseId],
      foreignColumns: [stdBases.districtCode, stdBases.id],
      name: 'std_evaluations_base_fk',
    }),
    check('std_evaluations_result_ck', sql`${t.result} in ('pass', 'rectify', 'fail')`),
    check('std_evaluations_score_ck', sql`${t.score} is null or (${t.score} >= 0 and ${t.score} <= 100)`),
  ],
);

/** The district's yearly targets (seeded from the plan, PLAN_TARGETS). */
export const stdTargets = pgTable(
  'std_targets',
  {
    districtCode: text('district_code').notNull(),
    year: integer('year').notNull(),
    procedures: integer('procedures').notNull(),
    bases: integer('bases').notNull(),
    reachRate: doublePrecision('reach_rate'),
    source: text('source'),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.year] }),
    check('std_targets_ck', sql`${t.procedures} >= 0 and ${t.bases} >= 0`),
    check(
      'std_targets_rate_ck',
      sql`${t.reachRate} is null or (${t.reachRate} >= 0 and ${t.reachRate} <= 1)`,
    ),
  ],
);
