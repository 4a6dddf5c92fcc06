import { randomUUID } from 'node:crypto';
import {
  type HonourRule,
  PERIOD_LABELS,
  type Period,
  type ResultsView,
  resultsView,
} from '@nongan/shared/assessment/schemas';
import { and, desc, eq, max } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { AuthUser } from '../accounts/scope.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { iso } from '../campaigns/names.ts';
import { assessTowns } from './service.ts';
import { assessmentResults } from './table.ts';

/** The results computed now, as the page reads them (every town; `scoped` narrows). */
export async function liveResults(
  db: Db,
  districtCode: string,
  year: number,
  period: Period,
): Promise<ResultsView> {
  const a = await assessTowns(db, { districtCode, year, period });
  return {
    year,
    period,
    asOf: a.asOf,
    schemeVersion: a.scheme.version,
    indicators: a.scheme.indicators,
    honours: a.scheme.honours,
    rows: a.rows,
    townCount: a.rows.length,
    source: 'live',
    published: await publishedInfo(db, districtCode, year, period),
  };
}

/** A town supervisor reads his own town's row only (with its rank among all). */
export function scoped(v: ResultsView, me: AuthUser): ResultsView {
  if (me.role !== 'town_supervisor') return v;
  return { ...v, rows: v.rows.filter((r) => r.townCode === me.scopeCode) };
}

const latest = (districtCode: string, year: number, period: Period) =>
  and(
    eq(assessmentResults.districtCode, districtCode),
    eq(assessmentResults.year, year),
    eq(assessmentResults.period, period),
  );

async function publishedInfo(db: Db, districtCode: string, year: number, period: Period) {
  const [r] = await db
    .select({
      version: assessmentResults.version,
      publishedAt: assessmentResults.publishedAt,
      publishedByName: assessmentResults.publishedByName,
    })
    .from(assessmentResults)
    .where(latest(districtCode, year, period))
    .orderBy(desc(assessmentResults.version))
    .limit(1);
  return r ? { ...r, publishedAt: iso(r.publishedAt) } : null;
}

/** The latest published snapshot, as it was published; null if none. */
export async function latestPublished(
  db: Db,
  districtCode: string,
  year: number,
  period: Period,
): Promise<ResultsView | null> {
  const [r] = await db
    .select()
    .from(assessmentResults)
    .where(latest(districtCode, year, period))
    .orderBy(desc(assessmentResults.version))
    .limit(1);
  if (!r) return null;
  const stored = resultsView.parse({ ...(r.result as object), source: 'published', published: null });
  return {
    ...stored,
    published: { version: r.version, publishedAt: iso(r.publishedAt), publishedByName: r.publishedByName },
  };
}

/** 发布: keeps the results as computed now as the period's next published version, audited. */
export async function publish(db: Db, actor: Actor, districtCode: string, year: number, period: Period) {
  const live = await liveResults(db, districtCode, year, period);
  const { published: _p, source: _s, ...result } = live;
  await db.transaction(async (tx) => {
    const [m] = await tx
      .select({ v: max(assessmentResults.version) })
      .from(assessmentResults)
      .where(latest(districtCode, year, period));
    const version = Number(m?.v ?? 0) + 1;
    const id = randomUUID();
    await tx.insert(assessmentResults).values({
      districtCode,
      id,
      year,
      period,
      version,
      schemeVersion: live.schemeVersion,
      result,
      publishedBy: actor.user?.id ?? null,
      publishedByName: actor.user?.displayName ?? null,
    });
    await writeAudit(tx, actor, {
      action: 'publish',
      subjectType: 'assessment_result',
      subjectId: id,
      regionCode: districtCode,
      after: {
        title: `${year}年${PERIOD_LABELS[period]}镇街考核`,
        version,
        asOf: live.asOf,
        ranking: live.rows.map((r) => `${r.rank} ${r.townName} ${r.total}`),
      },
    });
  });
  return (await latestPublished(db, districtCode, year, period)) as ResultsView;
}

export function honourRuleText(h: HonourRule): string {
  const commend =
    h.commendTop > 0 ? `前${h.commendTop}名且总分不低于${h.commendMin}分的通报表扬` : '不设表扬';
  const criticise = [
    h.criticiseBelow > 0 ? `总分低于${h.criticiseBelow}分` : null,
    h.criticiseBottom > 0 ? `排名后${h.criticiseBottom}名` : null,
  ].filter(Boolean);
  return `${commend}；${criticise.length ? `${criticise.join('或')}的通报批评` : '不设批评'}（并列同名次同等对待）。`;
}
