import { createHash } from 'node:crypto';
import { MAX_PHOTO_BYTES } from '@nongan/shared/inspections/schemas';
import { photoType } from '../sampling/photo.ts';

export type PhotoCheck =
  | { ok: true; contentType: 'image/jpeg' | 'image/png' | 'image/webp'; sha256: string; size: number }
  | { ok: false; reason: string };

/** A photo is accepted by its content (magic bytes), never by the name or declared type, and by size. */
export function checkPhoto(buf: Buffer): PhotoCheck {
  if (buf.length === 0) return { ok: false, reason: '照片为空' };
  if (buf.length > MAX_PHOTO_BYTES)
    return { ok: false, reason: `照片不能超过 ${MAX_PHOTO_BYTES / 1024 / 1024} MB` };
  const contentType = photoType(buf);
  if (!contentType) return { ok: false, reason: '照片应为 JPEG、PNG 或 WebP 图片' };
  return { ok: true, contentType, sha256: createHash('sha256').update(buf).digest('hex'), size: buf.length };
}
