import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { unzip } from '../platform/xlsx-read.ts';

/** Broken and hostile upload files, built from real ones, for the import tests. */

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** Cut the deflated data to this many bytes (a truncated stream). */
  truncateTo?: number;
  /** Uncompressed size to declare instead of the real one (a lying header). */
  declaredSize?: number;
}

/** A zip archive (deflate) of the entries, with the tampering each asks for. */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    let packed = deflateRawSync(e.data);
    if (e.truncateTo !== undefined) packed = packed.subarray(0, e.truncateTo);
    const size = e.declaredSize ?? e.data.length;
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(packed.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    central.push(dir, name);
    offset += local.length + name.length + packed.length;
  }
  const dirSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...central, end]);
}

/** The entries of a real .xlsx, unpacked. */
export function entriesOf(xlsx: Buffer): ZipEntry[] {
  return [...unzip(xlsx)].map(([name, read]) => ({ name, data: read() }));
}

export async function xlsxOf(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('数据');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const isSheet = (name: string) => /^xl\/worksheets\/sheet\d*\.xml$/.test(name);

/** The .xlsx with its worksheet's deflate stream cut in half. */
export function truncatedDeflate(xlsx: Buffer): Buffer {
  return zip(
    entriesOf(xlsx).map((e) =>
      isSheet(e.name) ? { ...e, truncateTo: Math.floor(deflateRawSync(e.data).length / 2) } : e,
    ),
  );
}

/**
 * The .xlsx with `text` (raw XML, e.g. '&#0;' or '&#xFFFFFF;') put into the second row's first
 * cell as an inline string, the way a hand-made or hostile writer would.
 */
export function withCellXml(xlsx: Buffer, text: string): Buffer {
  return zip(
    entriesOf(xlsx).map((e) => {
      if (!isSheet(e.name)) return e;
      const xml = e.data.toString('utf8');
      const out = xml.replace(
        /<c r="A2"[^>]*?(?:\/>|>[\s\S]*?<\/c>)/,
        `<c r="A2" t="inlineStr"><is><t>x${text}y</t></is></c>`,
      );
      if (out === xml) throw new Error('no cell A2 in the sheet');
      return { ...e, data: Buffer.from(out) };
    }),
  );
}

/**
 * An .xlsx whose worksheet unpacks to `mb` megabytes of blank padding (a zip bomb of ~1000:1).
 * With `lie`, the directory declares a tiny size, so only the cap while inflating can stop it.
 */
export function zipBomb(xlsx: Buffer, mb: number, lie = false): Buffer {
  return zip(
    entriesOf(xlsx).map((e) => {
      if (!isSheet(e.name)) return e;
      const xml = e.data.toString('utf8');
      const pad = Buffer.alloc(mb * 1024 * 1024, 0x20);
      const i = xml.indexOf('<sheetData');
      const data = Buffer.concat([Buffer.from(xml.slice(0, i)), pad, Buffer.from(xml.slice(i))]);
      return { ...e, data, ...(lie ? { declaredSize: e.data.length } : {}) };
    }),
  );
}

/** A multipart body with the file in the `file` field. */
export function multipart(name: string, content: Buffer) {
  const boundary = '----nongan-hostile';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}
