import { sql } from 'drizzle-orm';
import {
  customType,
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

/** An enforcement case (案件, plan 二(九)): registered → investigating → decided → executed → closed. */
export const cases = pgTable(
  'cases',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    caseNo: text('case_no').notNull(),
    title: text('title').notNull(),
    townCode: text('town_code').notNull(),
    entityId: uuid('entity_id'),
    /** A party not in the directory (a market stall), when there is no entity. */
    partyName: text('party_name'),
    /** sample | inspection | complaint | incident | manual */
    sourceType: text('source_type').notNull(),
    sourceId: uuid('source_id'),
    /** The source as people name it (样品 KJ…, 投诉 TS…), kept so it reads without the source's domain. */
    sourceLabel: text('source_label').notNull(),
    state: text('state').notNull().default('registered'),
    stateAt: timestamp('state_at', { withTimezone: true }).notNull().defaultNow(),
    /** The deadline of the current state (China date); null once closed or withdrawn. */
    dueOn: text('due_on'),
    summary: text('summary'),
    decision: text('decision'),
    withdrawReason: text('withdraw_reason'),
    // 五不放过
    cause: text('cause'),
    responsible: text('responsible'),
    rectification: text('rectification'),
    education: text('education'),
    lessons: text('lessons'),
    // 移送公安
    transferredOn: text('transferred_on'),
    transferAgency: text('transfer_agency'),
    transferReceiptNo: text('transfer_receipt_no'),
    transferNote: text('transfer_note'),
    openedBy: uuid('opened_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('cases_no_uq').on(t.districtCode, t.caseNo),
    // One open case per source record: a second 立案 on the same failed sample is a 409.
    uniqueIndex('cases_open_source_uq')
      .on(t.districtCode, t.sourceType, t.sourceId)
      .where(sql`${t.sourceId} is not null and ${t.state} not in ('closed', 'withdrawn')`),
    index('cases_town_idx').on(t.districtCode, t.townCode, t.state),
    // An entity's cases, for its supervision colour on every public scan.
    index('cases_entity_idx').on(t.districtCode, t.entityId, t.createdAt),
    index('cases_id_idx').on(t.id),
  ],
);

/** The held lots a case concerns; while the case is open they stay held. */
export const caseHolds = pgTable(
  'case_holds',
  {
    districtCode: text('district_code').notNull(),
    caseId: uuid('case_id').notNull(),
    holdId: uuid('hold_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.caseId, t.holdId] }),
    index('case_holds_hold_idx').on(t.districtCode, t.holdId),
  ],
);

/** Who moved a case, when, and why: its timeline (transfers to the police included). */
export const caseSteps = pgTable(
  'case_steps',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    caseId: uuid('case_id').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    userId: uuid('user_id'),
    userName: text('user_name'),
    note: text('note'),
    detail: jsonb('detail'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('case_steps_case_idx').on(t.districtCode, t.caseId, t.at),
  ],
);

/**
 * Documents of cases and evidence of hold dispositions: the bytes live here, away from the hot
 * tables, so lists never carry them. `owner_type` is 'case' or 'hold'.
 */
export const supervisionFiles = pgTable(
  'supervision_files',
  {
    districtCode: text('district_code').notNull(),
    id: uuid('id').notNull(),
    ownerType: text('owner_type').notNull(),
    ownerId: uuid('owner_id').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    bytes: bytea('bytes').notNull(),
    uploadedBy: uuid('uploaded_by'),
    uploadedByName: text('uploaded_by_name'),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('supervision_files_owner_idx').on(t.districtCode, t.ownerType, t.ownerId),
  ],
);

/** The district's own deadlines for cases and holds; absent row = defaults (rules.ts). */
export const caseSettings = pgTable('case_settings', {
  districtCode: text('district_code').primaryKey(),
  /** Days allowed in each open state: { registered, investigating, decided, executed }. */
  stateDays: jsonb('state_days').notNull(),
  holdDays: integer('hold_days').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
