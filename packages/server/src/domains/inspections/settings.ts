import { DEFAULT_RECTIFY_DAYS, DEFAULT_REVISIT_DAYS } from '@nongan/shared/inspections/schemas';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { inspectionSettings } from './table.ts';

export async function getSettings(db: Db, districtCode: string) {
  const [r] = await db
    .select()
    .from(inspectionSettings)
    .where(eq(inspectionSettings.districtCode, districtCode));
  return r
    ? { rectifyDays: r.rectifyDays, revisitDays: r.revisitDays, defaults: false }
    : { rectifyDays: DEFAULT_RECTIFY_DAYS, revisitDays: DEFAULT_REVISIT_DAYS, defaults: true };
}

export async function saveSettings(
  db: Db,
  actor: Actor,
  districtCode: string,
  body: { rectifyDays: number; revisitDays: number },
) {
  const before = await getSettings(db, districtCode);
  await db.transaction(async (tx) => {
    const set = { ...body, updatedBy: actor.user?.id ?? null, updatedAt: new Date() };
    await tx
      .insert(inspectionSettings)
      .values({ districtCode, ...set })
      .onConflictDoUpdate({ target: inspectionSettings.districtCode, set });
    await writeAudit(tx, actor, {
      action: 'update',
      subjectType: 'inspection_settings',
      subjectId: districtCode,
      regionCode: districtCode,
      before: { rectifyDays: before.rectifyDays, revisitDays: before.revisitDays },
      after: body,
    });
  });
}
