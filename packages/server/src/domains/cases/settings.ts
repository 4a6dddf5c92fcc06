import type { CaseSettings } from '@nongan/shared/cases/schemas';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import { caseSettings } from './table.ts';

/**
 * Default deadlines, in calendar days. They are this platform's working defaults for a district,
 * not the legal time limits of 农业行政处罚程序规定: that text's limits were not at hand when this
 * was written, so each district sets its own (PUT /api/cases/settings) and the page says so.
 */
export const DEFAULT_CASE_SETTINGS: CaseSettings = {
  stateDays: { registered: 7, investigating: 60, decided: 30, executed: 30 },
  holdDays: 15,
};
export const SETTINGS_NOTE =
  '期限为本区自定的工作期限（按自然日计），并非《农业行政处罚程序规定》所列法定时限；如需对齐法定时限，请由区管理员按规定文本修改。';

export async function getCaseSettings(
  db: Db,
  districtCode: string,
): Promise<CaseSettings & { isDefault: boolean }> {
  const [row] = await db.select().from(caseSettings).where(eq(caseSettings.districtCode, districtCode));
  if (!row) return { ...DEFAULT_CASE_SETTINGS, isDefault: true };
  return {
    stateDays: {
      ...DEFAULT_CASE_SETTINGS.stateDays,
      ...(row.stateDays as Partial<CaseSettings['stateDays']>),
    },
    holdDays: row.holdDays,
    isDefault: false,
  };
}

export async function saveCaseSettings(db: Db, actor: Actor, districtCode: string, input: CaseSettings) {
  await db.transaction(async (tx) => {
    const before = await getCaseSettings(tx, districtCode);
    const values = { ...input, updatedBy: actor.user?.id ?? null, updatedAt: new Date() };
    await tx
      .insert(caseSettings)
      .values({ districtCode, ...values })
      .onConflictDoUpdate({ target: caseSettings.districtCode, set: values });
    await writeAudit(tx, actor, {
      action: 'update',
      subjectType: 'case_settings',
      subjectId: districtCode,
      regionCode: districtCode,
      before: { stateDays: before.stateDays, holdDays: before.holdDays },
      after: input,
    });
  });
}
