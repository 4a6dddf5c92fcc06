import { randomUUID } from 'node:crypto';
import type { ManualScoreView, manualScoreBody, Period } from '@nongan/shared/assessment/schemas';
import { and, asc, eq, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { fieldError } from '../../platform/http-error.ts';
import type { AuthUser } from '../accounts/scope.ts';
import { outOfScope } from '../accounts/write-scope.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { iso } from '../campaigns/names.ts';
import { filesOf } from '../cases/files-repository.ts';
import { divisionNames, getDivision } from '../regions/repository.ts';
import { getScheme } from './schemes.ts';
import { assessmentManualScores } from './table.ts';

export type ManualRow = typeof assessmentManualScores.$inferSelect;

/** A town of the actor's district; 404 naming the field otherwise. */
export async function townOf(db: Db, me: AuthUser, code: string, field = 'townCode') {
  const d = await getDivision(db, code);
  if (!d || d.districtCode !== me.districtCode || d.level !== 'town') throw outOfScope(field, '镇街');
  if (me.role === 'town_supervisor' && me.scopeCode !== code) throw outOfScope(field, '镇街');
  return d;
}

/** Manual scores readable by the user: the district's, or his own town's. */
export function manualScope(me: AuthUser): SQL {
  return and(
    eq(assessmentManualScores.districtCode, me.districtCode),
    me.role === 'town_supervisor' ? eq(assessmentManualScores.townCode, me.scopeCode ?? '') : undefined,
  ) as SQL;
}

export async function getManual(db: Db, me: AuthUser, id: string): Promise<ManualRow> {
  const [r] = await db
    .select()
    .from(assessmentManualScores)
    .where(and(manualScope(me), eq(assessmentManualScores.id, id)));
  if (!r) throw outOfScope('id', '评分记录');
  return r;
}

export async function manualViews(db: Db, me: AuthUser, rows: ManualRow[]): Promise<ManualScoreView[]> {
  if (rows.length === 0) return [];
  const [names, files, schemes] = await Promise.all([
    divisionNames(
      db,
      rows.map((r) => r.townCode),
    ),
    filesOf(
      db,
      me.districtCode,
      'assessment',
      rows.map((r) => r.id),
    ),
    Promise.all([...new Set(rows.map((r) => r.year))].map((y) => getScheme(db, me.districtCode, y))),
  ]);
  const indName = (year: number, key: string) =>
    schemes.find((s) => s.year === year)?.indicators.find((i) => i.key === key)?.name ?? '人工评分项';
  return rows.map((r) => ({
    id: r.id,
    year: r.year,
    period: r.period as Period,
    townCode: r.townCode,
    townName: names.get(r.townCode) ?? '镇街',
    indicatorKey: r.indicatorKey,
    indicatorName: indName(r.year, r.indicatorKey),
    points: r.points,
    evidence: r.evidence,
    enteredByName: r.enteredByName,
    updatedAt: iso(r.updatedAt),
    files: (files.get(r.id) ?? []).map((f) => ({
      id: f.id,
      fileName: f.fileName,
      size: f.size,
      uploadedAt: f.uploadedAt,
    })),
  }));
}

export async function listManual(db: Db, me: AuthUser, q: { year: number; period: Period; town?: string }) {
  const rows = await db
    .select()
    .from(assessmentManualScores)
    .where(
      and(
        manualScope(me),
        eq(assessmentManualScores.year, q.year),
        eq(assessmentManualScores.period, q.period),
        q.town ? eq(assessmentManualScores.townCode, q.town) : undefined,
      ),
    )
    .orderBy(asc(assessmentManualScores.townCode), asc(assessmentManualScores.indicatorKey));
  return manualViews(db, me, rows);
}

/**
 * Enters (or corrects) a manual item's score for a town and period, by the year's scheme: the
 * indicator must be a manual one and the points within its maximum. Audited with before/after.
 */
export async function saveManual(
  db: Db,
  actor: Actor & { user: AuthUser },
  body: z.infer<typeof manualScoreBody>,
): Promise<ManualRow> {
  const me = actor.user;
  await townOf(db, me, body.townCode);
  const scheme = await getScheme(db, me.districtCode, body.year);
  const ind = scheme.indicators.find((i) => i.key === body.indicatorKey);
  if (ind?.rule.kind !== 'manual') throw fieldError('indicatorKey', '不是本年度考核方案中的人工评分指标');
  if (body.points > ind.points) throw fieldError('points', `不能超过该指标分值${ind.points}分`);
  return db.transaction(async (tx) => {
    const key = and(
      eq(assessmentManualScores.districtCode, me.districtCode),
      eq(assessmentManualScores.year, body.year),
      eq(assessmentManualScores.period, body.period),
      eq(assessmentManualScores.townCode, body.townCode),
      eq(assessmentManualScores.indicatorKey, body.indicatorKey),
    );
    const [before] = await tx.select().from(assessmentManualScores).where(key).for('update');
    const set = {
      points: body.points,
      evidence: body.evidence,
      enteredBy: me.id,
      enteredByName: me.displayName,
      updatedAt: new Date(),
    };
    const [row] = before
      ? await tx.update(assessmentManualScores).set(set).where(key).returning()
      : await tx
          .insert(assessmentManualScores)
          .values({ districtCode: me.districtCode, id: randomUUID(), ...body, ...set })
          .returning();
    await writeAudit(tx, actor, {
      action: before ? 'update' : 'create',
      subjectType: 'assessment_score',
      subjectId: row!.id,
      regionCode: body.townCode,
      before: before ? { points: before.points, evidence: before.evidence } : undefined,
      after: {
        year: body.year,
        period: body.period,
        indicator: ind.name,
        points: body.points,
        evidence: body.evidence,
      },
    });
    return row!;
  });
}
