/**
 * 四挂钩: the entity's trace record weighed for a brand, funding, an award or demonstration status.
 * The pure rule is shared (shared/dossier/four-links.ts); this gathers the facts and the district's
 * rule, and is the one place other domains call (`eligibility`, `requireEligible`).
 */

import { OPEN_STATES } from '@nongan/shared/cases/states';
import { COLOUR_LABELS } from '@nongan/shared/certificates/schemas';
import { chinaToday } from '@nongan/shared/common/dates';
import {
  DEFAULT_FOUR_LINKS_RULE,
  type EligibilityView,
  type FourLinksRule,
  fourLinks,
  fourLinksRule,
  PURPOSE_LABELS,
  type Purpose,
  VERDICT_LABELS,
} from '@nongan/shared/dossier/four-links';
import { RISK_GRADE_LABELS } from '@nongan/shared/entities/schemas';
import { and, count, eq, inArray, max, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { HttpError } from '../../platform/http-error.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { cases } from '../cases/table.ts';
import { entityColour } from '../certificates/scan-service.ts';
import { certificates } from '../certificates/table.ts';
import type { EntityRow } from '../entities/repository.ts';
import { productionLots } from '../trace/table.ts';
import { riskLevel } from './risk.ts';
import { riskFacts } from './risk-store.ts';
import { fourLinksSettings } from './table.ts';

export async function getFourLinksRule(
  db: Db,
  districtCode: string,
): Promise<FourLinksRule & { defaults: boolean }> {
  const [r] = await db
    .select()
    .from(fourLinksSettings)
    .where(eq(fourLinksSettings.districtCode, districtCode));
  const parsed = r ? fourLinksRule.safeParse(r.rule) : null;
  return parsed?.success
    ? { ...parsed.data, defaults: false }
    : { ...DEFAULT_FOUR_LINKS_RULE, defaults: true };
}

export async function saveFourLinksRule(db: Db, actor: Actor, districtCode: string, rule: FourLinksRule) {
  const { defaults: _, ...before } = await getFourLinksRule(db, districtCode);
  await db.transaction(async (tx) => {
    const set = { rule, updatedBy: actor.user?.id ?? null, updatedAt: new Date() };
    await tx
      .insert(fourLinksSettings)
      .values({ districtCode, ...set })
      .onConflictDoUpdate({ target: fourLinksSettings.districtCode, set });
    await writeAudit(tx, actor, {
      action: 'update',
      subjectType: 'four_links_settings',
      subjectId: districtCode,
      regionCode: districtCode,
      before,
      after: rule,
    });
  });
}

/** The verdict for an entity the caller may see (callers check scope first). */
export async function eligibility(
  db: Db,
  e: EntityRow,
  purpose: Purpose,
  now = new Date(),
): Promise<EligibilityView> {
  const d = e.districtCode;
  const certWhere = and(
    eq(certificates.districtCode, d),
    eq(certificates.entityId, e.id),
    ne(certificates.status, 'revoked'),
  );
  const [colour, facts, [cert], [lots], [open], rule] = await Promise.all([
    entityColour(db, d, e.id, now),
    riskFacts(db, d, e.id, now),
    db
      .select({ n: count(), last: max(certificates.issueDate) })
      .from(certificates)
      .where(certWhere),
    db
      .select({ n: count() })
      .from(productionLots)
      .where(and(eq(productionLots.districtCode, d), eq(productionLots.entityId, e.id))),
    db
      .select({ n: count() })
      .from(cases)
      .where(
        and(eq(cases.districtCode, d), eq(cases.entityId, e.id), inArray(cases.state, [...OPEN_STATES])),
      ),
    getFourLinksRule(db, d),
  ]);
  const level = facts ? riskLevel(facts).level : 'low';
  const last = cert?.last ?? null;
  const today = chinaToday(now);
  const daysSince = last
    ? Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${last}T00:00:00Z`)) / 86_400_000)
    : null;
  const { defaults: _, ...r } = rule;
  const verdict = fourLinks(
    {
      daysSinceCertificate: daysSince,
      productionLots: Number(lots?.n ?? 0),
      riskLevel: level,
      colour: colour.colour,
      openCases: Number(open?.n ?? 0),
    },
    r,
  );
  return {
    entityId: e.id,
    entityName: e.name,
    purpose,
    purposeLabel: PURPOSE_LABELS[purpose],
    verdict: verdict.verdict,
    verdictLabel: VERDICT_LABELS[verdict.verdict],
    reasons: verdict.reasons.map(({ severity, text }) => ({ severity, text })),
    record: {
      lastCertificateOn: last,
      certificates: Number(cert?.n ?? 0),
      productionLots: Number(lots?.n ?? 0),
      riskLevelName: RISK_GRADE_LABELS[level],
      colourLabel: COLOUR_LABELS[colour.colour],
      openCases: Number(open?.n ?? 0),
    },
    rule: r,
  };
}

/**
 * Applies the verdict to a write: refuse → 422 naming entityId and the reasons; warn → 422 unless
 * the caller acknowledged (the warnings are then returned for the audit record).
 */
export async function requireEligible(
  db: Db,
  e: EntityRow,
  purpose: Purpose,
  acknowledged: boolean | undefined,
): Promise<{ verdict: EligibilityView['verdict']; warnings: string[] }> {
  const v = await eligibility(db, e, purpose);
  const texts = v.reasons.map((r) => r.text);
  if (v.verdict === 'refuse') {
    const refusals = v.reasons.filter((r) => r.severity === 'refuse').map((r) => r.text);
    throw new HttpError(422, `${e.name}不符合“四挂钩”要求：${refusals.join('；')}`, [
      { field: 'entityId', reason: refusals.join('；') },
    ]);
  }
  if (v.verdict === 'warn' && !acknowledged)
    throw new HttpError(422, `${e.name}的追溯记录需确认：${texts.join('；')}。确认后请勾选“已知悉”再提交`, [
      { field: 'acknowledge', reason: `需确认：${texts.join('；')}` },
    ]);
  return { verdict: v.verdict, warnings: texts };
}
