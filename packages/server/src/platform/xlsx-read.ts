import type { TransformOptions } from 'node:stream';
import { createInflateRaw, inflateRawSync, type ZlibOptions } from 'node:zlib';

/**
 * A small reader for the first worksheet of an .xlsx: cell values only (no styles, no formulas).
 * Why not exceljs: its streaming WorkbookReader (4.4.0) decodes each inflated chunk separately and
 * corrupts Chinese characters that straddle a chunk boundary ("低��险"), and its full loader needs
 * ~1 GB and ~30 s for 100,000 rows. exceljs still writes every workbook we produce.
 * It runs in the upload worker (platform/upload-worker.mjs), never on the server's event loop.
 */

/** The file is not a readable .xlsx (bad zip, bad deflate data, malformed XML). */
export class XlsxFormatError extends Error {}
/** The file unpacks to more than the cap (a zip bomb or a needlessly huge sheet). */
export class UnpackedTooLargeError extends Error {}

/** Cap on everything unpacked from one file; real 200,000-row sheets unpack to well under this. */
export const MAX_UNPACKED = 100 * 1024 * 1024;
/** DEFLATE cannot do better than ~1032:1; real sheets stay far below this ratio. */
const MAX_RATIO = 500;

/** Where one entry's packed bytes are, and what the central directory says of it. */
interface ZipEntry {
  method: number;
  packed: number;
  size: number;
  local: number;
}

/** What may still be unpacked from one archive, across all its entries. */
interface Budget {
  left: number;
}

/**
 * The entries of a zip archive by name. Refuses before inflating when the declared sizes exceed
 * the cap or an entry's ratio is absurd; `unzip` and `inflateChunks` refuse again while inflating
 * (the declared sizes may lie): the whole archive may unpack to at most `cap` bytes.
 */
function directory(buf: Buffer, cap: number): Map<string, ZipEntry> {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxFormatError('not a zip archive');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, ZipEntry>();
  let declared = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50)
      throw new XlsxFormatError('bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const packed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen).replace(/^\//, '');
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (size === 0xffffffff || packed === 0xffffffff) throw new UnpackedTooLargeError('zip64 entry');
    declared += size;
    if (declared > cap) throw new UnpackedTooLargeError('declared sizes over the cap');
    if (size > 1024 * 1024 && size > packed * MAX_RATIO) throw new UnpackedTooLargeError('absurd ratio');
    entries.set(name, { method, packed, size, local });
  }
  return entries;
}

/** An entry's packed bytes, after checking its local header. */
function packedBytes(buf: Buffer, e: ZipEntry): Buffer {
  if (e.local + 30 > buf.length || buf.readUInt32LE(e.local) !== 0x04034b50)
    throw new XlsxFormatError('bad local header');
  const start = e.local + 30 + buf.readUInt16LE(e.local + 26) + buf.readUInt16LE(e.local + 28);
  if (start + e.packed > buf.length) throw new XlsxFormatError('truncated entry');
  return buf.subarray(start, start + e.packed);
}

const badDeflate = (err: unknown) => new XlsxFormatError(`bad deflate data: ${(err as Error).message}`);

/** One entry unpacked whole, within the budget. */
function inflateWhole(buf: Buffer, e: ZipEntry, budget: Budget): Buffer {
  const data = packedBytes(buf, e);
  let out: Buffer;
  if (e.method === 0) out = data;
  else if (e.method === 8) {
    try {
      // The budget bounds the output whatever the header says.
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, budget.left) });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw new UnpackedTooLargeError('inflated past the cap');
      throw badDeflate(err);
    }
  } else throw new XlsxFormatError(`unsupported compression ${e.method}`);
  if (out.length !== e.size) throw new XlsxFormatError('size differs from the directory');
  budget.left -= out.length;
  return out;
}

/**
 * One entry unpacked piece by piece as it inflates, within the budget: a big worksheet is parsed
 * while the rest of it is still packed, so its first rows are read at once, not after all of it.
 */
async function* inflateChunks(buf: Buffer, e: ZipEntry, budget: Budget): AsyncGenerator<Buffer> {
  if (e.method !== 8) {
    yield inflateWhole(buf, e, budget);
    return;
  }
  // zlib's streams are Transforms and take its options (the typings leave them out): the inflater
  // may run 8 MB ahead of the parser, on libuv's thread pool.
  const options: ZlibOptions & TransformOptions = { chunkSize: 1024 * 1024, highWaterMark: 8 * 1024 * 1024 };
  const inflater = createInflateRaw(options);
  inflater.end(packedBytes(buf, e));
  let total = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > budget.left) throw new UnpackedTooLargeError('inflated past the cap');
      yield chunk;
    }
  } catch (err) {
    if (err instanceof UnpackedTooLargeError || !(err as { code?: string }).code) throw err;
    throw badDeflate(err);
  } finally {
    inflater.destroy();
  }
  if (total !== e.size) throw new XlsxFormatError('size differs from the directory');
  budget.left -= total;
}

/** The entries of a zip archive by name, each unpacked whole on demand (see `directory`). */
export function unzip(buf: Buffer, cap = MAX_UNPACKED): Map<string, () => Buffer> {
  const budget: Budget = { left: cap };
  return new Map([...directory(buf, cap)].map(([name, e]) => [name, () => inflateWhole(buf, e, budget)]));
}

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML text with entities and OOXML's _xHHHH_ escapes decoded; a reference to no character is a format error. */
export function xmlText(s: string): string {
  // Most cells hold neither: skip the two scans that would copy them.
  if (!s.includes('&') && !s.includes('_x')) return s;
  return s
    .replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
      if (e[0] !== '#') return ENTITY[e] ?? m;
      const code = e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      if (!(code <= 0x10ffff)) throw new XlsxFormatError(`character reference out of range: ${m}`);
      return String.fromCodePoint(code);
    })
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

/** The text of all <t> runs in a fragment (shared string or inline string), phonetic runs left out. */
function runsText(fragment: string): string {
  let out = '';
  const runs = fragment.includes('<rPh') ? fragment.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : fragment;
  for (const m of runs.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)) {
    out += m[1] ? xmlText(m[1]) : '';
  }
  return out;
}

const isWordChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * The value of attribute `name` in a tag's attribute text: the first `name="…"` not preceded by a
 * letter, digit or underscore (as the pattern \bname="([^"]*)" finds it, without making a pattern
 * and a match for each of a sheet's millions of cells).
 */
function attr(attrs: string, name: string): string | undefined {
  const key = `${name}="`;
  for (let at = attrs.indexOf(key); at >= 0; at = attrs.indexOf(key, at + 1)) {
    if (at > 0 && isWordChar(attrs.charCodeAt(at - 1))) continue;
    const start = at + key.length;
    const end = attrs.indexOf('"', start);
    return end < 0 ? undefined : attrs.slice(start, end);
  }
  return undefined;
}

/** The column of a cell reference's leading letters (B7 → 1), or the fallback without letters. */
function columnIndex(ref: string | undefined, fallback: number): number {
  let n = 0;
  let i = 0;
  for (; ref && i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return i === 0 ? fallback : n - 1;
}

export type XlsxCell = string | number | boolean | null;
export interface XlsxRow {
  /** The sheet row number (1-based, as Excel shows it). */
  row: number;
  cells: XlsxCell[];
}

/** Path of the first worksheet in workbook order, resolved through the workbook's relationships. */
function firstSheetPath(read: (name: string) => string | undefined): string {
  const fallback = 'xl/worksheets/sheet1.xml';
  const wb = read('xl/workbook.xml');
  const rels = read('xl/_rels/workbook.xml.rels');
  const sheet = wb ? /<(?:\w+:)?sheet\b([^>]*)\/?>/.exec(wb)?.[1] : undefined;
  const rid = sheet ? /\br:id="([^"]*)"|\bid="([^"]*)"/.exec(sheet) : null;
  const id = rid?.[1] ?? rid?.[2];
  if (!id || !rels) return fallback;
  for (const m of rels.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    if (attr(m[1] ?? '', 'Id') !== id) continue;
    const target = attr(m[1] ?? '', 'Target') ?? '';
    return target.startsWith('/') ? target.slice(1) : `xl/${target}`.replace(/\/[^/]+\/\.\.\//g, '/');
  }
  return fallback;
}

const ROW_END = Buffer.from('</row>');
const ROW = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;

/**
 * Rows of the first worksheet, calling onRow for each in order (throw to stop early; the rest is
 * then never unpacked). Empty rows are skipped by Excel itself and so are absent.
 */
export async function readFirstSheet(
  buf: Buffer,
  onRow: (row: XlsxRow) => void,
  cap = MAX_UNPACKED,
): Promise<void> {
  const entries = directory(buf, cap);
  const budget: Budget = { left: cap };
  const read = (name: string) => {
    const e = entries.get(name);
    return e ? inflateWhole(buf, e, budget).toString('utf8') : undefined;
  };
  const sheet = entries.get(firstSheetPath(read));
  if (!sheet) throw new XlsxFormatError('no worksheet');
  const shared: string[] = [];
  const sst = read('xl/sharedStrings.xml');
  if (sst) for (const m of sst.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) shared.push(runsText(m[1] ?? ''));
  const state = { rowNo: 0 };
  // The sheet's XML arrives in pieces: the complete rows of what has arrived are read, and the
  // bytes after the last row's end wait for the next piece. That end tag is ASCII, so no character
  // is ever cut in two.
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of inflateChunks(buf, sheet, budget)) {
    const end = chunk.lastIndexOf(ROW_END);
    if (end < 0) {
      pending = Buffer.concat([pending, chunk]);
      continue;
    }
    const upTo = end + ROW_END.length;
    // Decoded as one: a character may be split between the end of pending and this piece.
    readRows(Buffer.concat([pending, chunk.subarray(0, upTo)]).toString('utf8'), shared, state, onRow);
    pending = chunk.subarray(upTo);
  }
  readRows(pending.toString('utf8'), shared, state, onRow);
}

/** The text of a cell body's first <v>…</v>, if any. */
function cellValue(body: string): string | undefined {
  const start = body.indexOf('<v>');
  if (start < 0) return undefined;
  const end = body.indexOf('</v>', start + 3);
  return end < 0 ? undefined : body.slice(start + 3, end);
}

/** The rows in a stretch of sheet XML that ends at a row's end (or at the sheet's end). */
function readRows(xml: string, shared: string[], state: { rowNo: number }, onRow: (row: XlsxRow) => void) {
  for (const rm of xml.matchAll(ROW)) {
    state.rowNo = Number(attr(rm[1] ?? '', 'r') ?? state.rowNo + 1);
    const cells: XlsxCell[] = [];
    let col = 0;
    for (const cm of (rm[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const a = cm[1] ?? '';
      col = columnIndex(attr(a, 'r'), col);
      // A column past XFD (16,384) is no sheet Excel wrote; it would also make a huge sparse array.
      if (col >= 16_384) throw new XlsxFormatError('column out of range');
      const body = cm[2] ?? '';
      const v = cellValue(body);
      const t = attr(a, 't');
      let value: XlsxCell = null;
      if (t === 'inlineStr') value = runsText(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? '');
      else if (v === undefined) value = null;
      else if (t === 's') value = shared[Number(v)] ?? '';
      else if (t === 'str' || t === 'e') value = xmlText(v);
      else if (t === 'b') value = v === '1';
      else value = Number(v);
      cells[col] = value;
      col++;
    }
    for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
    onRow({ row: state.rowNo, cells });
  }
}
