/**
 * The town ranking printed in a bulletin: the quarter's 考核 (assessment/service.ts) by the year's
 * scheme, so the bulletin and the 考核 page never disagree. Its parts are the scheme's groups.
 */

import { ASSESSMENT_GROUPS, fullMarks, GROUP_LABELS } from '@nongan/shared/assessment/schemas';
import type { TownRank } from '@nongan/shared/bulletins/schemas';
import { chinaToday } from '@nongan/shared/common/dates';
import type { Db } from '../../db/client.ts';
import { assessTowns } from '../assessment/service.ts';
import { quarterPeriod } from './rules.ts';

type Assessment = Awaited<ReturnType<typeof assessTowns>>;

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Each group's points as a share of its maximum (0..100), weighted by its maximum. */
export function rankingRows(a: Assessment): TownRank[] {
  const total = fullMarks(a.scheme.indicators) || 1;
  const groups = ASSESSMENT_GROUPS.map((g) => ({
    g,
    keys: new Set(a.scheme.indicators.filter((i) => i.group === g).map((i) => i.key)),
    max: fullMarks(a.scheme.indicators.filter((i) => i.group === g)),
  })).filter((x) => x.max > 0);
  return a.rows.map((r) => ({
    rank: r.rank,
    townCode: r.townCode,
    townName: r.townName,
    score: r.total,
    parts: groups.map((x) => ({
      label: GROUP_LABELS[x.g],
      value: round1(
        (r.scores.filter((s) => x.keys.has(s.key)).reduce((s, v) => s + v.score, 0) / x.max) * 100,
      ),
      weight: x.max / total,
    })),
  }));
}

export async function townRanking(
  db: Db,
  districtCode: string,
  year: number,
  quarter: number,
): Promise<{ rows: TownRank[]; note: string }> {
  // As of today while the quarter runs, as of its last day once it has ended.
  const asOf = [quarterPeriod(year, quarter).to, chinaToday()].sort()[0] as string;
  const a = await assessTowns(db, { districtCode, year, period: `Q${quarter}` as 'Q1' }, asOf);
  return {
    rows: rankingRows(a),
    note: `镇街排名即本季度考核结果（${year}年考核方案第${a.scheme.version}版，满分${fullMarks(a.scheme.indicators)}分）；各项为该类指标得分占其分值的百分比。`,
  };
}
