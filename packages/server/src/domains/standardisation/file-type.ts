import { sha256Hex, sniffDocumentType } from '../../platform/files.ts';
import { HttpError } from '../../platform/http-error.ts';

/** A procedure's text as issued: PDF or Word, told by content (platform/files.ts reads PDF). */
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const DOC = 'application/msword';
export const PROCEDURE_FILE_TYPES = ['application/pdf', DOCX, DOC] as const;
export const MAX_PROCEDURE_BYTES = 10 * 1024 * 1024;

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export function sniffProcedureFile(b: Buffer): (typeof PROCEDURE_FILE_TYPES)[number] | null {
  if (sniffDocumentType(b) === 'application/pdf') return 'application/pdf';
  // A .docx is a zip whose parts include word/document.xml (names are stored uncompressed).
  if (b.length > 30 && b.readUInt32LE(0) === 0x04034b50 && b.includes('word/document.xml', 0, 'latin1'))
    return DOCX;
  if (b.length >= 512 && b.subarray(0, 8).equals(OLE)) return DOC;
  return null;
}

export const extensionOf = (type: string) => (type === DOCX ? 'docx' : type === DOC ? 'doc' : 'pdf');

export function checkProcedureFile(upload: { name: string; buffer: Buffer }) {
  const { buffer } = upload;
  if (buffer.length === 0) throw new HttpError(400, '文件为空', [{ field: 'file', reason: '文件为空' }]);
  if (buffer.length > MAX_PROCEDURE_BYTES) {
    const reason = '文件超过 10 MB 上限';
    throw new HttpError(413, reason, [{ field: 'file', reason }]);
  }
  const type = sniffProcedureFile(buffer);
  if (!type) {
    const reason = '文件内容不是 PDF 或 Word 文档（按文件内容识别，与扩展名无关）';
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
