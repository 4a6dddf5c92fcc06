import {
  COUNT_METRICS,
  type Indicator,
  type IndicatorScore,
  type Period,
  type ResultRow,
} from '@nongan/shared/assessment/schemas';
import { chinaToday } from '@nongan/shared/common/dates';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { listDivisions } from '../regions/repository.ts';
import { type Figure, townFigures } from './metrics.ts';
import { getScheme, type Scheme } from './schemes.ts';
import { honourOf, indicatorPoints, rank, rateDisplay, round2 } from './score.ts';
import { assessmentManualScores } from './table.ts';
import { type AssessWindow, windowOf } from './window.ts';

export interface Assessment {
  year: number;
  period: Period;
  asOf: string;
  scheme: Scheme;
  window: AssessWindow;
  /** Every town of the district, ranked. */
  rows: ResultRow[];
}

/** Manual points by town and indicator key for a period. */
export async function manualPoints(db: Db, districtCode: string, year: number, period: Period) {
  const rows = await db
    .select({
      town: assessmentManualScores.townCode,
      key: assessmentManualScores.indicatorKey,
      points: assessmentManualScores.points,
    })
    .from(assessmentManualScores)
    .where(
      and(
        eq(assessmentManualScores.districtCode, districtCode),
        eq(assessmentManualScores.year, year),
        eq(assessmentManualScores.period, period),
      ),
    );
  return new Map(rows.map((r) => [`${r.town}|${r.key}`, r.points]));
}

/** How a figure reads on a page. */
export function figureDisplay(
  ind: Indicator,
  f: Figure | undefined,
  manual: number | null | undefined,
): string {
  if (ind.rule.kind === 'manual')
    return manual === null || manual === undefined ? '待评分' : `评定${manual}分`;
  if (!f || f.value === null) return '无数据';
  if (f.den === null) return `${f.num}个`;
  return rateDisplay(f.num, f.den);
}

/** One indicator's score for a town from its figures. */
export function scoreOf(
  ind: Indicator,
  f: Figure | undefined,
  manual: number | null | undefined,
  period: Period,
): IndicatorScore {
  const r = ind.rule;
  const figure =
    r.kind !== 'manual' && !f && COUNT_METRICS.includes(r.metric) ? { value: 0, num: 0, den: null } : f;
  const value = r.kind === 'manual' ? null : (figure?.value ?? null);
  const { score, noData } = indicatorPoints(ind, { value, manual: manual ?? null }, period);
  return { key: ind.key, score, max: ind.points, value, display: figureDisplay(ind, figure, manual), noData };
}

/**
 * 考核 of every town of a district for a year or quarter, by the year's latest scheme, as of
 * `today` (China date, default now): per-indicator scores, total, rank and honour. Reading the
 * same records on the same day gives the same answer.
 */
export async function assessTowns(
  db: Db,
  q: { districtCode: string; year: number; period: Period },
  today: string = chinaToday(),
): Promise<Assessment> {
  const w = windowOf(q.year, q.period, today);
  const [scheme, towns, figures, manual] = await Promise.all([
    getScheme(db, q.districtCode, q.year),
    listDivisions(db, { districtCode: q.districtCode, level: 'town' }),
    townFigures(db, q.districtCode, w),
    manualPoints(db, q.districtCode, q.year, q.period),
  ]);
  const scored = towns.map((t) => {
    const f = figures.get(t.code) ?? {};
    const scores = scheme.indicators.map((ind) =>
      scoreOf(
        ind,
        ind.rule.kind === 'manual' ? undefined : f[ind.rule.metric],
        manual.get(`${t.code}|${ind.key}`),
        q.period,
      ),
    );
    return {
      townCode: t.code,
      townName: t.name,
      order: t.code,
      total: round2(scores.reduce((s, x) => s + x.score, 0)),
      scores,
    };
  });
  const ranked = rank(scored);
  const ranks = ranked.map((r) => r.rank);
  const rows = ranked.map(({ order: _o, ...r }) => ({
    ...r,
    honour: honourOf(r, scheme.honours, ranked.length, ranks),
  }));
  return { year: q.year, period: q.period, asOf: w.asOf, scheme, window: w, rows };
}
