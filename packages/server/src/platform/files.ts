import { createHash } from 'node:crypto';
import { HttpError } from './http-error.ts';

/**
 * Attached documents (case files, disposal evidence): the type is read from the first bytes, never
 * from the name or the declared type, and every file carries its SHA-256 so a copy handed to a
 * court or the police can be checked against the stored one.
 */

export const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG 图片',
  'image/png': 'PNG 图片',
};
/** 10 MB: a scanned multi-page decision or a phone photo fits; the upload limit itself is 20 MB. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The type of a PDF, JPEG or PNG by its magic bytes; null for anything else. */
export function sniffDocumentType(buf: Uint8Array): DocumentType | null {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length >= 5 && b.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length > 8 && b.subarray(0, 8).equals(PNG_MAGIC)) return 'image/png';
  return null;
}

export const sha256Hex = (buf: Uint8Array) => createHash('sha256').update(buf).digest('hex');

export interface CheckedFile {
  fileName: string;
  contentType: DocumentType;
  size: number;
  sha256: string;
  bytes: Buffer;
}

/**
 * An uploaded document checked for size and type, with its checksum; a 400 or 413 naming `file`
 * (in Chinese) otherwise. `name` is trimmed to 200 characters; the extension is not trusted.
 */
export function checkDocument(
  upload: { name: string; buffer: Buffer },
  opts: { maxBytes?: number; types?: readonly DocumentType[] } = {},
): CheckedFile {
  const max = opts.maxBytes ?? MAX_DOCUMENT_BYTES;
  const types = opts.types ?? DOCUMENT_TYPES;
  const { buffer } = upload;
  if (buffer.length === 0) throw new HttpError(400, '文件为空', [{ field: 'file', reason: '文件为空' }]);
  if (buffer.length > max) {
    const reason = `文件超过 ${Math.round(max / 1024 / 1024)} MB 上限`;
    throw new HttpError(413, reason, [{ field: 'file', reason }]);
  }
  const type = sniffDocumentType(buffer);
  if (!type || !types.includes(type)) {
    const reason = `文件内容不是${types.map((t) => DOCUMENT_TYPE_LABELS[t]).join('、')}（按文件内容识别，与扩展名无关）`;
    throw new HttpError(400, reason, [{ field: 'file', reason }]);
  }
  return {
    fileName: upload.name.slice(0, 200),
    contentType: type,
    size: buffer.length,
    sha256: sha256Hex(buffer),
    bytes: buffer,
  };
}
