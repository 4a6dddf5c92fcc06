import { randomUUID } from 'node:crypto';
import { quarterLabel } from '@nongan/shared/bulletins/schemas';
import { chinaToday } from '@nongan/shared/common/dates';
import type { Db } from '../db/client.ts';
import { computeFigures } from '../domains/bulletins/figures.ts';
import { lastEndedQuarter } from '../domains/bulletins/rules.ts';
import { districtName, starterSections } from '../domains/bulletins/service.ts';
import { bulletins } from '../domains/bulletins/table.ts';

/**
 * One issued bulletin of the last quarter that has ended, computed from the synthetic demo data
 * as a real one would be; its text says it is synthetic.
 */
export async function seedDemoBulletins(db: Db, districtCode: string): Promise<number> {
  const { year, quarter } = lastEndedQuarter(chinaToday());
  const now = new Date();
  const figures = await computeFigures(db, districtCode, year, quarter, now);
  const period = quarterLabel(year, quarter);
  const starter = starterSections(figures, period);
  const name = await districtName(db, districtCode);
  await db.insert(bulletins).values({
    districtCode,
    id: randomUUID(),
    year,
    quarter,
    title: `${name}农产品质量安全监管工作${period}通报（演示）`,
    state: 'issued',
    sections: {
      ...starter,
      intro: `【演示】本通报由合成演示数据生成，非真实数据。\n${starter.intro}`,
      nextSteps:
        '一是对合格率偏低的品种和镇街开展跟踪抽检；二是督促逾期整改和案件按期办结；三是加快快检任务进度，确保完成年度任务。',
    },
    figures,
    computedAt: now,
    issuedAt: now,
    issuedByName: '区质安办（演示）',
    createdAt: now,
    updatedAt: now,
  });
  return 1;
}
