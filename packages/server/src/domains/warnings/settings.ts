import { chinaToday } from '@nongan/shared/common/dates';
import type { WarningSettings } from '@nongan/shared/warnings/schemas';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import { getPlanByYear } from '../sampling/plan-repository.ts';
import { warningSettings } from './table.ts';

/**
 * This platform's starting values for a district, not rules of law or of the plan: each district
 * sets its own (PUT /api/warnings/settings). The pass-rate threshold defaults to the year's
 * monitoring plan target (2021 plan: 98 %, plan 二(二)).
 */
export const DEFAULT_WARNING_SETTINGS: WarningSettings = {
  passRateThreshold: null,
  // At a 98 % target one failure in fewer than 50 batches already falls under it: too few to tell.
  minSamples: 50,
  repeatFailures: 2,
  repeatWindowDays: 90,
  paceShare: 0.8,
  overdueGraceDays: 0,
  mismatchWindowDays: 15,
  brandExpiryDays: 90,
};
export const WARNING_SETTINGS_NOTE =
  '预警阈值由本区自定（平台初始值，并非法定标准）；合格率阈值留空时采用当年监测计划的目标合格率。';

export async function getWarningSettings(
  db: Db,
  districtCode: string,
): Promise<WarningSettings & { isDefault: boolean; effectivePassRate: number | null }> {
  const [row] = await db.select().from(warningSettings).where(eq(warningSettings.districtCode, districtCode));
  const s: WarningSettings = row
    ? {
        passRateThreshold: row.passRateThreshold,
        minSamples: row.minSamples,
        repeatFailures: row.repeatFailures,
        repeatWindowDays: row.repeatWindowDays,
        paceShare: row.paceShare,
        overdueGraceDays: row.overdueGraceDays,
        mismatchWindowDays: row.mismatchWindowDays,
        brandExpiryDays: row.brandExpiryDays,
      }
    : DEFAULT_WARNING_SETTINGS;
  const plan = await getPlanByYear(db, districtCode, Number(chinaToday().slice(0, 4)));
  const effectivePassRate = s.passRateThreshold ?? (plan ? Number(plan.targetPassRate) : null);
  return { ...s, isDefault: !row, effectivePassRate };
}

export async function saveWarningSettings(
  db: Db,
  actor: Actor,
  districtCode: string,
  input: WarningSettings,
) {
  await db.transaction(async (tx) => {
    const before = await getWarningSettings(tx, districtCode);
    const values = { ...input, updatedBy: actor.user?.id ?? null, updatedAt: new Date() };
    await tx
      .insert(warningSettings)
      .values({ districtCode, ...values })
      .onConflictDoUpdate({ target: warningSettings.districtCode, set: values });
    const { isDefault: _d, effectivePassRate: _e, ...old } = before;
    await writeAudit(tx, actor, {
      action: 'update',
      subjectType: 'warning_settings',
      subjectId: districtCode,
      regionCode: districtCode,
      before: old,
      after: input,
    });
  });
}
