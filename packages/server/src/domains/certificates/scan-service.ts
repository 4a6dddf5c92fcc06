import { randomUUID } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import {
  BASIS_LABELS,
  type Basis,
  type CertificateStyle,
  COLOUR_LABELS,
  COMMITMENTS,
  type PublicTraceView,
  TEST_KIND_LABELS,
  VALIDITY_LABELS,
} from '@nongan/shared/certificates/schemas';
import { ENTITY_TYPE_LABELS, type EntityType } from '@nongan/shared/entities/schemas';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { preparedRows, rawQuery } from '../../db/prepared.ts';
import { type BrandRow, brandsFor, type EntityBrands, entityBrandsSql } from '../brands/scan.ts';
import { cases } from '../cases/table.ts';
import { entities } from '../entities/table.ts';
import { inspections, rectifications } from '../inspections/table.ts';
import { currentReports } from '../sampling/report-service.ts';
import { entityFlags, labResults, rapidTests, samples } from '../sampling/sample-table.ts';
import { productLabel, testItemNames } from '../standards/catalog.ts';
import { chinaDate } from '../trace/rules.ts';
import {
  COLOUR_WINDOW_DAYS,
  type ColourCounts,
  type ColourResult,
  colourWindowStart,
  supervisionColour,
} from './colour.ts';
import type { KeyRing } from './keys.ts';
import { Coalescer } from './scan-batch.ts';
import { pageExpiry, type ScanLog, type ScanRecord, scanState, verifiedCodes } from './scan-cache.ts';
import { certificateScans, certificates, receivedCertificates } from './table.ts';
import { type TraceCheck, verifyTraceCode } from './trace-code.ts';

/**
 * The public scan of a trace code: the signature first (no database work for a forged code),
 * then one probe of the trace-id index for the certificate and its entity, then the small
 * reads (tests, sources, colour) and the scan record side by side.
 */

/** Longest input worth parsing: a code is 37 characters (compact) or 115 (legacy). */
const MAX_CODE = 400;

export type FoundCertificate = NonNullable<Awaited<ReturnType<typeof findByCode>>>;

/** Checks the signature, then finds the certificate whose stored code is exactly this one. */
export async function lookupCode(
  db: Db,
  ring: KeyRing,
  code: string,
): Promise<{ check: TraceCheck; found: FoundCertificate | null }> {
  const check = verifiedCheck(ring, code);
  if (!check.ok) return { check, found: null };
  return { check, found: (await findByCode(db, check.id, check.code)) ?? null };
}

/** The signature check of a code, remembered per key ring once it verified. */
function verifiedCheck(ring: KeyRing, code: string): TraceCheck {
  const trimmed = code.trim();
  const verified = verifiedCodes(ring);
  const known = verified.get(trimmed) as TraceCheck | undefined;
  if (known) return known;
  const check: TraceCheck =
    trimmed.length > MAX_CODE ? { ok: false, reason: 'malformed' } : verifyTraceCode(ring, trimmed);
  if (check.ok) verified.set(trimmed, check);
  return check;
}

/** One indexed read (certificates_trace_idx, then the entity's primary key). */
async function findByCode(db: Db, traceId: string, code: string) {
  const rows = await db
    .select({
      id: certificates.id,
      districtCode: certificates.districtCode,
      certNo: certificates.certNo,
      traceCode: certificates.traceCode,
      style: certificates.style,
      source: certificates.source,
      entityId: certificates.entityId,
      townCode: certificates.townCode,
      productCode: certificates.productCode,
      productName: certificates.productName,
      quantity: certificates.quantity,
      unit: certificates.unit,
      origin: certificates.origin,
      promiser: certificates.promiser,
      contact: certificates.contact,
      issueDate: certificates.issueDate,
      bases: certificates.bases,
      legacyBasis: certificates.legacyBasis,
      labelCount: certificates.labelCount,
      onBehalf: certificates.onBehalf,
      status: certificates.status,
      revokedAt: certificates.revokedAt,
      revokeReason: certificates.revokeReason,
      entityName: entities.name,
      entityType: entities.type,
    })
    .from(certificates)
    .leftJoin(
      entities,
      and(eq(entities.districtCode, certificates.districtCode), eq(entities.id, certificates.entityId)),
    )
    .where(eq(certificates.traceId, traceId));
  // The id is unique per district and random across them; the whole code must match too (a code
  // signed again, e.g. under another key, is not the one registered).
  return rows.find((r) => r.traceCode === code);
}

const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;
/** A json column: parsed by pg, a string from PGlite's EXECUTE path. */
const jsonList = <T>(v: unknown): T[] => (typeof v === 'string' ? JSON.parse(v) : (v ?? [])) as T[];
const n = (v: unknown) => Number(v ?? 0);

/** The counts (and lead bases) the supervision colour is decided from (see colour.ts), as select columns. */
function colourColumns(districtCode: string, entityId: string, now: Date) {
  const since = colourWindowStart(now).toISOString();
  return sql`
    (select count(*) from ${samples}
      where ${samples.districtCode} = ${districtCode} and ${samples.entityId} = ${entityId}
        and ${samples.verdict} = 'fail' and ${samples.sampledAt} >= ${since}::timestamptz) as failed_samples,
    (select count(*) from ${rapidTests}
      where ${rapidTests.districtCode} = ${districtCode} and ${rapidTests.entityId} = ${entityId}
        and ${rapidTests.result} = 'positive' and ${rapidTests.testedAt} >= ${since}::timestamptz
        and ${rapidTests.followUp} = 'confirmed') as confirmed_positives,
    (select count(*) from ${rapidTests}
      where ${rapidTests.districtCode} = ${districtCode} and ${rapidTests.entityId} = ${entityId}
        and ${rapidTests.result} = 'positive' and ${rapidTests.testedAt} >= ${since}::timestamptz
        and coalesce(${rapidTests.followUp}, 'pending_lab') = 'pending_lab') as pending_positives,
    (select count(*) from ${entityFlags}
      where ${entityFlags.districtCode} = ${districtCode} and ${entityFlags.entityId} = ${entityId}
        and ${entityFlags.flag} = 'problem' and ${entityFlags.active}) as problem_flags,
    (select count(*) from ${samples}
      where ${samples.districtCode} = ${districtCode} and ${samples.entityId} = ${entityId}
        and ${samples.hasLead} and ${samples.sampledAt} >= ${since}::timestamptz) as ban_leads,
    (select array_agg(distinct ${labResults.leadBasis}) from ${samples}
      join ${labResults} on ${labResults.districtCode} = ${samples.districtCode} and ${labResults.sampleId} = ${samples.id}
      where ${samples.districtCode} = ${districtCode} and ${samples.entityId} = ${entityId}
        and ${samples.hasLead} and ${samples.sampledAt} >= ${since}::timestamptz
        and ${labResults.leadKind} is not null) as lead_bases,
    (select count(*) from ${inspections}
      join ${rectifications} on ${rectifications.districtCode} = ${inspections.districtCode}
        and ${rectifications.inspectionId} = ${inspections.id}
      where ${inspections.districtCode} = ${districtCode} and ${inspections.entityId} = ${entityId}
        and ${inspections.failedCount} > 0 and ${inspections.inspectedAt} >= ${since}::timestamptz
        and ${rectifications.status} <> 'closed') as problem_inspections,

    (select count(*) from ${cases}
      where ${cases.districtCode} = ${districtCode} and ${cases.entityId} = ${entityId}
        and ${cases.state} <> 'withdrawn'
        and (${cases.createdAt} >= ${since}::timestamptz or ${cases.state} <> 'closed')) as cases`;
}

const colourCountsOf = (r: Record<string, unknown> | undefined): ColourCounts => ({
  failedSamples: n(r?.failed_samples),
  confirmedPositives: n(r?.confirmed_positives),
  pendingPositives: n(r?.pending_positives),
  banLeads: n(r?.ban_leads),
  problemFlags: n(r?.problem_flags),
  problemInspections: n(r?.problem_inspections),
  cases: n(r?.cases),
});

/** The window's lead announcements (a text[]; sorted here, as both drivers return it). */
const leadBasesOf = (r: Record<string, unknown> | undefined): string[] =>
  Array.isArray(r?.lead_bases) ? (r.lead_bases as string[]).filter(Boolean).sort() : [];

/** The colour from one row of `colourColumns`. */
const colourOf = (r: Record<string, unknown> | undefined): ColourResult =>
  supervisionColour(colourCountsOf(r), leadBasesOf(r));

export async function colourCounts(
  db: Db,
  districtCode: string,
  entityId: string,
  now = new Date(),
): Promise<ColourCounts> {
  const [r] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select ${colourColumns(districtCode, entityId, now)}`),
  );
  return colourCountsOf(r);
}

export async function entityColour(
  db: Db,
  districtCode: string,
  entityId: string,
  now = new Date(),
): Promise<ColourResult> {
  // Fixed text, so planned once: a scan whose page is not cached runs it.
  const [r] = await preparedRows(
    db,
    'entity_colour',
    sql`select ${colourColumns(districtCode, entityId, now)}`,
  );
  return colourOf(r);
}

/** What the scan page shows of an entity, in one statement: its colour and its brands in force. */
async function entityPage(db: Db, districtCode: string, entityId: string, now: Date, today: string) {
  // Fixed text, so planned once: a scan whose entity page is not cached runs it.
  const [r] = await preparedRows(
    db,
    'scan_entity_page',
    sql`select ${colourColumns(districtCode, entityId, now)},
      (select coalesce(json_agg(b order by b.kind, b.cert_no), '[]'::json)
        from (${entityBrandsSql(districtCode, entityId, today)}) b) as brands`,
  );
  return { colour: colourOf(r), brands: jsonList<BrandRow>(r?.brands) };
}

// --- the scan record: coarse, never the full address or position ---

/** The network of an address, coarse: IPv4 /24 (`203.0.113.0/24`) or IPv6 /48 (`2001:db8:1::/48`). */
export function coarseNetwork(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const mapped = ip.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  const v4 = mapped ? mapped[1]! : ip;
  if (isIPv4(v4)) return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  if (!isIPv6(ip)) return null;
  const [head = '', tail = ''] = ip.split('%')[0]!.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  const first = groups.slice(0, 3).map((g) => (Number.parseInt(g, 16) || 0).toString(16));
  return `${first.join(':')}::/48`;
}

/** A position shared by the browser, rounded to 0.1° (about 10 km); null when absent or invalid. */
export function coarsePlace(lat: unknown, lng: unknown): string | null {
  if (lat == null || lng == null || lat === '' || lng === '') return null;
  const a = Number(lat);
  const b = Number(lng);
  if (!Number.isFinite(a) || !Number.isFinite(b) || Math.abs(a) > 90 || Math.abs(b) > 180) return null;
  const r = (v: number) => (Math.round(v * 10) / 10 || 0).toFixed(1);
  return `${r(a)},${r(b)}`;
}

/** WeChat's in-app browser says MicroMessenger in its user agent. */
export const scanChannel = (ua: string | undefined) =>
  ua && /MicroMessenger/i.test(ua) ? 'wechat' : 'other';

/**
 * A possibly copied label: one lot's labels are sold in one market area, so scans of one code
 * from many networks, on several days, are suspicious. The evidence must be something one
 * person cannot fake cheaply: distinct coarse networks (IPv4 /24, IPv6 /48; one network counts
 * once however often it scans) over the last 30 days, on at least two days. Browser-shared
 * lat/lng is kept as a hint only: any client can send any value.
 */
export const COPY_WINDOW_DAYS = 30;
export const COPY_NETWORKS = 10;
export const COPY_DAYS = 2;
export interface ScanEvidence {
  /** Distinct networks and China calendar days of the scans in the window. */
  recentNetworks: number;
  recentDays: number;
}
export const copyWarning = (s: ScanEvidence, labelCount: number) =>
  s.recentNetworks > Math.max(COPY_NETWORKS, 2 * labelCount) && s.recentDays >= COPY_DAYS;
/** What the warning (or its absence) rests on, as the page says it. */
export const copyBasis = (s: ScanEvidence) =>
  `近${COPY_WINDOW_DAYS}天内来自 ${s.recentNetworks} 个不同网络、${s.recentDays} 个不同日期的扫码（同一网络只计一次，不采用浏览器上报的位置）`;
export const copyWindowStart = (now = new Date()) => new Date(now.getTime() - COPY_WINDOW_DAYS * 86_400_000);

/** The window's counts over a certificate's scans, as select expressions. */
export function scanEvidenceSql(since: Date) {
  const recent = sql`${certificateScans.at} >= ${since.toISOString()}::timestamptz`;
  // China calendar day without time-zone data (PGlite may have none): UTC plus eight hours.
  const day = sql`((${certificateScans.at} at time zone 'UTC') + interval '8 hours')::date`;
  return {
    recentNetworks: sql<number>`count(distinct ${certificateScans.network}) filter (where ${recent})`.mapWith(
      Number,
    ),
    recentDays: sql<number>`count(distinct ${day}) filter (where ${recent})`.mapWith(Number),
  };
}

/**
 * A certificate's committed scans for the staff page, from their tallies (migration 0039): the
 * total, distinct networks, the latest scan and the copy window's evidence. A network or day was
 * scanned since `since` when its tally row's latest scan was.
 */
export async function scanSummary(
  db: Db,
  districtCode: string,
  certificateId: string,
  since: Date,
): Promise<ScanEvidence & { total: number; places: number; last: string | null }> {
  const since_ = since.toISOString();
  const [r] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select coalesce(sum(t.scans), 0)::int as total,
        count(distinct nullif(t.network, ''))::int as places,
        (extract(epoch from max(t.last_at)) * 1000)::float8 as last_ms,
        (count(distinct nullif(t.network, '')) filter (where t.last_at >= ${since_}::timestamptz))::int
          as recent_networks,
        (count(distinct t.day) filter (where t.last_at >= ${since_}::timestamptz))::int as recent_days
      from certificate_scan_tallies t
      where t.district_code = ${districtCode} and t.certificate_id = ${certificateId}`),
  );
  return {
    total: Number(r?.total ?? 0),
    places: Number(r?.places ?? 0),
    last: r?.last_ms == null ? null : new Date(Number(r.last_ms)).toISOString(),
    recentNetworks: Number(r?.recent_networks ?? 0),
    recentDays: Number(r?.recent_days ?? 0),
  };
}

export interface ScanContext {
  ip: string | undefined;
  userAgent: string | undefined;
  lat?: unknown;
  lng?: unknown;
}

type TestJson = {
  kind: string;
  refId: string | null;
  refNo: string;
  items: string[];
  result: string;
  testedOn: string | null;
  lab: string | null;
};

/** The certificate as the scan reads it, with its entity, the entity's page version and the scan counts. */
export interface ScannedCertificate {
  id: string;
  districtCode: string;
  certNo: string;
  traceCode: string;
  style: string;
  source: string;
  entityId: string;
  productCode: string;
  productName: string;
  quantity: number;
  unit: string;
  origin: string;
  promiser: string;
  contact: string;
  issueDate: string;
  bases: string[];
  legacyBasis: string | null;
  labelCount: number;
  onBehalf: boolean;
  status: string;
  revokedAt: Date | null;
  revokeReason: string | null;
  entityName: string | null;
  entityType: string | null;
  pageVersion: string;
}

/**
 * What a scan reads every time, because it can change: the status and revocation, the entity's
 * name and page version, and the counts over the certificate's scans: the committed ones from
 * their tallies per day, network and place (migration 0039, kept by triggers in the scans' own
 * transaction), plus this process's pending ones ($2, JSON) that are not yet committed (a record
 * whose batch committed is in the tallies and in certificate_scans, both or neither in one
 * snapshot). One statement answers several scans at once ($1, JSON: see `scanReads`); each row
 * says which scan (`i`) it answers.
 */
const LIVE_COLUMNS = `q.i, c.id, c.trace_code, c.status,
    (extract(epoch from c.revoked_at) * 1000)::float8 as revoked_ms, c.revoke_reason,
    e.name as entity_name, e.type as entity_type,
    coalesce((select v.version from scan_page_versions v
      where v.district_code = c.district_code and v.entity_id = c.entity_id), 0)::text as page_version,
    k.*`;
const LIVE_FROM = `json_to_recordset($1::json) as q(i int, trace_id text, network text, place text,
    since timestamptz, today date)
  join certificates c on c.trace_id = q.trace_id
  left join entities e on e.district_code = c.district_code and e.id = c.entity_id
  cross join lateral (
    select coalesce(sum(s.n), 0)::int as total,
      count(distinct s.network)::int as networks,
      count(distinct s.place)::int as places,
      coalesce(bool_or(s.network = q.network), false) as seen_network,
      coalesce(bool_or(s.place = q.place), false) as seen_place,
      (count(distinct s.network) filter (where s.last_at >= q.since))::int as recent_networks,
      (count(distinct s.day) filter (where s.last_at >= q.since))::int as recent_days,
      coalesce(bool_or(s.network = q.network) filter (where s.last_at >= q.since), false) as seen_recent_network,
      coalesce(bool_or(s.day = q.today), false) as seen_today
    from (
      select t.day, nullif(t.network, '') as network, nullif(t.place, '') as place, t.scans as n, t.last_at
        from certificate_scan_tallies t
        where t.district_code = c.district_code and t.certificate_id = c.id
      union all
      select ((p.at at time zone 'UTC') + interval '8 hours')::date, p.network, p.place, 1, p.at
        from json_to_recordset($2::json) as p(id uuid, at timestamptz, network text, place text, certificate_id uuid)
        -- With nothing pending ('[]') the function is not even started. A sub-select, not
        -- $2 itself: a condition on a parameter is folded into each custom plan, which then
        -- looks cheaper than the generic one, so PostgreSQL planned the statement on every scan.
        where (select $2::text) <> '[]' and p.certificate_id = c.id and not exists (
          select 1 from certificate_scans x where x.district_code = c.district_code and x.id = p.id)
    ) s
  ) k`;

/**
 * The scan's statement for certificates not in the cache: each certificate by trace id
 * (certificates_trace_idx) with what never changes once it is issued (its content and tests),
 * and the live columns.
 */
const SCAN_SQL = `
  select c.district_code, c.cert_no, c.style, c.source, c.entity_id, c.product_code,
    c.product_name, c.quantity, c.unit, c.origin, c.promiser, c.contact, c.issue_date::text as issue_date,
    c.bases, c.legacy_basis, c.label_count, c.on_behalf,
    (select coalesce(json_agg(json_build_object('kind', t.kind, 'refId', t.ref_id, 'refNo', t.ref_no, 'items', t.items,
        'result', t.result, 'testedOn', t.tested_on, 'lab', t.lab) order by t.seq), '[]'::json)
      from certificate_tests t where t.district_code = c.district_code and t.certificate_id = c.id) as tests,
    ${LIVE_COLUMNS}
  from ${LIVE_FROM}`;

/** The scan's statement for cached certificates: the live columns only (same parameters). */
const SCAN_LIVE_SQL = `
  select ${LIVE_COLUMNS}
  from ${LIVE_FROM}`;

/** One scan's question to the batched statements. */
export interface ScanQuery {
  traceId: string;
  network: string | null;
  place: string | null;
  /** The copy window's start and the China day, as of the scan. */
  since: string;
  today: string;
}
type Row = Record<string, unknown>;

/** Batches of scans in flight at once per statement: the pool keeps the rest of its connections. */
export const SCAN_BATCHES_IN_FLIGHT = 3;
/** Scans per statement at most. */
export const SCAN_BATCH_MAX = 64;

/** The batched statements' parameters: the scans ($1) and the records still pending for them ($2). */
export function scanValues(queries: ScanQuery[], pending: ScanRecord[]): [string, string] {
  const scans = queries.map((q, i) => ({
    i,
    trace_id: q.traceId,
    network: q.network,
    place: q.place,
    since: q.since,
    today: q.today,
  }));
  return [JSON.stringify(scans), JSON.stringify(pending)];
}

/** The batched statements by name (each name keeps one text: db/prepared.ts). */
export const SCAN_STATEMENTS = { public_scan_live_batch: SCAN_LIVE_SQL, public_scan_batch: SCAN_SQL };

/** Runs one statement for a batch of scans: each scan gets the rows whose `i` is its place. */
async function runScanBatch(
  db: Db,
  log: ScanLog,
  name: keyof typeof SCAN_STATEMENTS,
  queries: ScanQuery[],
): Promise<Row[][]> {
  // The records still pending for these certificates, as of now (not as of each scan's start).
  const ids = [...new Set(queries.map((q) => q.traceId))];
  const pending = ids.flatMap((id) => log.pendingOf(id));
  const rows = await rawQuery(db, name, SCAN_STATEMENTS[name], scanValues(queries, pending));
  const out: Row[][] = queries.map(() => []);
  for (const r of rows) out[Number(r.i)]?.push(r);
  return out;
}

const scanBatchers = new WeakMap<
  object,
  { live: Coalescer<ScanQuery, Row[]>; full: Coalescer<ScanQuery, Row[]> }
>();

/** The two batched statements of one database (one pair per app; tests open many). */
export function scanReads(db: Db) {
  let b = scanBatchers.get(db);
  if (!b) {
    const log = scanState(db).log;
    const batcher = (name: keyof typeof SCAN_STATEMENTS) =>
      new Coalescer<ScanQuery, Row[]>(
        (qs) => runScanBatch(db, log, name, qs),
        SCAN_BATCHES_IN_FLIGHT,
        SCAN_BATCH_MAX,
      );
    b = { live: batcher('public_scan_live_batch'), full: batcher('public_scan_batch') };
    scanBatchers.set(db, b);
  }
  return b;
}

/** What the page shows besides the certificate row and its scans. */
interface PageReads {
  tests: TestJson[];
  colour: ColourResult;
  sources: PublicTraceView['sources'];
  brands: PublicTraceView['brands'];
  reports: Map<string, { reportNo: string; url: string }>;
}
type Brands = PublicTraceView['brands'];
/** Per entity: its colour and its brands in force (all products), valid for one version and day. */
interface EntityPage {
  key: string;
  expires: number;
  colour: ColourResult;
  brands: EntityBrands;
}
/** Per certificate, only for a buyer certificate or one citing samples: its sources and reports. */
interface CertificateExtras {
  key: string;
  expires: number;
  sources: PublicTraceView['sources'];
  reports: Map<string, { reportNo: string; url: string }>;
}
const NO_REPORTS = new Map<string, { reportNo: string; url: string }>();

async function sourcesOf(db: Db, c: ScannedCertificate): Promise<PublicTraceView['sources']> {
  const rows = await db
    .select({
      certNo: receivedCertificates.certNo,
      supplier: receivedCertificates.supplier,
      productCode: receivedCertificates.productCode,
      quantity: receivedCertificates.quantity,
      unit: receivedCertificates.unit,
      receivedOn: receivedCertificates.receivedOn,
      traceCode: certificates.traceCode,
      status: certificates.status,
    })
    .from(receivedCertificates)
    .leftJoin(
      certificates,
      and(
        eq(certificates.districtCode, receivedCertificates.districtCode),
        eq(certificates.id, receivedCertificates.sourceCertificateId),
      ),
    )
    .where(
      and(
        eq(receivedCertificates.districtCode, c.districtCode),
        eq(receivedCertificates.usedInCertificateId, c.id),
      ),
    )
    .orderBy(receivedCertificates.receivedOn, receivedCertificates.certNo);
  return rows.map((s) => ({
    certNo: s.certNo,
    supplier: s.supplier,
    productName: productLabel(s.productCode),
    quantity: s.quantity,
    unit: s.unit,
    receivedOn: s.receivedOn,
    traceCode: s.traceCode ?? null,
    status: s.status ?? 'paper',
  }));
}

/**
 * The page's reads besides the certificate, its tests and its scans: from the cache while the
 * entity's page version, the certificate's status and the China day are those they were read at
 * (and for at most PAGE_TTL_MS: pageExpiry), else read again.
 */
async function pageReads(
  db: Db,
  state: ReturnType<typeof scanState>,
  c: ScannedCertificate,
  tests: TestJson[],
  now: Date,
  today: string,
): Promise<PageReads> {
  const version = `${c.pageVersion}|${today}`;
  const ek = `e|${c.districtCode}|${c.entityId}`;
  let ent = state.pages.get(ek) as EntityPage | undefined;
  if (!ent || ent.key !== version || ent.expires <= now.getTime()) {
    const { colour, brands } = await entityPage(db, c.districtCode, c.entityId, now, today);
    ent = { key: version, expires: pageExpiry(now.getTime()), colour, brands };
    state.pages.set(ek, ent);
  }
  // A revoked certificate vouches for nothing, so it shows no brands either.
  const brands: Brands = c.status === 'revoked' ? [] : brandsFor(ent.brands, c.productCode);
  // The public copy of the current report of each cited sample of this producer (no read when none).
  const cited = tests.flatMap((t) => (t.kind === 'sample' && t.refId ? [t.refId] : []));
  if (c.style !== 'buyer' && !cited.length)
    return { tests, colour: ent.colour, brands, sources: [], reports: NO_REPORTS };
  const ck = `c|${c.districtCode}|${c.id}`;
  const key = `${version}|${c.status}`;
  let extras = state.pages.get(ck) as CertificateExtras | undefined;
  if (!extras || extras.key !== key || extras.expires <= now.getTime()) {
    const [sources, reports] = await Promise.all([
      c.style === 'buyer' ? sourcesOf(db, c) : Promise.resolve([]),
      currentReports(db, c.districtCode, cited, c.entityId),
    ]);
    extras = { key, expires: pageExpiry(now.getTime()), sources, reports };
    state.pages.set(ck, extras);
  }
  return { tests, colour: ent.colour, brands, sources: extras.sources, reports: extras.reports };
}

const HEAD_SQL = 'select trace_code from certificates where trace_id = $1';

/**
 * A HEAD scan answers only whether the code is registered (200) or not (404): the signature
 * (cached as for a scan), then one probe of the trace-id index. It records nothing and reads
 * nothing of the page, so it costs about what a primary-key lookup does.
 */
export async function codeRegistered(db: Db, ring: KeyRing, code: string): Promise<boolean> {
  const check = verifiedCheck(ring, code);
  if (!check.ok) return false;
  const rows = await rawQuery(db, 'public_scan_head', HEAD_SQL, [check.id]);
  return rows.some((x) => x.trace_code === check.code);
}

/** What a certificate never changes once issued: kept per trace id in the scan cache. */
interface IssuedCertificate {
  fixed: Omit<
    ScannedCertificate,
    'status' | 'revokedAt' | 'revokeReason' | 'entityName' | 'entityType' | 'pageVersion'
  >;
  tests: TestJson[];
}

function issuedOf(r: Record<string, unknown>): IssuedCertificate {
  return {
    fixed: {
      id: r.id as string,
      districtCode: r.district_code as string,
      certNo: r.cert_no as string,
      traceCode: r.trace_code as string,
      style: r.style as string,
      source: r.source as string,
      entityId: r.entity_id as string,
      productCode: r.product_code as string,
      productName: r.product_name as string,
      quantity: Number(r.quantity),
      unit: r.unit as string,
      origin: r.origin as string,
      promiser: r.promiser as string,
      contact: r.contact as string,
      issueDate: r.issue_date as string,
      bases: (r.bases as string[]) ?? [],
      legacyBasis: (r.legacy_basis as string | null) ?? null,
      labelCount: Number(r.label_count),
      onBehalf: Boolean(r.on_behalf),
    },
    tests: jsonList<TestJson>(r.tests),
  };
}

/**
 * A public scan: the signature (no database work for a forged code; a code already verified
 * under this key ring is not verified again), then one statement for the certificate, its page
 * version and its scan counts (for a cached certificate, only what can change); the rest of the
 * page from the cache while the version, status and day match; the scan record appended to the
 * batched log. `view` is null for an unknown code.
 */
export async function scanCode(
  db: Db,
  ring: KeyRing,
  code: string,
  ctx: ScanContext,
): Promise<{ check: TraceCheck; view: PublicTraceView | null }> {
  const check = verifiedCheck(ring, code);
  if (!check.ok) return { check, view: null };
  const state = scanState(db);
  const batched = scanReads(db);
  const now = new Date();
  const today = chinaDate(now);
  const network = coarseNetwork(ctx.ip);
  const place = coarsePlace(ctx.lat, ctx.lng);
  const query: ScanQuery = {
    traceId: check.id,
    network,
    place,
    since: copyWindowStart(now).toISOString(),
    today,
  };
  // The id is unique per district and random across them; the whole code must match too (a code
  // signed again, e.g. under another key, is not the one registered).
  const cached = state.certs.get(check.id) as IssuedCertificate | undefined;
  let r: Record<string, unknown> | undefined;
  if (cached) {
    const rows = await batched.live.request(query);
    r = rows.find((x) => x.trace_code === check.code && x.id === cached.fixed.id);
  }
  let issued = cached;
  if (!r || !issued) {
    const rows = await batched.full.request(query);
    r = rows.find((x) => x.trace_code === check.code);
    if (!r) return { check, view: null };
    issued = issuedOf(r);
    state.certs.set(check.id, issued);
  }
  const c: ScannedCertificate = {
    ...issued.fixed,
    status: r.status as string,
    revokedAt: r.revoked_ms == null ? null : new Date(Number(r.revoked_ms)),
    revokeReason: (r.revoke_reason as string | null) ?? null,
    entityName: (r.entity_name as string | null) ?? null,
    entityType: (r.entity_type as string | null) ?? null,
    pageVersion: r.page_version as string,
  };
  state.log.add({
    id: randomUUID(),
    district_code: c.districtCode,
    certificate_id: c.id,
    at: now.toISOString(),
    network,
    place,
    channel: scanChannel(ctx.userAgent),
    trace_id: check.id,
  });
  const tests = issued.tests;
  const reads = await pageReads(db, state, c, tests, now, today);
  const evidence: ScanEvidence = {
    recentNetworks: n(r.recent_networks) + (network && !r.seen_recent_network ? 1 : 0),
    recentDays: n(r.recent_days) + (r.seen_today ? 0 : 1),
  };
  const scans = {
    total: n(r.total) + 1,
    networks: n(r.networks) + (network && !r.seen_network ? 1 : 0),
    places: n(r.places) + (place && !r.seen_place ? 1 : 0),
    ...evidence,
    windowDays: COPY_WINDOW_DAYS,
    copyWarning: copyWarning(evidence, c.labelCount),
    basis: copyBasis(evidence),
  };
  return { check, view: publicView(c, reads, scans) };
}

/** Everything the public may see of a genuine or revoked certificate. */
function publicView(
  c: ScannedCertificate,
  { tests, colour, sources, brands, reports }: PageReads,
  scans: PublicTraceView['scans'],
): PublicTraceView {
  const revoked = c.status === 'revoked';
  const style = c.style as CertificateStyle;
  return {
    validity: revoked ? 'revoked' : 'genuine',
    validityLabel: VALIDITY_LABELS[revoked ? 'revoked' : 'genuine'],
    revokedAt: revoked ? (c.revokedAt?.toISOString() ?? null) : null,
    revokeReason: revoked ? c.revokeReason : null,
    certNo: c.certNo,
    style,
    source: c.source === 'legacy' ? 'legacy' : 'issued',
    productName: c.productName,
    quantity: c.quantity,
    unit: c.unit,
    origin: c.origin,
    producer: {
      name: c.entityName ?? c.promiser,
      type: c.entityType ? (ENTITY_TYPE_LABELS[c.entityType as EntityType] ?? '') : '',
      contact: c.contact,
      onBehalf: c.onBehalf,
    },
    issueDate: c.issueDate,
    commitments: COMMITMENTS[style] ?? COMMITMENTS.producer,
    bases: (c.bases as Basis[])
      .filter((b) => b in BASIS_LABELS)
      .map((b) => ({ code: b, label: BASIS_LABELS[b] })),
    legacyBasis: c.legacyBasis,
    tests: tests.map((t) => ({
      report: (t.kind === 'sample' && t.refId && reports.get(t.refId)) || null,
      kind: t.kind as keyof typeof TEST_KIND_LABELS,
      kindLabel: TEST_KIND_LABELS[t.kind as keyof typeof TEST_KIND_LABELS] ?? t.kind,
      refNo: t.refNo,
      items: testItemNames(t.kind, t.items),
      result: t.result,
      testedOn: t.testedOn,
      lab: t.lab,
    })),
    // The entity's certifications and regional-brand licences in force for this product (brands/scan.ts).
    brands,
    sources,
    supervision: {
      colour: colour.colour,
      label: COLOUR_LABELS[colour.colour],
      basis: colour.basis,
      windowDays: COLOUR_WINDOW_DAYS,
    },
    scans,
  };
}
