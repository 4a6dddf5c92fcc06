import type { MessagePort } from 'node:worker_threads';
import { textProblem } from '@nongan/shared/common/text';
import { parseCsv } from '../domains/regions/csv.ts';
import { readFirstSheet, UnpackedTooLargeError, type XlsxCell, XlsxFormatError } from './xlsx-read.ts';

/**
 * Turning an uploaded .xlsx or .csv into plain rows. Runs in the upload worker thread (see
 * upload-worker.mjs and upload.ts); everything it sends back is structured-clone data, and a
 * refusal is a message, not an exception, so the main thread maps it to one HTTP answer.
 */

export type Cell = XlsxCell;
export interface TableRow {
  /** The row number as the user sees it in Excel or a text editor (1-based). */
  row: number;
  cells: Cell[];
}
export type UploadFormat = 'xlsx' | 'csv';

export interface ParseOptions {
  formats: UploadFormat[];
  maxRows: number;
  maxUnpacked?: number;
}

/** A refusal of the whole file: 400 (not readable, bad text) or 413 (too large). */
export interface Refusal {
  status: 400 | 413;
  reason: string;
  /** Cells whose text is refused, each naming its row and column. */
  cells?: string[];
}

export type WorkerMessage =
  | { type: 'header'; header: Cell[] }
  | { type: 'rows'; rows: TableRow[] }
  | { type: 'end'; header: Cell[]; total: number }
  | { type: 'refused'; refusal: Refusal };

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
/** Rows per chunk posted to the main thread (an import's writers write a chunk in one round). */
export const UPLOAD_CHUNK = 2000;
const MAX_CELL_PROBLEMS = 20;

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/** Spreadsheet column letters for a 0-based index (0 → A, 27 → AB). */
export function columnLetters(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** UTF-8 when valid, else GB18030 (what Chinese instruments and Excel on Windows write). */
export function decodeCsv(buf: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.reason);
  }
}
const refuse = (reason: string, status: 400 | 413 = 400): never => {
  throw new Refused({ status, reason });
};

/** The file's rows, in order: a CSV's lines or the first worksheet's rows. */
async function eachRow(buf: Buffer, opts: ParseOptions, onRow: (r: TableRow) => void): Promise<void> {
  if (buf.length === 0) refuse('文件为空');
  const excel = opts.formats.includes('xlsx');
  const csv = opts.formats.includes('csv');
  if (startsWith(buf, OLE)) refuse('不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再导入');
  if (startsWith(buf, ZIP)) {
    if (!excel) refuse('应为 CSV 文本文件');
    try {
      await readFirstSheet(buf, onRow, opts.maxUnpacked);
    } catch (err) {
      if (err instanceof Refused) throw err;
      if (err instanceof UnpackedTooLargeError)
        refuse(
          `文件解压后超过 ${Math.round((opts.maxUnpacked ?? 0) / 1048576) || 100} MB 上限，请拆分后分别上传`,
          413,
        );
      if (err instanceof XlsxFormatError || err instanceof RangeError)
        refuse('无法读取该文件，请确认是 Excel .xlsx 文件且未损坏');
      throw err;
    }
    return;
  }
  if (!csv) refuse('不是 Excel .xlsx 文件');
  // A NUL byte means binary data or UTF-16 text, not the UTF-8/GB18030 CSV we read.
  if (buf.includes(0))
    refuse(`不是 CSV 文本文件（含空字节）${excel ? '，请上传 .csv 或 Excel .xlsx 文件' : ''}`);
  parseCsv(decodeCsv(buf)).forEach((cells, i) => {
    onRow({ row: i + 1, cells });
  });
}

/** Text of a cell for the emptiness test (numbers and booleans count as filled). */
const filled = (c: Cell) => (typeof c === 'string' ? c.trim() !== '' : c !== null && c !== undefined);

/**
 * Reads the file and posts to `port` its header (the first non-empty row) as soon as it is read,
 * its rows in chunks: 'rows'…, then 'end' with the header again, or at any point one 'refused'. Empty rows are dropped. Cells whose text the
 * platform refuses (NUL, controls, lone surrogates, invisible-only) refuse the file, naming each.
 */
export async function parseUpload(
  buf: Buffer,
  opts: ParseOptions,
  port: Pick<MessagePort, 'postMessage'>,
): Promise<void> {
  let header: Cell[] | null = null;
  let total = 0;
  let chunk: TableRow[] = [];
  const problems: string[] = [];
  try {
    await eachRow(buf, opts, (r) => {
      if (!r.cells.some(filled)) return;
      r.cells.forEach((c, i) => {
        const reason = typeof c === 'string' ? textProblem(c) : null;
        if (reason && problems.length < MAX_CELL_PROBLEMS)
          problems.push(`第 ${r.row} 行 ${columnLetters(i)} 列：${reason}`);
      });
      if (problems.length >= MAX_CELL_PROBLEMS) throw new Refused({ status: 400, reason: '' });
      if (header === null) {
        header = r.cells;
        port.postMessage({ type: 'header', header } satisfies WorkerMessage);
        return;
      }
      if (++total > opts.maxRows) refuse(`数据超过 ${opts.maxRows} 行的上限，请拆分为多个文件后分别导入`);
      if (problems.length) return; // keep scanning for more bad cells, but send nothing
      chunk.push(r);
      if (chunk.length >= UPLOAD_CHUNK) {
        port.postMessage({ type: 'rows', rows: chunk } satisfies WorkerMessage);
        chunk = [];
      }
    });
    if (problems.length) throw new Refused({ status: 400, reason: '' });
    if (header === null) refuse('文件中没有表头和数据');
    if (total === 0) refuse('文件中没有数据行');
    if (chunk.length) port.postMessage({ type: 'rows', rows: chunk } satisfies WorkerMessage);
    port.postMessage({ type: 'end', header: header as unknown as Cell[], total } satisfies WorkerMessage);
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    const refusal: Refusal = problems.length
      ? {
          status: 400,
          reason: `文件中有 ${problems.length >= MAX_CELL_PROBLEMS ? '多处' : `${problems.length} 处`}无效字符，请修正后重新导入`,
          cells: problems,
        }
      : err.refusal;
    port.postMessage({ type: 'refused', refusal } satisfies WorkerMessage);
  }
}
