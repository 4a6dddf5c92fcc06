import { randomUUID } from 'node:crypto';
import { maskIdCard } from '@nongan/shared/entities/check-digits';
import { type EntityCreate, entityCreateBody } from '@nongan/shared/entities/schemas';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { type CopyChunk, copyChunk, runCopy } from '../../platform/bulk-copy.ts';
import { badRequest, conflict, notFound } from '../../platform/http-error.ts';
import { type Pacer, pacedEach, pacedMap, pacer } from '../../platform/pace.ts';
import { readUploadChunks } from '../../platform/upload.ts';
import { WriteQueue } from '../../platform/write-queue.ts';
import { inScope, type Scope } from '../accounts/scope.ts';
import { type Actor, type AuditEntry, diff, writeAudit } from '../audit/audit.ts';
import { checkPlace, type DivisionIndex, type PlaceDivision } from '../regions/places.ts';
import type { EntityRow } from './repository.ts';
import { auditShape, divisionIndex, newEntityRow } from './service.ts';
import { entities, entityColumns, importBatches } from './table.ts';
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

/**
 * One row's cells and errors. A class, not closures made for each row: the server runs under tsx,
 * which names every closure it makes (esbuild's keepNames), half a second per 100,000 rows.
 */
class RowReader {
  readonly errs: ImportError[] = [];
  readonly bad = new Set<string>();

  constructor(private readonly raw: RawRow) {}

  fail(field: string, reason: string): void {
    this.bad.add(field);
    this.errs.push({ row: this.raw.row, column: HEADER_OF[field] ?? null, reason });
  }

  cell(field: keyof typeof C): CellValue | undefined {
    return this.raw.cells[C[field]];
  }

  text(field: keyof typeof C): string {
    return cellText(this.cell(field));
  }

  optional(field: keyof typeof C): string | null {
    return this.text(field) || null;
  }

  num(f: 'lat' | 'lng'): number | null {
    const v = this.cell(f);
    if (typeof v === 'number') return v;
    const s = this.text(f);
    if (!s) return null;
    const n = Number(s);
    if (!Number.isFinite(n)) this.fail(f, `应为数字：${s}`);
    return Number.isFinite(n) ? n : null;
  }
}

export function parseEntityRow(
  raw: RawRow,
  places: PlaceLookup,
  scope: Scope,
): ParsedRow | { errors: ImportError[] } {
  const r = new RowReader(raw);
  const { errs, bad } = r;

  const typeText = r.text('type');
  const type = parseType(typeText);
  if (!type) r.fail('type', typeText ? `无法识别的类型：${typeText}` : '不能为空');

  let idCard = r.optional('idCard');
  let maskedIdCard: string | null = null;
  if (isRoundedNumber(r.cell('idCard')))
    r.fail('idCard', '身份证号被 Excel 存成了数字，末几位已丢失；请将该列设为文本后重新填写');
  else if (idCard && MASKED_ID.test(idCard.toUpperCase())) {
    maskedIdCard = idCard.toUpperCase();
    idCard = PLACEHOLDER_ID;
  }
  if (isRoundedNumber(r.cell('creditCode')))
    r.fail('creditCode', '统一社会信用代码被 Excel 存成了数字，已丢失精度；请将该列设为文本');

  const industries = parseIndustries(r.text('industries'));
  if (industries.unknown.length) r.fail('industries', `无法识别的行业：${industries.unknown.join('、')}`);

  const bools = {} as { certificateTrial: boolean; traceManaged: boolean };
  for (const f of ['certificateTrial', 'traceManaged'] as const) {
    const b = parseBool(r.text(f));
    if (b === undefined) r.fail(f, `应填“是”或“否”：${r.text(f)}`);
    bools[f] = b ?? false;
  }
  // 风险等级 is derived from the supervision record (dossier/risk.ts): an exported file's column is read-only.

  // Places: town by name, former name or code; village and grid by name or code inside it.
  const townKey = r.text('townCode');
  const town = townKey ? places.index.town(townKey) : undefined;
  if (!townKey) r.fail('townCode', '不能为空');
  else if (!town) r.fail('townCode', `镇街不存在：${townKey}`);
  let villageCode: string | null = null;
  let gridCode: string | null = null;
  const villageKey = r.text('villageCode');
  if (town && villageKey) {
    const v = places.village(town.code, villageKey);
    if (v === 'ambiguous') r.fail('villageCode', `${town.name}有多个名为“${villageKey}”的村，请填写村代码`);
    else if (!v) r.fail('villageCode', `${town.name}下没有这个村：${villageKey}`);
    else villageCode = v.code;
  }
  const gridKey = r.text('gridCode');
  if (gridKey && !villageKey) r.fail('gridCode', '填写网格须先填写村');
  else if (villageCode && gridKey) {
    const g = places.grid(villageCode, gridKey);
    if (g === 'ambiguous') r.fail('gridCode', `该村有多个名为“${gridKey}”的网格，请填写网格代码`);
    else if (!g) r.fail('gridCode', `该村下没有这个网格：${gridKey}`);
    else gridCode = g.code;
  }

  const candidate = {
    name: r.text('name'),
    type: type ?? 'enterprise',
    creditCode: r.optional('creditCode'),
    idCard,
    legalRep: r.text('legalRep'),
    phone: r.text('phone'),
    address: r.text('address'),
    townCode: town?.code ?? '000000000',
    villageCode,
    gridCode,
    industries: industries.values,
    mainProducts: splitList(r.text('mainProducts')),
    scale: r.optional('scale'),
    certificateTrial: bools.certificateTrial,
    traceManaged: bools.traceManaged,
    lat: r.num('lat'),
    lng: r.num('lng'),
    remarks: r.optional('remarks'),
  };
  const parsed = entityCreateBody.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (bad.has(field)) continue;
      if (!type && IDENTITY_REASONS.has(issue.message)) continue;
      const value = field in C ? r.text(field as keyof typeof C) : '';
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

/**
 * Later rows that repeat an earlier row's credit code, ID card or (without either) name + town.
 * Kept across the chunks of one file, so a row is checked against every row before it.
 */
export class DuplicateCheck {
  private readonly credit = new Map<string, number>();
  private readonly idCard = new Map<string, number>();
  private readonly names = new Map<string, number>();

  async check(rows: ParsedRow[], pace: Pacer = pacer()): Promise<ImportError[]> {
    const errors: ImportError[] = [];
    for (const r of rows) {
      if (pace.due()) await pace.pause();
      const { creditCode, name, townCode } = r.input;
      const id = r.maskedIdCard ? null : r.input.idCard;
      const firstCredit = creditCode ? this.credit.get(creditCode) : undefined;
      const firstId = id ? this.idCard.get(id) : undefined;
      const firstName = !creditCode && !id ? this.names.get(nameKey(name, townCode)) : undefined;
      if (firstCredit)
        errors.push({
          row: r.row,
          column: HEADER_OF.creditCode ?? null,
          reason: `与第${firstCredit}行的统一社会信用代码重复`,
        });
      else if (firstId)
        errors.push({
          row: r.row,
          column: HEADER_OF.idCard ?? null,
          reason: `与第${firstId}行的身份证号重复`,
        });
      else if (firstName)
        errors.push({
          row: r.row,
          column: HEADER_OF.name ?? null,
          reason: `与第${firstName}行的名称和镇街重复`,
        });
      else {
        if (creditCode) this.credit.set(creditCode, r.row);
        if (id) this.idCard.set(id, r.row);
        if (!creditCode && !id) this.names.set(nameKey(name, townCode), r.row);
      }
    }
    return errors;
  }
}

/** DuplicateCheck over one list of rows. */
export function duplicateRows(rows: ParsedRow[], pace: Pacer = pacer()): Promise<ImportError[]> {
  return new DuplicateCheck().check(rows, pace);
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

/** A row's refusal in the plan (a function, not a closure per row: see RowReader). */
function fail(plan: ImportPlan, row: number, column: string | null, reason: string): void {
  plan.errors.push({ row, column, reason });
}

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
  /** Existing records already matched by an earlier row (id to row), across the chunks of a file. */
  claimed = new Map<string, number>(),
): Promise<ImportPlan> {
  const plan: ImportPlan = { inserts: [], updates: [], unchanged: 0, errors: [] };
  for (const r of rows) {
    if (pace.due()) await pace.pause();
    const found = existing.match(r);
    if (found && !inScope(scope, found)) {
      fail(plan, r.row, null, '与辖区外已登记的主体相同（统一社会信用代码或身份证号相同），不能在此导入');
      continue;
    }
    if (found && claimed.has(found.id)) {
      fail(plan, r.row, null, `与第${claimed.get(found.id)}行对应同一个已有主体`);
      continue;
    }
    const input = { ...r.input };
    if (r.maskedIdCard) {
      if (!found) {
        fail(plan, r.row, HEADER_OF.idCard ?? null, '身份证号为脱敏值（含*），新增主体须填写完整号码');
        continue;
      }
      if (!found.idCard || maskIdCard(found.idCard) !== r.maskedIdCard) {
        fail(plan, r.row, HEADER_OF.idCard ?? null, '脱敏的身份证号与已登记的不一致，请填写完整号码');
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

/**
 * Existing records matching any row, a query per slice of rows (keys passed as JSON, not one
 * parameter each). Records in `skip` (created earlier in the same import) are left out.
 */
export async function findExisting(
  db: Db,
  districtCode: string,
  rows: ParsedRow[],
  pace: Pacer = pacer(),
  skip: ReadonlySet<string> = new Set(),
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
    // One lookup per kind of key, each by its own index, put together with UNION ALL (a record
    // found twice is kept once below). The three as one OR made PostgreSQL scan the whole
    // directory for every chunk: 270 ms at 100,000 entities, against 20 ms.
    const arms: SQL[] = [];
    if (credit.length)
      arms.push(
        sql`${entities.creditCode} in (select jsonb_array_elements_text(${JSON.stringify(credit)}::jsonb))`,
      );
    if (ids.length)
      arms.push(sql`${entities.idCard} in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`);
    if (names.length)
      arms.push(sql`(${entities.name}, ${entities.townCode}) in
        (select x->>0, x->>1 from jsonb_array_elements(${JSON.stringify(names)}::jsonb) x)`);
    const [first, second, ...rest] = arms.map((arm) =>
      db
        .select(entityColumns)
        .from(entities)
        .where(and(eq(entities.districtCode, districtCode), arm)),
    );
    if (!first) continue;
    const found = second ? await unionAll(first, second, ...rest) : await first;
    await pacedEach(
      found,
      (e) => {
        if (seen.has(e.id) || skip.has(e.id)) return;
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
  /**
   * Where the search statistics' refresh after a big import goes (the served app: after the answer,
   * platform/upkeep.ts); without it the import waits for it (the CLI).
   */
  upkeep?: (what: string, work: () => Promise<void>) => void;
  /**
   * A connection of its own for the lookups of existing records (Database.aside, PostgreSQL):
   * they then run while the previous chunk is written instead of queueing behind it on the
   * import's one connection. Without it (PGlite, some tests) they run in the import's transaction.
   * Either way a row is matched against the committed directory: records this import created are
   * left out (createdIds), and one already matched by an earlier row of the file is refused
   * (claimed). Aside, a record this import has just updated is seen as it was before.
   */
  aside?: () => Promise<{ db: Db; close(): Promise<void> }>;
}

/** Thrown inside the import's transaction to roll it back: a strict import with failed rows. */
class StrictFailure extends Error {}

/**
 * The whole import, used by the HTTP route and the CLI. The file is read on a worker and its rows
 * arrive in chunks; each chunk is checked (cells, places, scope, duplicates of earlier rows,
 * existing records) and its valid rows are written at once into the import's one transaction, while
 * the next chunk is read and checked. Nothing is visible to anyone, or committed, until every row of
 * the file has been read and checked: a refused file, a database error or (strict mode) any failed
 * row rolls back everything written, and then only the batch record is kept.
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
  const places = new PlaceLookup(await divisionIndex(db, scope.districtCode));
  const batchId = randomUUID();
  const run = new ImportRun(scope, places, opts.mode, pace);
  const record = async (tx: Db, committed: boolean) => {
    const { batch, audit } = run.batch(actor, batchId, opts, committed);
    await tx.insert(importBatches).values(batch);
    await writeAudit(tx, actor, audit);
  };
  let committed = true;
  // No connection to spare (the server's limit reached): the lookups stay in the transaction.
  const side = opts.aside
    ? await opts.aside().catch((err: Error) => {
        console.error(`主体导入查重连接未建立，改在导入事务内查重：${err.message}`);
        return null;
      })
    : null;
  try {
    await db.transaction(async (tx) => {
      const writer = new ImportWriter(tx, actor, batchId, opts.chunkSize ?? 1000, pace);
      try {
        let positions: number[] | null = null;
        const { header } = await readUploadChunks(
          buffer,
          { formats: ['xlsx'], maxRows: opts.maxRows ?? MAX_IMPORT_ROWS },
          async (head, chunk) => {
            positions ??= columnPositions(head);
            const plan = await writer.guard(run.check(side?.db ?? tx, chunk, positions));
            if (run.writing) await writer.write(plan);
          },
        );
        columnPositions(header);
        await writer.finish();
      } finally {
        // Never leave the transaction (rolling it back) with a write still going: its next
        // statement would run on the released connection, outside any transaction.
        await writer.settled();
      }
      if (!run.writing) throw new StrictFailure();
      await record(tx, true);
    });
  } catch (err) {
    if (!(err instanceof StrictFailure)) throw err;
    committed = false;
    await db.transaction((tx) => record(tx, false));
  } finally {
    await side?.close();
    // About a second at 100,000 rows, which the answer does not depend on. Rows written and then
    // rolled back (a refused file, a strict failure) leave entries in the pending list too.
    if (run.wroteMany && opts.upkeep) opts.upkeep('主体检索统计更新', () => refreshSearchStats(db));
  }
  if (committed && run.wroteMany && !opts.upkeep) await refreshSearchStats(db);
  return run.result(batchId, committed);
}

/** What one import has found so far, kept across the chunks of its file. */
class ImportRun {
  total = 0;
  created = 0;
  updated = 0;
  unchanged = 0;
  readonly errors: ImportError[] = [];
  readonly failedRows = new Set<number>();
  readonly errorRows: Record<string, string[]> = {};
  private kept = 0;
  private readonly duplicates = new DuplicateCheck();
  private readonly claimed = new Map<string, number>();
  /** Entities this import has created: a later chunk's lookup must not take them for existing ones. */
  private readonly createdIds = new Set<string>();

  constructor(
    readonly scope: Scope,
    readonly places: PlaceLookup,
    readonly mode: ImportMode,
    readonly pace: Pacer,
  ) {}

  /** 1,000 rows or more written (committed or not): enough to refresh the search statistics. */
  get wroteMany(): boolean {
    return this.created + this.updated >= 1000;
  }

  /** Lenient imports write every valid row; strict ones stop writing at the first failed row. */
  get writing(): boolean {
    return this.mode === 'lenient' || this.failedRows.size === 0;
  }

  /** Checks one chunk of rows and plans its writes (counted as done: a failed write aborts the import). */
  async check(lookups: Db, chunk: RawRow[], positions: number[]): Promise<ImportPlan> {
    const { scope, pace } = this;
    const rows = await orderCells(chunk, positions, pace);
    this.total += rows.length;
    const parsed = await parseEntityRows(rows, this.places, scope, pace);
    const dupErrors = await this.duplicates.check(parsed.rows, pace);
    const dupRows = new Set(dupErrors.map((e) => e.row));
    const candidates = parsed.rows.filter((r) => !dupRows.has(r.row));
    const existing = await findExisting(lookups, scope.districtCode, candidates, pace, this.createdIds);
    const plan = await planImport(scope.districtCode, scope, candidates, existing, pace, this.claimed);
    const errors = [...parsed.errors, ...dupErrors, ...plan.errors];
    for (const e of errors) {
      this.errors.push(e);
      this.failedRows.add(e.row);
    }
    if (errors.length) {
      for (const r of rows) {
        if (this.kept >= MAX_KEPT_ROWS) break;
        if (this.failedRows.has(r.row) && !(r.row in this.errorRows)) {
          this.errorRows[r.row] = r.cells.map(cellText);
          this.kept++;
        }
      }
    }
    if (this.writing) {
      for (const r of plan.inserts) this.createdIds.add(r.id as string);
      this.created += plan.inserts.length;
      this.updated += plan.updates.length;
      this.unchanged += plan.unchanged;
    }
    return plan;
  }

  batch(actor: Actor, batchId: string, opts: ImportOptions, committed: boolean) {
    const { scope } = this;
    const counts = this.counts(committed);
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
      committed,
      errors: this.sortedErrors(),
      errorRows: this.errorRows,
    };
    const audit: AuditEntry = {
      action: 'import',
      subjectType: 'import',
      subjectId: batchId,
      regionCode: scope.kind === 'town' ? scope.townCode : scope.districtCode,
      after: { fileName: batch.fileName, mode: opts.mode, committed, ...counts },
    };
    return { batch, audit };
  }

  result(batchId: string, committed: boolean): ImportResult {
    const errors = this.sortedErrors();
    return {
      batchId,
      ...this.counts(committed),
      committed,
      errors: errors.slice(0, MAX_RESPONSE_ERRORS),
      errorsTruncated: errors.length > MAX_RESPONSE_ERRORS,
    };
  }

  private counts(committed: boolean) {
    return {
      total: this.total,
      created: committed ? this.created : 0,
      updated: committed ? this.updated : 0,
      unchanged: committed ? this.unchanged : 0,
      failed: this.failedRows.size,
    };
  }

  private sorted: ImportError[] | null = null;
  private sortedErrors(): ImportError[] {
    this.sorted ??= [...this.errors].sort((a, b) => a.row - b.row);
    return this.sorted;
  }
}

/**
 * After a big import: the GIN index's pending list merged first, since every text search reads it
 * (and, past about 1,600 pages, which a raised limit would reach, the planner reads the whole
 * directory instead); then fresh statistics, so the planner knows how common each character pair is
 * and picks the gram index or the list order well (both PostgreSQL and PGlite have
 * `gin_clean_pending_list`).
 */
async function refreshSearchStats(db: Db): Promise<void> {
  await db.execute(sql`select gin_clean_pending_list('entities_search_idx'::regclass)`);
  await db.execute(sql`analyze entities`);
}

/**
 * Writes each chunk's plan in the import's transaction: inserts (linked to the batch, whose audit
 * row records them) and updates (each with its own audit row, the fields it changed). Pipelined: a
 * chunk's statements run on the server while this thread reads and checks the next chunk; chunks
 * still run one after another, in order.
 * A record changed by someone else meanwhile (its version moved) aborts the whole import.
 */
class ImportWriter {
  private readonly queue = new WriteQueue();

  constructor(
    private readonly tx: Db,
    private readonly actor: Actor,
    private readonly batchId: string,
    private readonly chunkSize: number,
    private readonly pace: Pacer,
  ) {}

  /**
   * The checking of a chunk, whose lookup shares the connection with the write before it: when
   * that write has failed, its error (not "transaction aborted") is the one to report.
   */
  guard<T>(work: Promise<T>): Promise<T> {
    return this.queue.guard(work);
  }

  async write(plan: ImportPlan): Promise<void> {
    const copies: CopyChunk[] = [];
    for (let i = 0; i < plan.inserts.length; i += this.chunkSize) {
      if (this.pace.due()) await this.pace.pause();
      copies.push(this.insertCopy(plan.inserts.slice(i, i + this.chunkSize)));
    }
    const updates: ImportPlan['updates'][] = [];
    for (let i = 0; i < plan.updates.length; i += this.chunkSize)
      updates.push(plan.updates.slice(i, i + this.chunkSize));
    // One chunk waits for the one before it, so at most one chunk's text waits in memory.
    await this.queue.next(async () => {
      for (const copy of copies) await runCopy(this.tx, copy);
      for (const chunk of updates) await this.update(chunk);
    });
  }

  finish(): Promise<void> {
    return this.queue.finish();
  }

  /** Waits for the write going on, whatever its outcome. */
  settled(): Promise<void> {
    return this.queue.settled();
  }

  /**
   * The rows as newEntityRow built them, as COPY text (platform/bulk-copy.ts), each linked to the
   * batch. The batch's one audit row records their creation (see the history route in routes.ts);
   * a per-entity copy of each new row was a third of the writes.
   */
  private insertCopy(rows: Insert[]): CopyChunk {
    for (const r of rows) r.importBatchId = this.batchId;
    return copyChunk(entities, rows);
  }

  private async update(chunk: ImportPlan['updates']): Promise<void> {
    const { tx, actor, pace } = this;
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
