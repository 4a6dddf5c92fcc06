import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * A certificate (承诺达标合格证), one per lot, issued at the origin by a producer (or a town
 * supervisor for a smallholder), or re-issued by a buyer (收购者) that mixed or split lots.
 * Never deleted inside its retention (a trigger refuses it); revocation keeps the record.
 */
export const certificates = pgTable(
  'certificates',
  {
    id: uuid('id').notNull(),
    districtCode: text('district_code').notNull(),
    certNo: text('cert_no').notNull(),
    /** The random part of the trace code (20 Crockford base32 characters). */
    traceId: text('trace_id').notNull(),
    /** The whole signed code `<key>.<id>.<signature>`, as printed in the QR payload. */
    traceCode: text('trace_code').notNull(),
    /** producer | buyer */
    style: text('style').notNull(),
    /** issued | legacy (imported from the older template) */
    source: text('source').notNull().default('issued'),
    entityId: uuid('entity_id').notNull(),
    townCode: text('town_code').notNull(),
    villageCode: text('village_code'),
    lotId: uuid('lot_id'),
    productCode: text('product_code').notNull(),
    productName: text('product_name').notNull(),
    quantity: doublePrecision('quantity').notNull(),
    unit: text('unit').notNull(),
    /** Origin as printed, down to the village. */
    origin: text('origin').notNull(),
    promiser: text('promiser').notNull(),
    contact: text('contact').notNull(),
    issueDate: date('issue_date', { mode: 'string' }).notNull(),
    bases: text('bases').array().notNull(),
    /** The older template's basis as printed (e.g. 自我承诺), kept beside its mapping. */
    legacyBasis: text('legacy_basis'),
    gtin: text('gtin'),
    /** Labels printed for the lot (batch issue). */
    labelCount: integer('label_count').notNull().default(1),
    printCount: integer('print_count').notNull().default(0),
    lastPrintedAt: timestamp('last_printed_at', { withTimezone: true }),
    /** A town supervisor issuing on a smallholder's behalf (代开). */
    onBehalf: boolean('on_behalf').notNull().default(false),
    /** valid | revoked */
    status: text('status').notNull().default('valid'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokeReason: text('revoke_reason'),
    revokedBy: uuid('revoked_by'),
    /** Issuing records are kept at least 2 years. */
    retainUntil: date('retain_until', { mode: 'string' }).notNull(),
    synthetic: boolean('synthetic').notNull().default(false),
    issuedBy: uuid('issued_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('certificates_no_uq').on(t.districtCode, t.certNo),
    uniqueIndex('certificates_trace_uq').on(t.districtCode, t.traceId),
    // The public scan knows only the code: one index probe without the district key.
    index('certificates_trace_idx').on(t.traceId),
    // An entity's certificates by date; product and id trailing so the mismatch check reads the index only.
    index('certificates_entity_idx').on(t.districtCode, t.entityId, t.issueDate, t.productCode, t.id),
    index('certificates_town_idx').on(t.districtCode, t.townCode, t.issueDate),
    // One valid certificate per lot (labels for the lot are batch-issued on it): the database holds
    // the rule, so neither a batch naming a lot twice nor two concurrent issues can break it.
    uniqueIndex('certificates_lot_valid_uq')
      .on(t.districtCode, t.lotId)
      .where(sql`${t.status} = 'valid' and ${t.lotId} is not null`),
    index('certificates_revoked_idx').on(t.districtCode, t.revokedAt).where(sql`${t.status} = 'revoked'`),
  ],
);

/** The test record a certificate's basis rests on (self test or entrusted test). */
export const certificateTests = pgTable(
  'certificate_tests',
  {
    districtCode: text('district_code').notNull(),
    certificateId: uuid('certificate_id').notNull(),
    seq: integer('seq').notNull(),
    /** rapid | sample (records on the platform) | report (an outside lab's report) */
    kind: text('kind').notNull(),
    refId: uuid('ref_id'),
    refNo: text('ref_no').notNull(),
    /** Items tested (analyte codes or names), for “test what you used”. */
    items: text('items').array().notNull(),
    result: text('result').notNull(),
    testedOn: date('tested_on', { mode: 'string' }),
    lab: text('lab'),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.certificateId, t.seq] })],
);

/**
 * A certificate a buyer received with a lot (收取的合格证), kept at least 6 months. When it is
 * on the platform, `sourceCertificateId` points at it, so the trace runs through the buyer.
 */
export const receivedCertificates = pgTable(
  'received_certificates',
  {
    id: uuid('id').notNull(),
    districtCode: text('district_code').notNull(),
    receiverId: uuid('receiver_id').notNull(),
    sourceCertificateId: uuid('source_certificate_id'),
    certNo: text('cert_no').notNull(),
    supplier: text('supplier').notNull(),
    productCode: text('product_code').notNull(),
    quantity: doublePrecision('quantity').notNull(),
    unit: text('unit').notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    /** The buyer certificate it went into, once re-issued. */
    usedInCertificateId: uuid('used_in_certificate_id'),
    retainUntil: date('retain_until', { mode: 'string' }).notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('received_certificates_receiver_idx').on(t.districtCode, t.receiverId, t.receivedOn),
    index('received_certificates_source_idx').on(t.districtCode, t.sourceCertificateId),
    index('received_certificates_used_idx').on(t.districtCode, t.usedInCertificateId),
  ],
);

/** A public scan of a trace code (time and coarse place), to spot labels copied elsewhere. */
export const certificateScans = pgTable(
  'certificate_scans',
  {
    id: uuid('id').notNull(),
    districtCode: text('district_code').notNull(),
    certificateId: uuid('certificate_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** IPv4 /24 or IPv6 /48: coarse, never the full address. */
    network: text('network'),
    /** Coarse place when the browser shared it: lat/lng rounded to 0.1° (about 10 km). */
    place: text('place'),
    channel: text('channel'),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    // No index by certificate: per-certificate counts read certificate_scan_tallies (migration 0039).
    // The district's scans of the copy window, counted per certificate by the warning sweep (index only).
    index('certificate_scans_at_idx').on(t.districtCode, t.at, t.certificateId, t.network),
  ],
);

/** A market checker's entry check (入市查验) of a lot, with or without a valid certificate. */
export const marketChecks = pgTable(
  'market_checks',
  {
    id: uuid('id').notNull(),
    districtCode: text('district_code').notNull(),
    marketId: uuid('market_id'),
    townCode: text('town_code').notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
    /** The code as scanned or typed (empty when the lot came without a certificate). */
    code: text('code'),
    certificateId: uuid('certificate_id'),
    /** valid | revoked | invalid | unknown | none */
    result: text('result').notNull(),
    productCode: text('product_code'),
    quantity: doublePrecision('quantity'),
    unit: text('unit'),
    supplier: text('supplier'),
    note: text('note'),
    checkedBy: uuid('checked_by'),
    /** Generated by the checker's device, so a repeated offline sync creates nothing twice. */
    clientId: uuid('client_id'),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('market_checks_client_uq')
      .on(t.districtCode, t.clientId)
      .where(sql`${t.clientId} is not null`),
    index('market_checks_market_idx').on(t.districtCode, t.marketId, t.checkedAt),
    index('market_checks_town_idx').on(t.districtCode, t.townCode, t.checkedAt),
    // Earlier checks of the same code, shown to the next checker (quantity already checked).
    index('market_checks_code_idx').on(t.districtCode, t.code, t.checkedAt).where(sql`${t.code} is not null`),
  ],
);
