/**
 * The town ranking printed in a bulletin. For now a composite score of the quarter's figures; the
 * 考核 domain's assessTowns will take its place (this file only), so callers ask townRanking alone.
 */

import type { TownFacts, TownRank } from '@nongan/shared/bulletins/schemas';
import type { Db } from '../../db/client.ts';
import { quarterElapsed, rateOf } from './rules.ts';
import { townFactsOf } from './town-facts.ts';

export const RANKING_NOTE =
  '镇街排名为平台按本季度数据计算的综合得分（快检任务进度30%、定量抽检合格率30%、巡查覆盖率20%、问题处置率20%；无数据的项目不计入），仅供参考，正式排名以年度考核为准。';

type Part = TownRank['parts'][number];

/** The parts of a town's score, each 0..100 or null when the town has no data for it. */
export function scoreParts(f: TownFacts, quarter: number): Part[] {
  const expected = Math.floor(f.rapidQuota * quarterElapsed(quarter));
  const pace = expected > 0 ? Math.min(1, f.rapidToDate / expected) : null;
  const settled = rateOf(f.rectificationsClosed + f.casesClosed, f.rectificationsOpened + f.casesOpened);
  const pct = (r: number | null) => (r === null ? null : Math.round(Math.min(1, r) * 1000) / 10);
  return [
    { label: '快检任务进度', value: pct(pace), weight: 0.3 },
    { label: '定量抽检合格率', value: pct(f.passRate), weight: 0.3 },
    { label: '巡查覆盖率', value: pct(rateOf(f.dutiesDone, f.duties)), weight: 0.2 },
    { label: '问题处置率', value: pct(settled), weight: 0.2 },
  ];
}

/** The weighted mean of the parts that have data (0 when none has). */
export function compositeScore(parts: Part[]): number {
  const counted = parts.filter((p) => p.value !== null);
  const weight = counted.reduce((s, p) => s + p.weight, 0);
  if (weight === 0) return 0;
  return Math.round((counted.reduce((s, p) => s + (p.value as number) * p.weight, 0) / weight) * 10) / 10;
}

/** Ranks by score, highest first; equal scores share a rank (1, 2, 2, 4). */
export function rankTowns(facts: TownFacts[], quarter: number): TownRank[] {
  const scored = facts
    .map((f) => {
      const parts = scoreParts(f, quarter);
      return { townCode: f.townCode, townName: f.townName, score: compositeScore(parts), parts };
    })
    .sort((a, b) => b.score - a.score || a.townCode.localeCompare(b.townCode));
  return scored.map((s, i) => ({
    ...s,
    rank: scored.findIndex((o) => o.score === s.score) + 1 || i + 1,
  }));
}

export async function townRanking(
  db: Db,
  districtCode: string,
  year: number,
  quarter: number,
): Promise<{ rows: TownRank[]; note: string }> {
  return { rows: rankTowns(await townFactsOf(db, districtCode, year, quarter), quarter), note: RANKING_NOTE };
}
