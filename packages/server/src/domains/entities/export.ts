import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { maskIdCard } from '@nongan/shared/entities/check-digits';
import type { EntityQuery } from '@nongan/shared/entities/schemas';
import { type FieldAccess, FULL_ACCESS } from '@nongan/shared/entities/visibility';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { badRequest } from '../../platform/http-error.ts';
import { newWorkbook, streamingWorkbook } from '../../platform/xlsx-write.ts';
import type { Scope } from '../accounts/scope.ts';
import type { DivisionIndex } from '../regions/places.ts';
import type { ImportBatch } from './import.ts';
import { type EntityRow, queryWhere } from './repository.ts';
import { divisionIndex } from './service.ts';
import { entities, entityColumns } from './table.ts';
import { accessTo, shown } from './visibility.ts';
import {
  boolText,
  ENTITY_COLUMNS,
  HEADERS,
  industriesText,
  instructionLines,
  LIST_JOINER,
  riskText,
  typeText,
} from './xlsx-columns.ts';

export const MAX_EXPORT_ROWS = 200_000;
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DATA_SHEET = '主体名录';
const FETCH_CHUNK = 2000;

export type ExportFilter = Omit<EntityQuery, 'page' | 'pageSize'>;

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function attachment(fileName: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

const today = () => new Date().toISOString().slice(0, 10).replaceAll('-', '');

/**
 * A row's cells in ENTITY_COLUMNS order, as the import reads them back. ID cards are masked; a role
 * that does not read a field in full gets it masked, or its column left out (visibility.ts).
 */
export function entityCells(
  r: EntityRow,
  index: DivisionIndex,
  access: FieldAccess = FULL_ACCESS,
): (string | number | null)[] {
  const name = (code: string | null) => (code ? (index.byCode.get(code)?.name ?? code) : null);
  const values: Record<(typeof ENTITY_COLUMNS)[number]['field'], string | number | null> = {
    name: r.name,
    type: typeText(r.type),
    creditCode: r.creditCode,
    idCard: r.idCard ? maskIdCard(r.idCard) : null,
    legalRep: r.legalRep,
    phone: r.phone,
    address: r.address,
    townCode: name(r.townCode),
    villageCode: name(r.villageCode),
    gridCode: name(r.gridCode),
    industries: industriesText(r.industries),
    mainProducts: r.mainProducts.join(LIST_JOINER),
    scale: r.scale,
    certificateTrial: boolText(r.certificateTrial),
    traceManaged: boolText(r.traceManaged),
    riskGrade: riskText(r.riskGrade),
    lat: r.lat,
    lng: r.lng,
    remarks: r.remarks,
  };
  return visibleColumns(access).map(
    (c) => (shown(access, c.field, values[c.field]) ?? null) as string | number | null,
  );
}

const visibleColumns = (access: FieldAccess) =>
  ENTITY_COLUMNS.filter((c) => accessTo(access, c.field) !== 'hidden');

const sheetColumns = (access: FieldAccess = FULL_ACCESS) =>
  visibleColumns(access).map((c) => ({
    header: c.header,
    key: c.field,
    width: c.width,
    // Codes, ID cards and phones as text, so Excel does not round or strip them on re-save.
    style: 'text' in c && c.text ? { numFmt: '@' } : {},
  }));

export interface ExportPlan {
  ids: string[];
  districtCode: string;
  access: FieldAccess;
}

/**
 * The ids to export, in the list's order; refuses more than maxRows with a 400 before anything is
 * written (no silent truncation).
 */
export async function planEntityExport(
  db: Db,
  scope: Scope,
  filter: ExportFilter,
  maxRows = MAX_EXPORT_ROWS,
  access: FieldAccess = FULL_ACCESS,
): Promise<ExportPlan> {
  const order = {
    name: [entities.name, entities.id],
    updatedAt: [desc(entities.updatedAt), entities.id],
    createdAt: [desc(entities.createdAt), entities.id],
  }[filter.sort];
  const rows = await db
    .select({ id: entities.id })
    .from(entities)
    .where(queryWhere(scope, filter, access))
    .orderBy(...order)
    .limit(maxRows + 1);
  if (rows.length > maxRows) {
    throw badRequest(
      `导出结果超过 ${maxRows} 条的上限，请缩小筛选范围（如按镇街、类型或行业筛选）后分批导出`,
      [{ field: 'filter', reason: `结果超过 ${maxRows} 条，请缩小筛选范围` }],
    );
  }
  return { ids: rows.map((r) => r.id), districtCode: scope.districtCode, access };
}

/** Streams the planned rows as an .xlsx (exceljs WorkbookWriter), fetching them in chunks. */
export async function writeEntityExport(db: Db, plan: ExportPlan, out: Writable): Promise<number> {
  const index = await divisionIndex(db, plan.districtCode);
  const wb = streamingWorkbook({
    stream: out,
    useSharedStrings: false,
    useStyles: true,
  });
  const ws = wb.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = sheetColumns(plan.access);
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  let n = 0;
  for (let i = 0; i < plan.ids.length; i += FETCH_CHUNK) {
    const ids = plan.ids.slice(i, i + FETCH_CHUNK);
    const rows = await db
      .select(entityColumns)
      .from(entities)
      .where(and(eq(entities.districtCode, plan.districtCode), inArray(entities.id, ids)));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) {
      const r = byId.get(id);
      if (!r) continue;
      ws.addRow(entityCells(r, index, plan.access)).commit();
      n++;
    }
  }
  ws.commit();
  await wb.commit();
  return n;
}

/** Export for the CLI and other callers: plan (may refuse), then write to the stream. */
export async function exportEntitiesToStream(
  db: Db,
  scope: Scope,
  filter: ExportFilter,
  out: Writable,
): Promise<number> {
  return writeEntityExport(db, await planEntityExport(db, scope, filter), out);
}

export async function exportEntitiesToFile(
  db: Db,
  scope: Scope,
  filter: ExportFilter,
  file: string,
): Promise<number> {
  const plan = await planEntityExport(db, scope, filter);
  const out = createWriteStream(file, { mode: 0o600 });
  const n = await writeEntityExport(db, plan, out);
  await finished(out);
  return n;
}

export const exportFileName = () => `生产经营主体名录-${today()}.xlsx`;
export const exportFallbackName = () => `entities-${today()}.xlsx`;

/** The import template: the header row, an example row, and a 说明 sheet of allowed values. */
export async function entityTemplate(db: Db, districtCode: string): Promise<Buffer> {
  const index = await divisionIndex(db, districtCode);
  const towns = [...index.byCode.values()]
    .filter((d) => d.level === 'town')
    .sort((a, b) => a.code.localeCompare(b.code));
  const wb = newWorkbook();
  const ws = wb.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = sheetColumns();
  ws.getRow(1).font = { bold: true };
  const help = wb.addWorksheet('说明');
  help.columns = [
    { header: '项目', key: 'k', width: 22 },
    { header: '说明', key: 'v', width: 100 },
  ];
  help.getRow(1).font = { bold: true };
  for (const [k, v] of instructionLines(towns))
    help.addRow([k, v]).alignment = { wrapText: true, vertical: 'top' };
  help.addRow([]);
  help.addRow(['镇街代码', '镇街名称']).font = { bold: true };
  for (const t of towns) help.addRow([t.code, t.formerName ? `${t.name}（原${t.formerName}）` : t.name]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The error report of a batch: 行, 列, 原因, then the row's original values. */
export async function batchErrorReport(batch: ImportBatch): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('错误', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '行', key: 'row', width: 8 },
    { header: '列', key: 'column', width: 18 },
    { header: '原因', key: 'reason', width: 50 },
    ...HEADERS.map((h, i) => ({
      header: h,
      key: `c${i}`,
      width: ENTITY_COLUMNS[i]?.width ?? 14,
      style: { numFmt: '@' },
    })),
  ];
  ws.getRow(1).font = { bold: true };
  const values = batch.errorRows as Record<string, string[]>;
  for (const e of batch.errors as { row: number; column: string | null; reason: string }[]) {
    ws.addRow([e.row, e.column ?? '', e.reason, ...(values[e.row] ?? [])]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
