/** Every figure of a quarter's bulletin, assembled from the domains' data as of now. */

import type { BulletinFigures } from '@nongan/shared/bulletins/schemas';
import type { Db } from '../../db/client.ts';
import { townRanking } from './ranking.ts';
import { quarterPeriod } from './rules.ts';
import { problemFigures, progressFigures, resultFigures } from './stats.ts';
import { townFactsOf } from './town-facts.ts';

export async function computeFigures(
  db: Db,
  districtCode: string,
  year: number,
  quarter: number,
  now = new Date(),
): Promise<BulletinFigures> {
  const p = quarterPeriod(year, quarter);
  const [progress, results, problems, towns, ranking] = await Promise.all([
    progressFigures(db, districtCode, year, quarter),
    resultFigures(db, districtCode, year, quarter),
    problemFigures(db, districtCode, year, quarter),
    townFactsOf(db, districtCode, year, quarter),
    townRanking(db, districtCode, year, quarter),
  ]);
  const total = (k: keyof (typeof towns)[number]) => towns.reduce((s, t) => s + Number(t[k] ?? 0), 0);
  return {
    year,
    quarter,
    from: p.from,
    to: p.to,
    computedAt: now.toISOString(),
    targetPassRate: progress.targetPassRate,
    progress: progress.progress,
    results,
    problems: {
      ...problems,
      rapidPositive: results.rapidPositive,
      inspections: total('inspections'),
      inspectionsWithProblems: total('inspectionsWithProblems'),
      rectificationsOpened: total('rectificationsOpened'),
      rectificationsClosed: total('rectificationsClosed'),
      casesOpened: total('casesOpened'),
      casesClosed: total('casesClosed'),
    },
    towns,
    ranking: ranking.rows,
    rankingNote: ranking.note,
  };
}
