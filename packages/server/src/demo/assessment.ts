import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { DEFAULT_HONOURS, DEFAULT_INDICATORS, saveScheme } from '../domains/assessment/schemes.ts';
import { assessmentManualScores } from '../domains/assessment/table.ts';
import { type Actor, writeAudit } from '../domains/audit/audit.ts';
import { listDivisions } from '../domains/regions/repository.ts';
import { rng } from './random.ts';

const DEMO_ACTOR: Actor = { user: null, ip: null };
const EVIDENCE = [
  '镇街成立农产品质量安全工作领导小组，召开专题部署会，监管员和村级协管员到岗履职（演示：合成评分依据）',
  '镇街印发年度监管工作方案，落实工作经费，按季度召开工作调度会（演示：合成评分依据）',
  '镇街监管站人员配备到位，部分村级协管员履职记录不全（演示：合成评分依据）',
];

/**
 * 考核 for the demo district: the platform's default scheme saved as the year's version 1, and
 * synthetic 组织保障 scores for most towns (a few left to be entered, as a real office would find).
 * Returns the number of manual scores written.
 */
export async function seedDemoAssessment(db: Db, districtCode: string, year: number, seed: number) {
  await saveScheme(db, DEMO_ACTOR, districtCode, {
    year,
    indicators: DEFAULT_INDICATORS,
    honours: DEFAULT_HONOURS,
    note: '演示方案：平台初始指标与分值（合成演示数据）。',
  });
  const r = rng(seed);
  const towns = await listDivisions(db, { districtCode, level: 'town' });
  const org = DEFAULT_INDICATORS.find((i) => i.key === 'organisation')!;
  const rows = towns
    .filter((_, i) => i % 9 !== 4)
    .map((t) => {
      const points = Math.min(org.points, r.int(12, 20) / 2);
      return {
        districtCode,
        id: randomUUID(),
        year,
        period: 'year',
        townCode: t.code,
        indicatorKey: org.key,
        points,
        evidence: EVIDENCE[points >= 9 ? 0 : points >= 7.5 ? 1 : 2]!,
        enteredByName: '区质安办（演示）',
      };
    });
  if (rows.length === 0) return 0;
  await db.transaction(async (tx) => {
    await tx.insert(assessmentManualScores).values(rows);
    await writeAudit(
      tx,
      DEMO_ACTOR,
      rows.map((m) => ({
        action: 'demo_seed',
        subjectType: 'assessment_score',
        subjectId: m.id,
        regionCode: m.townCode,
        after: { year, period: m.period, indicator: org.name, points: m.points, evidence: m.evidence },
      })),
    );
  });
  return rows.length;
}
