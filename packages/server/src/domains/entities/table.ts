import { getTableColumns, sql } from 'drizzle-orm';
import {
  boolean,
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
 * The directory of supervised entities (生产经营主体名录). district_code is the region key
 * (the Citus distribution column), so it is part of the primary key and unique indexes.
 */
export const entities = pgTable(
  'entities',
  {
    id: uuid('id').notNull(),
    districtCode: text('district_code').notNull(),
    townCode: text('town_code').notNull(),
    villageCode: text('village_code'),
    gridCode: text('grid_code'),
    name: text('name').notNull(),
    type: text('type').notNull(),
    creditCode: text('credit_code'),
    idCard: text('id_card'),
    legalRep: text('legal_rep').notNull(),
    phone: text('phone').notNull(),
    address: text('address').notNull(),
    industries: text('industries').array().notNull(),
    mainProducts: text('main_products').array().notNull(),
    scale: text('scale'),
    certificateTrial: boolean('certificate_trial').notNull().default(false),
    traceManaged: boolean('trace_managed').notNull().default(false),
    riskGrade: text('risk_grade').notNull().default('low'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    remarks: text('remarks'),
    active: boolean('active').notNull().default(true),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
    deactivateReason: text('deactivate_reason'),
    synthetic: boolean('synthetic').notNull().default(false),
    /** The import batch that created it: that batch's one audit row records the creation. */
    importBatchId: uuid('import_batch_id'),
    /**
     * The directory search's keys (search-keys.ts): written by the app with each new row, and by
     * the trigger of migration 0047 for rows written without them and for renames.
     */
    searchKeys: integer('search_keys').array().notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('entities_id_idx').on(t.id),
    // text_pattern_ops: the same uniqueness, and the directory search's prefix match (LIKE 'X%')
    // can read it (a C.UTF-8 or zh_CN database's default opclass cannot serve LIKE).
    uniqueIndex('entities_credit_code_uq')
      .on(t.districtCode, t.creditCode.op('text_pattern_ops'))
      .where(sql`${t.creditCode} is not null`),
    // Same entity by ID card (findSame, the import's lookup of existing records).
    index('entities_id_card_idx').on(t.districtCode, t.idCard).where(sql`${t.idCard} is not null`),
    index('entities_industries_idx').using('gin', t.industries),
    // The directory's free-text search (repository.ts textWhere).
    index('entities_search_idx').using('gin', t.searchKeys),
    index('entities_name_idx').on(t.districtCode, t.name),
    // The directory search's phone prefix match (see entities_credit_code_uq).
    index('entities_phone_idx').on(t.districtCode, t.phone.op('text_pattern_ops')),
    // The directory list's order (newest first, id to break ties), so a page is read off the index
    // instead of sorting the district: p95 at 100k rows went from ~0.5 s to a few ms per page.
    // Active or not, one index: the registered (nearly all) are read off it, skipping the few
    // deregistered; those alone have a partial index, which no import of new entities touches.
    index('entities_list_idx').on(t.districtCode, t.updatedAt.desc().nullsFirst(), t.id),
    index('entities_inactive_list_idx')
      .on(t.districtCode, t.updatedAt.desc().nullsFirst(), t.id)
      .where(sql`not ${t.active}`),
    // A village's entities are found through their town (a village code begins with its town's),
    // so no index of their own: every village query of entities also names the town (scopeWhere,
    // queryWhere and the other callers of inVillage; placeScope alone does not).
    index('entities_town_list_idx').on(
      t.districtCode,
      t.townCode,
      t.active,
      t.updatedAt.desc().nullsFirst(),
      t.id,
    ),
  ],
);

/**
 * Every column but the search keys (about 50 integers an entity, read by no view): what the
 * directory's pages, export and the import's lookups read.
 */
const { searchKeys: _searchKeys, ...entityColumnsWithoutKeys } = getTableColumns(entities);
export const entityColumns = entityColumnsWithoutKeys;

/** One uploaded import file: who, what, the counts and the row errors (for the error report). */
export const importBatches = pgTable(
  'import_batches',
  {
    id: uuid('id').notNull(),
    districtCode: text('district_code').notNull(),
    kind: text('kind', { enum: ['entities'] }).notNull(),
    userId: uuid('user_id'),
    username: text('username'),
    /** Town the importer was limited to, or null for district-wide users. */
    scopeCode: text('scope_code'),
    fileName: text('file_name').notNull(),
    mode: text('mode', { enum: ['lenient', 'strict'] }).notNull(),
    total: integer('total').notNull(),
    created: integer('created').notNull(),
    updated: integer('updated').notNull(),
    unchanged: integer('unchanged').notNull(),
    failed: integer('failed').notNull(),
    committed: boolean('committed').notNull(),
    /** [{row, column, reason}], every error of the file. */
    errors: jsonb('errors').notNull(),
    /** The original cell values of failed rows, keyed by row number (capped), for the error report. */
    errorRows: jsonb('error_rows').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('import_batches_created_idx').on(t.districtCode, t.createdAt),
  ],
);
