import { MAX_PHOTO_BYTES } from '@nongan/shared/inspections/schemas';
import { describe, expect, it } from 'vitest';
import { checkPhoto } from './photos.ts';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]);
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([1, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);

describe('checkPhoto', () => {
  it('recognises JPEG, PNG and WebP by their first bytes and checksums them', () => {
    expect(checkPhoto(JPEG)).toMatchObject({ ok: true, contentType: 'image/jpeg', size: 8 });
    expect(checkPhoto(PNG)).toMatchObject({ ok: true, contentType: 'image/png' });
    expect(checkPhoto(WEBP)).toMatchObject({ ok: true, contentType: 'image/webp' });
    const r = checkPhoto(JPEG);
    expect(r.ok && r.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a script or a PDF whatever it claims to be, an empty file and an oversized one', () => {
    expect(checkPhoto(Buffer.from('<script>alert(1)</script>'))).toMatchObject({ ok: false });
    expect(checkPhoto(Buffer.from('%PDF-1.7\n'))).toMatchObject({ ok: false });
    expect(checkPhoto(Buffer.alloc(0))).toMatchObject({ ok: false, reason: '照片为空' });
    const big = Buffer.concat([JPEG, Buffer.alloc(MAX_PHOTO_BYTES)]);
    expect(checkPhoto(big)).toMatchObject({ ok: false });
    // A PNG signature cut short is not a PNG.
    expect(checkPhoto(PNG.subarray(0, 6))).toMatchObject({ ok: false });
  });

  it('the same bytes give the same checksum, other bytes another', () => {
    const a = checkPhoto(JPEG);
    const b = checkPhoto(Buffer.concat([JPEG, Buffer.from([1])]));
    expect(a.ok && b.ok && a.sha256 !== b.sha256).toBe(true);
    expect(checkPhoto(Buffer.from(JPEG))).toEqual(a);
  });
});
