import { safeCell } from '@nongan/shared/common/text';
import ExcelJS from 'exceljs';

/**
 * Every workbook the platform writes is made here, so no exported text can run as a formula when
 * opened or re-saved as CSV: each row added to any of its sheets goes through safeCell (text
 * starting with = + - @ gets a leading apostrophe; the entity import takes it off again).
 * Numbers, dates and booleans are left as they are. Rows are covered (addRow, addRows, insertRow,
 * insertRows, spliceRows), a single cell.value is not: write rows. xlsx-write.test.ts keeps
 * exceljs imported here only.
 */

const safeValue = (v: unknown): unknown => (typeof v === 'string' ? safeCell(v) : v);

/** A row as an array (A, B, C…) or an object keyed by column key. */
function safeRow(row: unknown): unknown {
  if (Array.isArray(row)) return row.map(safeValue);
  if (row && typeof row === 'object' && Object.getPrototypeOf(row) === Object.prototype)
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, safeValue(v)]));
  return safeValue(row);
}

type AnyFn = (...args: unknown[]) => unknown;

/** Wraps the row methods a sheet has (a streaming sheet has only addRow). */
function guardSheet<S extends object>(ws: S): S {
  const m = ws as unknown as Record<string, AnyFn | undefined>;
  const wrap = (name: string, map: (args: unknown[]) => unknown[]) => {
    const original = m[name];
    if (original) m[name] = (...args: unknown[]) => original.apply(ws, map(args));
  };
  // exceljs's addRows goes through addRow, and insertRow(s) through spliceRows.
  wrap('addRow', ([row, ...rest]) => [safeRow(row), ...rest]);
  wrap('spliceRows', ([start, n, ...inserts]) => [start, n, ...inserts.map(safeRow)]);
  return ws;
}

function guardWorkbook<W extends ExcelJS.Workbook>(wb: W): W {
  // The file's properties name the platform: a reader's Office shows them (作者, 最后修改者).
  wb.creator = '农安';
  wb.lastModifiedBy = '农安';
  const addWorksheet = wb.addWorksheet.bind(wb);
  wb.addWorksheet = ((...args: Parameters<typeof addWorksheet>) =>
    guardSheet(addWorksheet(...args))) as typeof wb.addWorksheet;
  return wb;
}

/** An in-memory workbook (templates, reports); write it with wb.xlsx.writeBuffer(). */
export function newWorkbook(): ExcelJS.Workbook {
  return guardWorkbook(new ExcelJS.Workbook());
}

/** A streaming workbook for large exports; commit each row and then the workbook. */
export function streamingWorkbook(
  options: Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions>,
): ExcelJS.stream.xlsx.WorkbookWriter {
  return guardWorkbook(new ExcelJS.stream.xlsx.WorkbookWriter(options));
}
