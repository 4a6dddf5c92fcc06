import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
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
 * A production lot (生产批次): a crop on a plot or a batch of animals, from the first input
 * to harvest or slaughter. Certificates are issued for a lot; its input uses decide whether
 * it may be.
 */
export const productionLots = pgTable(
  'production_lots',
  {
    id: uuid('id').notNull(),
    districtCode: text('district_code').notNull(),
    lotNo: text('lot_no').notNull(),
    entityId: uuid('entity_id').notNull(),
    townCode: text('town_code').notNull(),
    villageCode: text('village_code'),
    productCode: text('product_code').notNull(),
    /** Plot or shed name as the producer calls it. */
    plot: text('plot'),
    /** 亩 for crops. */
    area: doublePrecision('area'),
    /** Head count for animals. */
    animals: integer('animals'),
    startedOn: date('started_on', { mode: 'string' }),
    /** growing → harvested */
    status: text('status').notNull().default('growing'),
    harvestDate: date('harvest_date', { mode: 'string' }),
    harvestQuantity: doublePrecision('harvest_quantity'),
    harvestUnit: text('harvest_unit'),
    note: text('note'),
    synthetic: boolean('synthetic').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('production_lots_no_uq').on(t.districtCode, t.lotNo),
    index('production_lots_entity_idx').on(t.districtCode, t.entityId, t.createdAt),
    index('production_lots_town_idx').on(t.districtCode, t.townCode, t.createdAt),
  ],
);

/** One application of a pesticide or dose of a veterinary drug on a lot (投入品使用记录). */
export const inputUses = pgTable(
  'input_uses',
  {
    id: uuid('id').notNull(),
    districtCode: text('district_code').notNull(),
    lotId: uuid('lot_id').notNull(),
    entityId: uuid('entity_id').notNull(),
    /** As recorded by the producer. */
    input: text('input').notNull(),
    /** Resolved against the reference inputs, when known. */
    inputCode: text('input_code'),
    kind: text('kind').notNull(),
    usedOn: date('used_on', { mode: 'string' }).notNull(),
    dose: text('dose'),
    area: doublePrecision('area'),
    animals: integer('animals'),
    operator: text('operator'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('input_uses_lot_idx').on(t.districtCode, t.lotId, t.usedOn),
  ],
);

/** An input bought by a producer (投入品购买记录), or sold by an input store. */
export const inputPurchases = pgTable(
  'input_purchases',
  {
    id: uuid('id').notNull(),
    districtCode: text('district_code').notNull(),
    entityId: uuid('entity_id').notNull(),
    input: text('input').notNull(),
    inputCode: text('input_code'),
    kind: text('kind').notNull(),
    quantity: doublePrecision('quantity').notNull(),
    unit: text('unit').notNull(),
    /** The input store, when it is in the directory. */
    storeId: uuid('store_id'),
    storeName: text('store_name'),
    purchasedOn: date('purchased_on', { mode: 'string' }).notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('input_purchases_entity_idx').on(t.districtCode, t.entityId, t.purchasedOn),
    index('input_purchases_store_idx').on(t.districtCode, t.storeId).where(sql`${t.storeId} is not null`),
  ],
);

/**
 * A lot's history as events (commission, ship, receive, inspect, transform); exported as GS1
 * EPCIS 2.0 by `epcis/export.ts`. Keyed by the certificate the lot travels under.
 */
export const traceEvents = pgTable(
  'trace_events',
  {
    id: uuid('id').notNull(),
    districtCode: text('district_code').notNull(),
    certificateId: uuid('certificate_id').notNull(),
    type: text('type').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** Entity id or division code of where it happened. */
    placeId: text('place_id').notNull(),
    placeName: text('place_name').notNull(),
    townCode: text('town_code').notNull(),
    fromEntityId: uuid('from_entity_id'),
    toEntityId: uuid('to_entity_id'),
    quantity: doublePrecision('quantity'),
    unit: text('unit'),
    /** inspect: { result, sampleNo }; transform: { inputs: [certificate ids], outputs } */
    detail: jsonb('detail'),
    recordedBy: uuid('recorded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('trace_events_cert_idx').on(t.districtCode, t.certificateId, t.at),
  ],
);
