import { randomUUID } from 'node:crypto';
import { maskIdCard } from '@nongan/shared/entities/check-digits';
import { type EntityCreate, entityCreateBody } from '@nongan/shared/entities/schemas';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { badRequest, conflict, notFound } from '../../platform/http-error.ts';
import { type Pacer, pacedEach, pacedMap, pacer } from '../../platform/pace.ts';
import { readUploadRows } from '../../platform/upload.ts';
import { inScope, type Scope } from '../accounts/scope.ts';
import { type Actor, type AuditEntry, diff, writeAudit } from '../audit/audit.ts';
import { checkPlace, type DivisionIndex, type PlaceDivision } from '../regions/places.ts';
import type { EntityRow } from './repository.ts';
import { auditShape, divisionIndex, newEntityRow } from './service.ts';
import { entities, importBatches } from './table.ts';
import {
  type CellValue,
  cellText,
  ENTITY_COLUMNS,
  HEADER_OF,
  HEADERS,
  isRoundedNumber,
  parseBool,
  parseIndustries,
  parseType,
  splitList,
} from './xlsx-columns.ts';

export const MAX_IMPORT_ROWS = 200_000;
/** Errors returned in the response body; the error report (xlsx) has them all. */
export const MAX_RESPONSE_ERRORS = 1000;
/** Failed rows whose original values are kept for the error report. */
const MAX_KEPT_ROWS = 20_000;

export type ImportMode = 'lenient' | 'strict';
export interface ImportError {
  row: number;
  column: string | null;
  reason: string;
}
export interface ImportResult {
  batchId: string;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  committed: boolean;
  errors: ImportError[];
  /** True when `errors` was cut to MAX_RESPONSE_ERRORS; the error report has every one. */
  errorsTruncated: boolean;
}

/** One data row: its sheet row number and cell values in ENTITY_COLUMNS order. */
export interface RawRow {
  row: number;
  cells: CellValue[];
}
export interface ParsedRow {
  row: number;
  input: EntityCreate;
  /** The ID card cell held a masked value from an export (110105********002X): keep the stored one. */
  maskedIdCard: string | null;
}

const MASKED_ID = /^\d{6}\*{8}\d{3}[\dX]$/;
/** A valid ID card standing in for a masked one while the row is validated. */
const PLACEHOLDER_ID = '11010519491231002X';
const IDENTITY_REASONS = new Set(['散户无统一社会信用代码时须填写身份证号', '非散户须填写统一社会信用代码']);

const fileIssue = (reason: string) => badRequest(reason, [{ field: 'file', reason }]);

/**
 * The header row and the non-empty data rows of an .xlsx, read by the one upload reader
 * (platform/upload.ts: off the event loop, size-capped, bad text refused). At most maxRows.
 */
export async function readSheet(
  buffer: Buffer,
  maxRows = MAX_IMPORT_ROWS,
): Promise<{ header: CellValue[]; rows: RawRow[] }> {
  return readUploadRows(buffer, { formats: ['xlsx'], maxRows });
}

const normHeader = (v: CellValue) =>
  cellText(v)
    .replace(/\s+/g, '')
    .replace(/[*＊]$/, '');

/**
 * Where each template column is in this sheet (columns may be in any order). A missing, unknown
 * or repeated header is a 400 naming them, so a wrong file changes nothing.
 */
export function columnPositions(header: CellValue[]): number[] {
  const seen = new Map<string, number>();
  const unexpected: string[] = [];
  header.forEach((h, i) => {
    const name = normHeader(h);
    if (!name) return;
    if (!HEADERS.includes(name)) unexpected.push(name);
    else if (seen.has(name)) unexpected.push(`${name}（重复）`);
    else seen.set(name, i);
  });
  const missing = HEADERS.filter((h) => !seen.has(h));
  if (missing.length || unexpected.length) {
    const parts = [
      missing.length ? `缺少列：${missing.join('、')}` : '',
      unexpected.length ? `多余列：${unexpected.join('、')}` : '',
    ];
    throw fileIssue(`表头与模板不符，${parts.filter(Boolean).join('；')}。请使用导入模板`);
  }
  return HEADERS.map((h) => seen.get(h) as number);
}

/** Rows with cells rearranged into ENTITY_COLUMNS order. */
export function orderCells(rows: RawRow[], positions: number[], pace: Pacer = pacer()): Promise<RawRow[]> {
  return pacedMap(rows, (r) => ({ row: r.row, cells: positions.map((p) => r.cells[p] ?? null) }), pace);
}

/** Village and grid lookups by name or code, built once per import instead of a scan per row. */
export class PlaceLookup {
  private readonly villages = new Map<string, PlaceDivision | 'ambiguous'>();
  private readonly grids = new Map<string, PlaceDivision | 'ambiguous'>();
  constructor(readonly index: DivisionIndex) {
    for (const d of index.byCode.values()) {
      const map = d.level === 'village' ? this.villages : d.level === 'grid' ? this.grids : null;
      if (!map || !d.parentCode) continue;
      const key = `${d.parentCode}|${d.name}`;
      map.set(key, map.has(key) ? 'ambiguous' : d);
    }
  }
  private find(map: Map<string, PlaceDivision | 'ambiguous'>, level: string, parent: string, key: string) {
    const byCode = this.index.byCode.get(key);
    if (byCode) return byCode.level === level && byCode.parentCode === parent ? byCode : undefined;
    return map.get(`${parent}|${key}`);
  }
  village = (townCode: string, key: string) => this.find(this.villages, 'village', townCode, key);
  grid = (villageCode: string, key: string) => this.find(this.grids, 'grid', villageCode, key);
}

/**
 * Parses and validates rows (no I/O; paced, see platform/pace.ts): labels to codes, places by
 * name or code, then the shared entityCreateBody schema and the place/scope check. Errors name
 * the sheet row and column.
 */
export async function parseEntityRows(
  rows: RawRow[],
  places: PlaceLookup,
  scope: Scope,
  pace: Pacer = pacer(),
): Promise<{ rows: ParsedRow[]; errors: ImportError[] }> {
  const out: ParsedRow[] = [];
  const errors: ImportError[] = [];
  await pacedEach(
    rows,
    (raw) => {
      const r = parseEntityRow(raw, places, scope);
      if ('errors' in r) errors.push(...r.errors);
      else out.push(r);
    },
    pace,
  );
  return { rows: out, errors };
}

const col = (field: (typeof ENTITY_COLUMNS)[number]['field']) =>
  ENTITY_COLUMNS.findIndex((c) => c.field === field);
const C = Object.fromEntries(ENTITY_COLUMNS.map((c) => [c.field, col(c.field)])) as Record<
  (typeof ENTITY_COLUMNS)[number]['field'],
  number
>;

export function parseEntityRow(
  raw: RawRow,
  places: PlaceLookup,
  scope: Scope,
): ParsedRow | { errors: ImportError[] } {
  const errs: ImportError[] = [];
  const bad = new Set<string>();
  const fail = (field: string, reason: string) => {
    bad.add(field);
    errs.push({ row: raw.row, column: HEADER_OF[field] ?? null, reason });
  };
  const cell = (field: keyof typeof C) => raw.cells[C[field]];
  const text = (field: keyof typeof C) => cellText(cell(field));
  const optional = (field: keyof typeof C) => text(field) || null;

  const typeText = text('type');
  const type = parseType(typeText);
  if (!type) fail('type', typeText ? `无法识别的类型：${typeText}` : '不能为空');

  let idCard = optional('idCard');
  let maskedIdCard: string | null = null;
  if (isRoundedNumber(cell('idCard')))
    fail('idCard', '身份证号被 Excel 存成了数字，末几位已丢失；请将该列设为文本后重新填写');
  else if (idCard && MASKED_ID.test(idCard.toUpperCase())) {
    maskedIdCard = idCard.toUpperCase();
    idCard = PLACEHOLDER_ID;
  }
  if (isRoundedNumber(cell('creditCode')))
    fail('creditCode', '统一社会信用代码被 Excel 存成了数字，已丢失精度；请将该列设为文本');

  const industries = parseIndustries(text('industries'));
  if (industries.unknown.length) fail('industries', `无法识别的行业：${industries.unknown.join('、')}`);

  const bools = {} as { certificateTrial: boolean; traceManaged: boolean };
  for (const f of ['certificateTrial', 'traceManaged'] as const) {
    const b = parseBool(text(f));
    if (b === undefined) fail(f, `应填“是”或“否”：${text(f)}`);
    bools[f] = b ?? false;
  }
  // 风险等级 is derived from the supervision record (dossier/risk.ts): an exported file's column is read-only.

  const num = (f: 'lat' | 'lng') => {
    const v = cell(f);
    if (typeof v === 'number') return v;
    const s = text(f);
    if (!s) return null;
    const n = Number(s);
    if (!Number.isFinite(n)) fail(f, `应为数字：${s}`);
    return Number.isFinite(n) ? n : null;
  };

  // Places: town by name, former name or code; village and grid by name or code inside it.
  const townKey = text('townCode');
  const town = townKey ? places.index.town(townKey) : undefined;
  if (!townKey) fail('townCode', '不能为空');
  else if (!town) fail('townCode', `镇街不存在：${townKey}`);
  let villageCode: string | null = null;
  let gridCode: string | null = null;
  const villageKey = text('villageCode');
  if (town && villageKey) {
    const v = places.village(town.code, villageKey);
    if (v === 'ambiguous') fail('villageCode', `${town.name}有多个名为“${villageKey}”的村，请填写村代码`);
    else if (!v) fail('villageCode', `${town.name}下没有这个村：${villageKey}`);
    else villageCode = v.code;
  }
  const gridKey = text('gridCode');
  if (gridKey && !villageKey) fail('gridCode', '填写网格须先填写村');
  else if (villageCode && gridKey) {
    const g = places.grid(villageCode, gridKey);
    if (g === 'ambiguous') fail('gridCode', `该村有多个名为“${gridKey}”的网格，请填写网格代码`);
    else if (!g) fail('gridCode', `该村下没有这个网格：${gridKey}`);
    else gridCode = g.code;
  }

  const candidate = {
    name: text('name'),
    type: type ?? 'enterprise',
    creditCode: optional('creditCode'),
    idCard,
    legalRep: text('legalRep'),
    phone: text('phone'),
    address: text('address'),
    townCode: town?.code ?? '000000000',
    villageCode,
    gridCode,
    industries: industries.values,
    mainProducts: splitList(text('mainProducts')),
    scale: optional('scale'),
    certificateTrial: bools.certificateTrial,
    traceManaged: bools.traceManaged,
    lat: num('lat'),
    lng: num('lng'),
    remarks: optional('remarks'),
  };
  const parsed = entityCreateBody.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (bad.has(field)) continue;
      if (!type && IDENTITY_REASONS.has(issue.message)) continue;
      const value = field in C ? text(field as keyof typeof C) : '';
      const reason = field === 'name' || value === '' ? issue.message : `${issue.message}：${value}`;
      errs.push({ row: raw.row, column: HEADER_OF[field] ?? null, reason });
    }
  }
  if (town && !bad.has('villageCode') && !bad.has('gridCode')) {
    for (const i of checkPlace(places.index, scope, { townCode: town.code, villageCode, gridCode })) {
      const reason =
        i.reason === '不在本人辖区' ? `${town.name}不在本人辖区，只能导入本辖区的主体` : i.reason;
      errs.push({ row: raw.row, column: HEADER_OF[i.field] ?? null, reason });
    }
  }
  if (errs.length || !parsed.success) return { errors: errs };
  return { row: raw.row, input: parsed.data, maskedIdCard };
}

const nameKey = (name: string, townCode: string) => `${townCode}|${name}`;

/** Later rows that repeat an earlier row's credit code, ID card or (without either) name + town. */
export async function duplicateRows(rows: ParsedRow[], pace: Pacer = pacer()): Promise<ImportError[]> {
  const credit = new Map<string, number>();
  const idCard = new Map<string, number>();
  const names = new Map<string, number>();
  const errors: ImportError[] = [];
  for (const r of rows) {
    if (pace.due()) await pace.pause();
    const { creditCode, name, townCode } = r.input;
    const id = r.maskedIdCard ? null : r.input.idCard;
    const firstCredit = creditCode ? credit.get(creditCode) : undefined;
    const firstId = id ? idCard.get(id) : undefined;
    const firstName = !creditCode && !id ? names.get(nameKey(name, townCode)) : undefined;
    if (firstCredit)
      errors.push({
        row: r.row,
        column: HEADER_OF.creditCode ?? null,
        reason: `与第${firstCredit}行的统一社会信用代码重复`,
      });
    else if (firstId)
      errors.push({ row: r.row, column: HEADER_OF.idCard ?? null, reason: `与第${firstId}行的身份证号重复` });
    else if (firstName)
      errors.push({
        row: r.row,
        column: HEADER_OF.name ?? null,
        reason: `与第${firstName}行的名称和镇街重复`,
      });
    else {
      if (creditCode) credit.set(creditCode, r.row);
      if (id) idCard.set(id, r.row);
      if (!creditCode && !id) names.set(nameKey(name, townCode), r.row);
    }
  }
  return errors;
}

/** Existing records that import rows may be the same as, indexed like findSame matches. */
export class ExistingIndex {
  readonly byCredit = new Map<string, EntityRow>();
  readonly byIdCard = new Map<string, EntityRow>();
  readonly byName = new Map<string, EntityRow>();
  constructor(rows: EntityRow[] = []) {
    for (const r of rows) this.add(r);
  }
  add(r: EntityRow): void {
    if (r.creditCode) this.byCredit.set(r.creditCode, r);
    if (r.idCard && !this.byIdCard.has(r.idCard)) this.byIdCard.set(r.idCard, r);
    const k = nameKey(r.name, r.townCode);
    if (!this.byName.has(k)) this.byName.set(k, r);
  }
  /** The same rule as findSame: credit code, else ID card, else name + town. */
  match(r: ParsedRow): EntityRow | undefined {
    const { creditCode, name, townCode } = r.input;
    if (creditCode) return this.byCredit.get(creditCode);
    if (r.input.idCard && !r.maskedIdCard) return this.byIdCard.get(r.input.idCard);
    return this.byName.get(nameKey(name, townCode));
  }
}

type Insert = typeof entities.$inferInsert;
export interface ImportPlan {
  inserts: Insert[];
  updates: { before: EntityRow; after: EntityRow }[];
  unchanged: number;
  errors: ImportError[];
}

const COMPARED = [
  'townCode',
  'villageCode',
  'gridCode',
  'name',
  'type',
  'creditCode',
  'idCard',
  'legalRep',
  'phone',
  'address',
  'industries',
  'mainProducts',
  'scale',
  'certificateTrial',
  'traceManaged',
  'lat',
  'lng',
  'remarks',
] as const;

/**
 * Decides, for each valid row, create / update / unchanged against the existing records (no I/O).
 * Empty credit code or ID card keep the stored value; a masked ID card must agree with it.
 */
export async function planImport(
  districtCode: string,
  scope: Scope,
  rows: ParsedRow[],
  existing: ExistingIndex,
  pace: Pacer = pacer(),
): Promise<ImportPlan> {
  const plan: ImportPlan = { inserts: [], updates: [], unchanged: 0, errors: [] };
  const claimed = new Map<string, number>();
  for (const r of rows) {
    if (pace.due()) await pace.pause();
    const fail = (column: string | null, reason: string) => plan.errors.push({ row: r.row, column, reason });
    const found = existing.match(r);
    if (found && !inScope(scope, found)) {
      fail(null, '与辖区外已登记的主体相同（统一社会信用代码或身份证号相同），不能在此导入');
      continue;
    }
    if (found && claimed.has(found.id)) {
      fail(null, `与第${claimed.get(found.id)}行对应同一个已有主体`);
      continue;
    }
    const input = { ...r.input };
    if (r.maskedIdCard) {
      if (!found) {
        fail(HEADER_OF.idCard ?? null, '身份证号为脱敏值（含*），新增主体须填写完整号码');
        continue;
      }
      if (!found.idCard || maskIdCard(found.idCard) !== r.maskedIdCard) {
        fail(HEADER_OF.idCard ?? null, '脱敏的身份证号与已登记的不一致，请填写完整号码');
        continue;
      }
      input.idCard = found.idCard;
    }
    if (!found) {
      plan.inserts.push(newEntityRow(districtCode, input));
      continue;
    }
    claimed.set(found.id, r.row);
    const next: EntityRow = {
      ...found,
      townCode: input.townCode,
      villageCode: input.villageCode ?? null,
      gridCode: input.gridCode ?? null,
      name: input.name,
      type: input.type,
      creditCode: input.creditCode ?? found.creditCode,
      idCard: input.idCard ?? found.idCard,
      legalRep: input.legalRep,
      phone: input.phone,
      address: input.address,
      industries: input.industries,
      mainProducts: input.mainProducts ?? [],
      scale: input.scale ?? null,
      certificateTrial: input.certificateTrial ?? false,
      traceManaged: input.traceManaged ?? false,
      riskGrade: found.riskGrade,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      remarks: input.remarks ?? null,
    };
    const changed = COMPARED.some((k) => JSON.stringify(found[k]) !== JSON.stringify(next[k]));
    if (changed) plan.updates.push({ before: found, after: { ...next, version: found.version + 1 } });
    else plan.unchanged++;
  }
  return plan;
}

const rowsOf = (res: unknown) => (res as { rows: Record<string, unknown>[] }).rows;

/** Rows per lookup of existing records: each statement's key lists stay small. */
const LOOKUP_SLICE = 5000;

/** Existing records matching any row, a query per slice of rows (keys passed as JSON, not one parameter each). */
export async function findExisting(
  db: Db,
  districtCode: string,
  rows: ParsedRow[],
  pace: Pacer = pacer(),
): Promise<ExistingIndex> {
  const index = new ExistingIndex();
  const seen = new Set<string>();
  for (let i = 0; i < rows.length; i += LOOKUP_SLICE) {
    if (pace.due()) await pace.pause();
    const credit: string[] = [];
    const ids: string[] = [];
    const names: [string, string][] = [];
    for (const r of rows.slice(i, i + LOOKUP_SLICE)) {
      if (r.input.creditCode) credit.push(r.input.creditCode);
      else if (r.input.idCard && !r.maskedIdCard) ids.push(r.input.idCard);
      else names.push([r.input.name, r.input.townCode]);
    }
    const found = await db
      .select()
      .from(entities)
      .where(
        and(
          eq(entities.districtCode, districtCode),
          sql`(${entities.creditCode} in (select jsonb_array_elements_text(${JSON.stringify(credit)}::jsonb))
            or ${entities.idCard} in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))
            or (${entities.name}, ${entities.townCode}) in
              (select x->>0, x->>1 from jsonb_array_elements(${JSON.stringify(names)}::jsonb) x))`,
        ),
      );
    await pacedEach(
      found,
      (e) => {
        if (seen.has(e.id)) return;
        seen.add(e.id);
        index.add(e);
      },
      pace,
    );
  }
  return index;
}

export interface ImportOptions {
  mode: ImportMode;
  fileName: string;
  maxRows?: number;
  /** Rows per INSERT/UPDATE statement. */
  chunkSize?: number;
}

/**
 * The whole import: read, validate every row, match existing records in bulk, then write the
 * valid rows, their audit rows and the batch record in one transaction (strict mode: nothing
 * when any row fails). Used by the HTTP route and the CLI.
 */
export async function importEntitiesFromBuffer(
  db: Db,
  actor: Actor,
  scope: Scope,
  buffer: Buffer,
  opts: ImportOptions,
): Promise<ImportResult> {
  // Every loop over the rows is paced: a 100,000-row file must not hold other requests up.
  const pace = pacer();
  const { header, rows: rawRows } = await readSheet(buffer, opts.maxRows);
  const rows = await orderCells(rawRows, columnPositions(header), pace);
  const places = new PlaceLookup(await divisionIndex(db, scope.districtCode));
  const parsed = await parseEntityRows(rows, places, scope, pace);
  const dupErrors = await duplicateRows(parsed.rows, pace);
  const dupRows = new Set(dupErrors.map((e) => e.row));
  const candidates = parsed.rows.filter((r) => !dupRows.has(r.row));
  const plan = await planImport(
    scope.districtCode,
    scope,
    candidates,
    await findExisting(db, scope.districtCode, candidates, pace),
    pace,
  );
  const errors = [...parsed.errors, ...dupErrors, ...plan.errors].sort((a, b) => a.row - b.row);
  const failedRows = new Set(errors.map((e) => e.row));
  const commit = opts.mode === 'lenient' || failedRows.size === 0;

  const batchId = randomUUID();
  const counts = {
    total: rows.length,
    created: commit ? plan.inserts.length : 0,
    updated: commit ? plan.updates.length : 0,
    unchanged: commit ? plan.unchanged : 0,
    failed: failedRows.size,
  };
  const errorRows: Record<string, string[]> = {};
  let kept = 0;
  for (const r of rows) {
    if (kept >= MAX_KEPT_ROWS) break;
    if (pace.due()) await pace.pause();
    if (failedRows.has(r.row)) {
      errorRows[r.row] = r.cells.map(cellText);
      kept++;
    }
  }
  const batch = {
    id: batchId,
    districtCode: scope.districtCode,
    kind: 'entities' as const,
    userId: actor.user?.id ?? null,
    username: actor.user?.username ?? null,
    scopeCode: scope.kind === 'town' ? scope.townCode : null,
    fileName: opts.fileName.slice(0, 200),
    mode: opts.mode,
    ...counts,
    committed: commit,
    errors,
    errorRows,
  };
  const batchAudit: AuditEntry = {
    action: 'import',
    subjectType: 'import',
    subjectId: batchId,
    regionCode: scope.kind === 'town' ? scope.townCode : scope.districtCode,
    after: { fileName: batch.fileName, mode: opts.mode, committed: commit, ...counts },
  };

  await db.transaction(async (tx) => {
    if (commit) await writePlan(tx, actor, plan, opts.chunkSize ?? 1000, pace);
    await tx.insert(importBatches).values(batch);
    await writeAudit(tx, actor, batchAudit);
  });
  if (commit && plan.inserts.length + plan.updates.length >= 1000) await refreshSearchStats(db);
  return {
    batchId,
    ...counts,
    committed: commit,
    errors: errors.slice(0, MAX_RESPONSE_ERRORS),
    errorsTruncated: errors.length > MAX_RESPONSE_ERRORS,
  };
}

/**
 * After a big import: fresh statistics, so the planner knows how common each character pair is and
 * picks the gram index or the list order well, and the GIN index's pending list merged, so the
 * next searches do not scan it (both PostgreSQL and PGlite have `gin_clean_pending_list`).
 */
async function refreshSearchStats(db: Db): Promise<void> {
  await db.execute(sql`analyze entities`);
  await db.execute(sql`select gin_clean_pending_list('entities_search_idx'::regclass)`);
}

/** Inserts, updates and their audit rows, chunked; a record changed meanwhile aborts it all. */
async function writePlan(
  tx: Db,
  actor: Actor,
  plan: ImportPlan,
  chunkSize: number,
  pace: Pacer,
): Promise<void> {
  // Pipelined: while one chunk's statements run on the server, the next chunk's JSON is built
  // here, so the two cores work at once. Chunks still run one after another, in order.
  let running: Promise<unknown> | null = null;
  for (let i = 0; i < plan.inserts.length; i += chunkSize) {
    const chunk = plan.inserts.slice(i, i + chunkSize);
    const entityJson = await entitiesJson(chunk, pace);
    const auditJson = await auditRowsJson(
      await pacedMap(chunk, (r) => ({
        action: 'create',
        subjectType: 'entity',
        subjectId: r.id as string,
        regionCode: r.townCode,
        after: auditShape(r as EntityRow),
      })),
      pace,
    );
    if (running) await running;
    running = insertEntitiesJson(tx, entityJson).then(() => writeAuditJson(tx, actor, auditJson));
    // Awaited above or below; this only keeps a failure meanwhile from counting as unhandled.
    running.catch(() => undefined);
  }
  await running;
  for (let i = 0; i < plan.updates.length; i += chunkSize) {
    const chunk = plan.updates.slice(i, i + chunkSize);
    const data = await pacedMap(
      chunk,
      ({ before, after }) => ({
        id: after.id,
        version: before.version,
        town_code: after.townCode,
        village_code: after.villageCode,
        grid_code: after.gridCode,
        name: after.name,
        type: after.type,
        credit_code: after.creditCode,
        id_card: after.idCard,
        legal_rep: after.legalRep,
        phone: after.phone,
        address: after.address,
        industries: after.industries,
        main_products: after.mainProducts,
        scale: after.scale,
        certificate_trial: after.certificateTrial,
        trace_managed: after.traceManaged,
        lat: after.lat,
        lng: after.lng,
        remarks: after.remarks,
      }),
      pace,
    );
    if (pace.due()) await pace.pause();
    const res = await tx.execute(sql`
      update entities e set
        town_code = x.town_code, village_code = x.village_code, grid_code = x.grid_code, name = x.name,
        type = x.type, credit_code = x.credit_code, id_card = x.id_card, legal_rep = x.legal_rep,
        phone = x.phone, address = x.address, industries = x.industries, main_products = x.main_products,
        scale = x.scale, certificate_trial = x.certificate_trial, trace_managed = x.trace_managed,
        lat = x.lat, lng = x.lng, remarks = x.remarks,
        version = e.version + 1, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(data)}::jsonb) as x(
        id uuid, version integer, town_code text, village_code text, grid_code text, name text, type text,
        credit_code text, id_card text, legal_rep text, phone text, address text, industries text[],
        main_products text[], scale text, certificate_trial boolean, trace_managed boolean,
        lat double precision, lng double precision, remarks text)
      where e.district_code = ${chunk[0]?.before.districtCode} and e.id = x.id and e.version = x.version
      returning e.id`);
    if (rowsOf(res).length !== chunk.length)
      throw conflict('导入期间有主体被他人修改，本次导入未写入任何数据，请重新导入');
    await writeAudit(
      tx,
      actor,
      await pacedMap(
        chunk,
        ({ before, after }) => ({
          action: 'update',
          subjectType: 'entity',
          subjectId: after.id,
          regionCode: after.townCode,
          ...diff(auditShape(before), auditShape({ ...after, updatedAt: before.updatedAt })),
        }),
        pace,
      ),
    );
  }
}

/**
 * Multi-row INSERT with one JSON parameter instead of one parameter per value: much faster on
 * PGlite, and no 65,535-parameter limit. Same rows as newEntityRow builds.
 */
async function entitiesJson(rows: Insert[], pace: Pacer): Promise<string> {
  const data = await pacedMap(
    rows,
    (r) => ({
      id: r.id,
      district_code: r.districtCode,
      town_code: r.townCode,
      village_code: r.villageCode ?? null,
      grid_code: r.gridCode ?? null,
      name: r.name,
      type: r.type,
      credit_code: r.creditCode ?? null,
      id_card: r.idCard ?? null,
      legal_rep: r.legalRep,
      phone: r.phone,
      address: r.address,
      industries: r.industries,
      main_products: r.mainProducts,
      scale: r.scale ?? null,
      certificate_trial: r.certificateTrial ?? false,
      trace_managed: r.traceManaged ?? false,
      risk_grade: r.riskGrade ?? 'low',
      lat: r.lat ?? null,
      lng: r.lng ?? null,
      remarks: r.remarks ?? null,
      synthetic: r.synthetic ?? false,
    }),
    pace,
  );
  if (pace.due()) await pace.pause();
  return JSON.stringify(data);
}

async function insertEntitiesJson(tx: Db, json: string): Promise<void> {
  await tx.execute(sql`
    insert into entities (id, district_code, town_code, village_code, grid_code, name, type, credit_code, id_card,
      legal_rep, phone, address, industries, main_products, scale, certificate_trial, trace_managed, risk_grade,
      lat, lng, remarks, synthetic)
    select id, district_code, town_code, village_code, grid_code, name, type, credit_code, id_card,
      legal_rep, phone, address, industries, main_products, scale, certificate_trial, trace_managed, risk_grade,
      lat, lng, remarks, synthetic
    from json_to_recordset(${json}::json) as x(
      id uuid, district_code text, town_code text, village_code text, grid_code text, name text, type text,
      credit_code text, id_card text, legal_rep text, phone text, address text, industries text[],
      main_products text[], scale text, certificate_trial boolean, trace_managed boolean, risk_grade text,
      lat double precision, lng double precision, remarks text, synthetic boolean)`);
}

/** writeAudit's rows, inserted through one JSON parameter (see insertEntitiesJson). */
async function auditRowsJson(list: AuditEntry[], pace: Pacer): Promise<string> {
  const data = await pacedMap(
    list,
    (e) => ({
      action: e.action,
      subject_type: e.subjectType,
      subject_id: e.subjectId ?? null,
      region_code: e.regionCode ?? null,
      before: e.before ?? null,
      after: e.after ?? null,
    }),
    pace,
  );
  if (pace.due()) await pace.pause();
  return JSON.stringify(data);
}

async function writeAuditJson(tx: Db, actor: Actor, json: string): Promise<void> {
  await tx.execute(sql`
    insert into audit_log (user_id, username, action, subject_type, subject_id, region_code, before, after, ip)
    select ${actor.user?.id ?? null}::uuid, ${actor.user?.username ?? null}, action, subject_type, subject_id,
      region_code, before, after, ${actor.ip}
    from json_to_recordset(${json}::json) as x(
      action text, subject_type text, subject_id text, region_code text, before jsonb, after jsonb)`);
}

export type ImportBatch = typeof importBatches.$inferSelect;

/** A batch of the district (the route decides whether this user may read it). */
export async function visibleBatch(db: Db, districtCode: string, id: string): Promise<ImportBatch> {
  const [b] = await db
    .select()
    .from(importBatches)
    .where(and(eq(importBatches.districtCode, districtCode), eq(importBatches.id, id)));
  if (!b) throw notFound('导入批次不存在，或不在您的管辖范围内');
  return b;
}
