import { randomUUID } from 'node:crypto';
import type { FileView } from '@nongan/shared/cases/schemas';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { CheckedFile } from '../../platform/files.ts';
import { notFound } from '../../platform/http-error.ts';
import type { Actor } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import { supervisionFiles } from './table.ts';

export type OwnerType = 'case' | 'hold' | 'training' | 'assessment';
const meta = {
  id: supervisionFiles.id,
  ownerId: supervisionFiles.ownerId,
  fileName: supervisionFiles.fileName,
  contentType: supervisionFiles.contentType,
  size: supervisionFiles.size,
  sha256: supervisionFiles.sha256,
  uploadedByName: supervisionFiles.uploadedByName,
  uploadedAt: supervisionFiles.uploadedAt,
};

/** Stores a checked file for its owner, with an audit row naming its checksum (not its bytes). */
export async function saveFile(
  tx: Db,
  actor: Actor,
  owner: { type: OwnerType; id: string; districtCode: string; regionCode: string },
  file: CheckedFile,
): Promise<FileView> {
  const id = randomUUID();
  const [row] = await tx
    .insert(supervisionFiles)
    .values({
      districtCode: owner.districtCode,
      id,
      ownerType: owner.type,
      ownerId: owner.id,
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.size,
      sha256: file.sha256,
      bytes: file.bytes,
      uploadedBy: actor.user?.id ?? null,
      uploadedByName: actor.user?.displayName ?? null,
    })
    .returning(meta);
  await writeAudit(tx, actor, {
    action: 'attach',
    subjectType:
      owner.type === 'case'
        ? 'case'
        : owner.type === 'hold'
          ? 'lot_hold'
          : owner.type === 'training'
            ? 'training_session'
            : 'assessment_score',
    subjectId: owner.id,
    regionCode: owner.regionCode,
    after: {
      fileId: id,
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.size,
      sha256: file.sha256,
    },
  });
  return toFileView(row as typeof row & object);
}

const toFileView = (r: { uploadedAt: Date } & Omit<FileView, 'uploadedAt'>): FileView => ({
  id: r.id,
  fileName: r.fileName,
  contentType: r.contentType,
  size: r.size,
  sha256: r.sha256,
  uploadedByName: r.uploadedByName,
  uploadedAt: r.uploadedAt.toISOString(),
});

/** The files (without bytes) of these owners, by owner id. */
export async function filesOf(
  db: Db,
  districtCode: string,
  type: OwnerType,
  ownerIds: string[],
): Promise<Map<string, FileView[]>> {
  const out = new Map<string, FileView[]>();
  if (ownerIds.length === 0) return out;
  const rows = await db
    .select(meta)
    .from(supervisionFiles)
    .where(
      and(
        eq(supervisionFiles.districtCode, districtCode),
        eq(supervisionFiles.ownerType, type),
        inArray(supervisionFiles.ownerId, [...new Set(ownerIds)]),
      ),
    )
    .orderBy(asc(supervisionFiles.uploadedAt));
  for (const r of rows) out.set(r.ownerId, [...(out.get(r.ownerId) ?? []), toFileView(r)]);
  return out;
}

/** One file with its bytes, of an owner the caller has already found in scope. */
export async function fileOf(db: Db, districtCode: string, type: OwnerType, ownerId: string, fileId: string) {
  const [row] = await db
    .select()
    .from(supervisionFiles)
    .where(
      and(
        eq(supervisionFiles.districtCode, districtCode),
        eq(supervisionFiles.ownerType, type),
        eq(supervisionFiles.ownerId, ownerId),
        eq(supervisionFiles.id, fileId),
      ),
    );
  if (!row) throw notFound('文件不存在，或不在您的管辖范围内');
  return row;
}
