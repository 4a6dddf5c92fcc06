import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
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

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

/** A quantitative sample (抽样单) taken for a lab task. */
export const samples = pgTable(
  'samples',
  {
    id: uuid('id').notNull(),
    districtCode: text('district_code').notNull(),
    sampleNo: text('sample_no').notNull(),
    planId: uuid('plan_id'),
    taskId: uuid('task_id'),
    taskKind: text('task_kind').notNull(),
    townCode: text('town_code').notNull(),
    villageCode: text('village_code'),
    entityId: uuid('entity_id'),
    /** A market stall or smallholder not in the directory. */
    sampledParty: text('sampled_party'),
    productCode: text('product_code').notNull(),
    link: text('link').notNull(),
    sampler: text('sampler').notNull(),
    sampledAt: timestamp('sampled_at', { withTimezone: true }).notNull(),
    quantity: doublePrecision('quantity').notNull(),
    quantityUnit: text('quantity_unit').notNull(),
    sealNo: text('seal_no'),
    lotRef: text('lot_ref'),
    photo: text('photo'),
    /** A lab state (lab-states.ts); verdict, hasLead, provisional are set only when final (verified). */
    status: text('status').notNull().default('registered'),
    verdict: text('verdict'),
    /** The verdict of entered, not yet verified results (or of an invalidated sample): lab-only. */
    enteredVerdict: text('entered_verdict'),
    /** When it entered its current state, for overdue marks. */
    stateAt: timestamp('state_at', { withTimezone: true }).notNull().defaultNow(),
    enteredBy: uuid('entered_by'),
    verifiedBy: uuid('verified_by'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    reportedAt: timestamp('reported_at', { withTimezone: true }),
    /** Sent back by a verifier at least once (reasons in lab_steps). */
    returned: boolean('returned').notNull().default(false),
    /** A retest (复检) or corrected entry: the invalidated sample it replaces. */
    retestOf: uuid('retest_of'),
    retestKind: text('retest_kind'),
    /** A 复检 requested by the producer: the request date. */
    retestRequestedAt: timestamp('retest_requested_at', { withTimezone: true }),
    /** A 禁限用药物检出 among its results: a supervision lead, apart from the verdict. */
    hasLead: boolean('has_lead').notNull().default(false),
    /** Some counted limit came from a stand-in edition (the edition in force lacks it). */
    provisional: boolean('provisional').notNull().default(false),
    judgedAt: timestamp('judged_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('samples_no_uq').on(t.districtCode, t.sampleNo),
    index('samples_town_idx').on(t.districtCode, t.townCode, t.sampledAt),
    index('samples_entity_idx').on(t.districtCode, t.entityId),
    // An entity's recent leads, for its supervision colour on every public scan.
    index('samples_entity_lead_idx').on(t.districtCode, t.entityId, t.sampledAt).where(sql`${t.hasLead}`),
    index('samples_id_idx').on(t.id),
    index('samples_state_idx').on(t.districtCode, t.status, t.stateAt),
    // Failing samples by date, for the warning facts (pass rate evidence, repeat failures, mismatches).
    index('samples_fail_idx').on(t.districtCode, t.sampledAt).where(sql`${t.verdict} = 'fail'`),
  ],
);

/** One analyte measured in a sample, with its verdict against the reference limits. */
export const labResults = pgTable(
  'lab_results',
  {
    districtCode: text('district_code').notNull(),
    sampleId: uuid('sample_id').notNull(),
    analyteCode: text('analyte_code').notNull(),
    /** null = not detected */
    value: doublePrecision('value'),
    unit: text('unit').notNull(),
    valueMgKg: doublePrecision('value_mg_kg'),
    lod: doublePrecision('lod'),
    /** Limit of quantification: a value between LOD and LOQ is 检出但低于定量限. */
    loq: doublePrecision('loq'),
    methodStandard: text('method_standard').notNull(),
    verdict: text('verdict').notNull(),
    limitMgKg: doublePrecision('limit_mg_kg'),
    limitCitation: text('limit_citation'),
    /** Why a fail fails: 'limit' (over the limit) or 'not_detectable' (不得检出); null otherwise. */
    failBasis: text('fail_basis'),
    /** The edition whose row supplied the limit, and those in force on the sampling day ('、'-joined). */
    editionUsed: text('edition_used'),
    editionInForce: text('edition_in_force'),
    provisional: boolean('provisional').notNull().default(false),
    /** 禁限用药物检出 (kind 'use_ban'): its announcement and item; null when none. */
    leadKind: text('lead_kind'),
    leadBasis: text('lead_basis'),
    leadItem: text('lead_item'),
    /** The products the ban covers (e.g. 蔬菜), by name. */
    leadScope: text('lead_scope'),
    testedAt: timestamp('tested_at', { withTimezone: true }).notNull(),
    testedBy: uuid('tested_by'),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.sampleId, t.analyteCode] })],
);

/** A qualitative rapid test (定性检测) by a town, base, market or the testing centre. */
export const rapidTests = pgTable(
  'rapid_tests',
  {
    id: uuid('id').notNull(),
    districtCode: text('district_code').notNull(),
    testNo: text('test_no').notNull(),
    planId: uuid('plan_id'),
    /** The quota holder: a town code, or the district code for the testing centre. */
    holderCode: text('holder_code').notNull(),
    townCode: text('town_code').notNull(),
    entityId: uuid('entity_id'),
    sampledParty: text('sampled_party'),
    productCode: text('product_code').notNull(),
    link: text('link').notNull(),
    method: text('method').notNull(),
    target: text('target').notNull(),
    inhibitionRate: doublePrecision('inhibition_rate'),
    result: text('result').notNull(),
    testedAt: timestamp('tested_at', { withTimezone: true }).notNull(),
    tester: text('tester').notNull(),
    instrument: text('instrument'),
    /** For a positive: pending_lab → confirmed | cleared */
    followUp: text('follow_up'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Generated by the device that recorded the test, so a repeated offline sync creates nothing twice. */
    clientId: uuid('client_id'),
    /** The import or bulk call that wrote it: that batch's one audit row records its creation. */
    batchId: uuid('batch_id'),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('rapid_tests_no_uq').on(t.districtCode, t.testNo),
    uniqueIndex('rapid_tests_client_uq').on(t.districtCode, t.clientId).where(sql`${t.clientId} is not null`),
    index('rapid_tests_holder_idx').on(t.districtCode, t.holderCode, t.testedAt),
    // Positives by date; the trailing columns let the warning sweep's repeat-failure read skip the table.
    index('rapid_tests_positive_idx')
      .on(t.districtCode, t.testedAt, t.entityId, t.followUp, t.productCode, t.testNo, t.id)
      .where(sql`${t.result} = 'positive'`),
    // An entity's recent positives, for its supervision colour on every public scan.
    // An entity's rapid tests, newest first, for its file (一户一档) and risk level.
    index('rapid_tests_entity_idx').on(t.districtCode, t.entityId, t.testedAt),
    index('rapid_tests_entity_positive_idx')
      .on(t.districtCode, t.entityId, t.testedAt)
      .where(sql`${t.result} = 'positive'`),
  ],
);

/** A sampling task: planned, drawn at random, or proposed as the follow-up of a failure. */
export const samplingTasks = pgTable(
  'sampling_tasks',
  {
    id: uuid('id').notNull(),
    districtCode: text('district_code').notNull(),
    planId: uuid('plan_id'),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    townCode: text('town_code'),
    entityId: uuid('entity_id'),
    productCode: text('product_code'),
    origin: text('origin').notNull(),
    sourceRef: text('source_ref'),
    status: text('status').notNull().default('proposed'),
    dueDate: text('due_date'),
    /** A random draw: the seed and weights, so the list can be drawn again and audited. */
    draw: jsonb('draw'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('sampling_tasks_status_idx').on(t.districtCode, t.status),
  ],
);

/** A lot kept off the market after a failure or a positive rapid test. */
export const lotHolds = pgTable(
  'lot_holds',
  {
    id: uuid('id').notNull(),
    districtCode: text('district_code').notNull(),
    entityId: uuid('entity_id'),
    townCode: text('town_code').notNull(),
    productCode: text('product_code').notNull(),
    lotRef: text('lot_ref'),
    sourceType: text('source_type').notNull(),
    sourceId: uuid('source_id').notNull(),
    reason: text('reason').notNull(),
    /** held → released | destroyed | returned | recalled (shared/cases/states.ts). */
    status: text('status').notNull().default('held'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    /** Who disposed of the lot, how and why (null while held, or when a lab result released it). */
    dispositionNote: text('disposition_note'),
    disposedBy: uuid('disposed_by'),
    disposedByName: text('disposed_by_name'),
    disposedAt: timestamp('disposed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('lot_holds_entity_idx').on(t.districtCode, t.entityId),
    index('lot_holds_status_idx').on(t.districtCode, t.status, t.createdAt),
  ],
);

/** Outbox of domain events (e.g. sampling.failed) that other domains consume. */
export const domainEvents = pgTable(
  'domain_events',
  {
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    districtCode: text('district_code').notNull(),
    type: text('type').notNull(),
    subjectId: text('subject_id'),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    consumedBy: text('consumed_by').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('domain_events_type_idx').on(t.districtCode, t.type, t.id),
  ],
);

/**
 * Counts of results per month and dimension, kept in the same transaction as the results, so
 * statistics over millions of results read a small table.
 */
export const resultStats = pgTable(
  'result_stats',
  {
    districtCode: text('district_code').notNull(),
    /** YYYY-MM in China time: fine enough for progress and monthly rates, coarse enough to stay small. */
    month: text('month').notNull(),
    townCode: text('town_code').notNull(),
    holderCode: text('holder_code').notNull(),
    taskKind: text('task_kind').notNull(),
    productCode: text('product_code').notNull(),
    analyteCode: text('analyte_code').notNull(),
    link: text('link').notNull(),
    total: integer('total').notNull(),
    failed: integer('failed').notNull(),
    /** Samples ('*') or results with a 禁限用药物检出 lead. */
    leads: integer('leads').notNull().default(0),
    /** Samples ('*') or results judged provisionally (under a stand-in edition). */
    provisional: integer('provisional').notNull().default(0),
  },
  (t) => [
    primaryKey({
      columns: [
        t.districtCode,
        t.month,
        t.townCode,
        t.holderCode,
        t.taskKind,
        t.productCode,
        t.analyteCode,
        t.link,
      ],
    }),
  ],
);

/**
 * What the statistics by month count (rapid tests, and lab samples once: analyte '*'), summed per
 * month, town and task kind; kept by triggers on result_stats (migration
 * `result_stats_months_checks`), so a year by month reads a few hundred rows instead of every key
 * of twelve months. Never written by the application.
 */
export const resultStatsMonths = pgTable(
  'result_stats_months',
  {
    districtCode: text('district_code').notNull(),
    month: text('month').notNull(),
    townCode: text('town_code').notNull(),
    taskKind: text('task_kind').notNull(),
    total: integer('total').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    leads: integer('leads').notNull().default(0),
    provisional: integer('provisional').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.month, t.townCode, t.taskKind] })],
);

/**
 * result_stats summed per year (same keys, `year` instead of `month`), kept by triggers on
 * result_stats (migration `result_stats_yearly_checks`), so a year's pass rates read a few
 * thousand rows instead of twelve months of them. Never written by the application.
 */
export const resultStatsYearly = pgTable(
  'result_stats_yearly',
  {
    districtCode: text('district_code').notNull(),
    /** YYYY in China time. */
    year: text('year').notNull(),
    townCode: text('town_code').notNull(),
    holderCode: text('holder_code').notNull(),
    taskKind: text('task_kind').notNull(),
    productCode: text('product_code').notNull(),
    analyteCode: text('analyte_code').notNull(),
    link: text('link').notNull(),
    total: integer('total').notNull(),
    failed: integer('failed').notNull(),
    leads: integer('leads').notNull().default(0),
    provisional: integer('provisional').notNull().default(0),
  },
  (t) => [
    primaryKey({
      columns: [
        t.districtCode,
        t.year,
        t.townCode,
        t.holderCode,
        t.taskKind,
        t.productCode,
        t.analyteCode,
        t.link,
      ],
    }),
  ],
);

export const entityFlags = pgTable(
  'entity_flags',
  {
    districtCode: text('district_code').notNull(),
    entityId: uuid('entity_id').notNull(),
    flag: text('flag').notNull(),
    sourceType: text('source_type').notNull(),
    sourceId: uuid('source_id').notNull(),
    note: text('note'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.entityId, t.flag, t.sourceId] })],
);

/** The photo taken with a sample (optional), kept in the database so backups carry it. */
export const samplePhotos = pgTable(
  'sample_photos',
  {
    districtCode: text('district_code').notNull(),
    sampleId: uuid('sample_id').notNull(),
    contentType: text('content_type').notNull(),
    bytes: bytea('bytes').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.sampleId] })],
);

/** Who did what to a sample in the lab, and when: the state timeline. */
export const labSteps = pgTable(
  'lab_steps',
  {
    id: uuid('id').notNull(),
    districtCode: text('district_code').notNull(),
    sampleId: uuid('sample_id').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    userId: uuid('user_id'),
    userName: text('user_name'),
    reason: text('reason'),
    detail: jsonb('detail'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('lab_steps_sample_idx').on(t.districtCode, t.sampleId, t.at),
  ],
);

/** The testing centre's rules, per district; absent row = defaults (lab-states.ts). */
export const labSettings = pgTable('lab_settings', {
  districtCode: text('district_code').primaryKey(),
  verifierRoles: text('verifier_roles').array().notNull(),
  selfVerify: boolean('self_verify').notNull().default(false),
  overdueDays: jsonb('overdue_days').notNull(),
  retestWindowDays: integer('retest_window_days').notNull().default(7),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
