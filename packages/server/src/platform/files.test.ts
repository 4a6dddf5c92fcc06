import { describe, expect, it } from 'vitest';
import { checkDocument, sha256Hex, sniffDocumentType } from './files.ts';
import { HttpError } from './http-error.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]);
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof HttpError) return { status: e.statusCode, issues: e.issues };
    throw e;
  }
  return null;
};

describe('document sniffing', () => {
  it('tells PDF, JPEG and PNG apart by their first bytes', () => {
    expect(sniffDocumentType(PDF)).toBe('application/pdf');
    expect(sniffDocumentType(JPEG)).toBe('image/jpeg');
    expect(sniffDocumentType(PNG)).toBe('image/png');
  });

  it('refuses anything else, whatever the name says', () => {
    expect(sniffDocumentType(Buffer.from('<html><script>'))).toBeNull();
    expect(sniffDocumentType(Buffer.from('PK\x03\x04'))).toBeNull();
    expect(sniffDocumentType(Buffer.from('%PD'))).toBeNull();
    const r = refusal(() =>
      checkDocument({ name: '决定书.pdf', buffer: Buffer.from('MZ\x90\x00 not a pdf') }),
    );
    expect(r?.status).toBe(400);
    expect(r?.issues?.[0]?.field).toBe('file');
  });

  it('refuses an empty or oversized file, and a type the caller does not take', () => {
    expect(refusal(() => checkDocument({ name: 'a.pdf', buffer: Buffer.alloc(0) }))?.status).toBe(400);
    expect(refusal(() => checkDocument({ name: 'a.pdf', buffer: PDF }, { maxBytes: 10 }))?.status).toBe(413);
    expect(
      refusal(() => checkDocument({ name: 'a.pdf', buffer: PDF }, { types: ['image/png'] }))?.status,
    ).toBe(400);
  });

  it('gives the SHA-256 of the bytes', () => {
    const f = checkDocument({ name: 'x'.repeat(300), buffer: PNG });
    expect(f.sha256).toBe(sha256Hex(PNG));
    expect(sha256Hex(Buffer.from('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(f.fileName).toHaveLength(200);
    expect(f).toMatchObject({ contentType: 'image/png', size: PNG.length });
  });
});
