import { randomUUID } from 'node:crypto';
import {
  type HonourRule,
  honourRule,
  type Indicator,
  indicator,
  type SchemeBody,
  type SchemeView,
} from '@nongan/shared/assessment/schemas';
import { and, desc, eq, max } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../platform/http-error.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { iso } from '../campaigns/names.ts';
import { assessmentSchemes } from './table.ts';

/**
 * The platform's starting scheme. The groups are the plan's (二(一): 组织保障、合格证试行、日常监管、
 * 检测检验、追溯管理、“两品一标”、案件查处); the plan gives no points, so the points and thresholds
 * below are this platform's starting values for the district office to change, except where a
 * target of the plan is cited: pass rate 98 % (一), full certificate use and trace management
 * (二(四), 二(七)), quarterly full inspection coverage (二(九)), rapid-test quotas (二(二)).
 */
export const DEFAULT_INDICATORS: Indicator[] = [
  {
    key: 'organisation',
    group: 'organisation',
    name: '组织领导与工作部署',
    points: 10,
    rule: {
      kind: 'manual',
      guidance: '机构人员落实、专题部署、经费保障、镇街监管员和村级协管员履职等，附会议纪要、文件等依据。',
    },
  },
  {
    key: 'certificate_rate',
    group: 'certificate',
    name: '合格证开具率',
    points: 15,
    rule: { kind: 'linear', metric: 'certificate_rate', zeroAt: 0.5, fullAt: 1, noData: 'full' },
  },
  {
    key: 'inspection_coverage',
    group: 'supervision',
    name: '季度巡查覆盖率',
    points: 20,
    rule: { kind: 'linear', metric: 'inspection_coverage', zeroAt: 0.6, fullAt: 1, noData: 'full' },
  },
  {
    key: 'quota_completion',
    group: 'testing',
    name: '快检任务完成率',
    points: 15,
    rule: { kind: 'linear', metric: 'quota_completion', zeroAt: 0.6, fullAt: 1, noData: 'full' },
  },
  {
    key: 'pass_rate',
    group: 'testing',
    name: '监测合格率',
    points: 10,
    rule: { kind: 'linear', metric: 'pass_rate', zeroAt: 0.9, fullAt: 0.98, noData: 'full' },
  },
  {
    key: 'trace_rate',
    group: 'trace',
    name: '追溯主体记录率',
    points: 10,
    rule: { kind: 'linear', metric: 'trace_rate', zeroAt: 0.5, fullAt: 1, noData: 'full' },
  },
  {
    key: 'brand_count',
    group: 'brand',
    name: '新获认证数',
    points: 10,
    rule: { kind: 'linear', metric: 'brand_count', zeroAt: 0, fullAt: 2, noData: 'zero' },
  },
  {
    key: 'case_closing',
    group: 'cases',
    name: '案件办结率',
    points: 10,
    rule: { kind: 'linear', metric: 'case_closing', zeroAt: 0.5, fullAt: 1, noData: 'full' },
  },
];

export const DEFAULT_HONOURS: HonourRule = {
  commendTop: 3,
  commendMin: 85,
  criticiseBelow: 60,
  criticiseBottom: 0,
};

export const DEFAULT_NOTE =
  '平台初始方案：指标分组依据区实施方案二(一)，分值与计分线为平台初始值，由区农安办调整后另存为新版本。';

export interface Scheme {
  year: number;
  version: number | null;
  indicators: Indicator[];
  honours: HonourRule;
  note: string;
  createdByName: string | null;
  createdAt: string | null;
}

export const defaultScheme = (year: number): Scheme => ({
  year,
  version: null,
  indicators: DEFAULT_INDICATORS,
  honours: DEFAULT_HONOURS,
  note: DEFAULT_NOTE,
  createdByName: null,
  createdAt: null,
});

type Row = typeof assessmentSchemes.$inferSelect;
const toScheme = (r: Row): Scheme => ({
  year: r.year,
  version: r.version,
  indicators: z.array(indicator).parse(r.indicators),
  honours: honourRule.parse(r.honours),
  note: r.note,
  createdByName: r.createdByName,
  createdAt: iso(r.createdAt),
});

/** The year's latest saved version, a given version (404 if absent), or the default. */
export async function getScheme(
  db: Db,
  districtCode: string,
  year: number,
  version?: number,
): Promise<Scheme> {
  const [r] = await db
    .select()
    .from(assessmentSchemes)
    .where(
      and(
        eq(assessmentSchemes.districtCode, districtCode),
        eq(assessmentSchemes.year, year),
        version ? eq(assessmentSchemes.version, version) : undefined,
      ),
    )
    .orderBy(desc(assessmentSchemes.version))
    .limit(1);
  if (r) return toScheme(r);
  if (version) throw notFound('考核方案版本不存在');
  return defaultScheme(year);
}

export async function schemeView(
  db: Db,
  districtCode: string,
  year: number,
  version?: number,
): Promise<SchemeView> {
  const s = await getScheme(db, districtCode, year, version);
  const versions = await db
    .select({
      version: assessmentSchemes.version,
      createdByName: assessmentSchemes.createdByName,
      createdAt: assessmentSchemes.createdAt,
    })
    .from(assessmentSchemes)
    .where(and(eq(assessmentSchemes.districtCode, districtCode), eq(assessmentSchemes.year, year)))
    .orderBy(desc(assessmentSchemes.version));
  return { ...s, versions: versions.map((v) => ({ ...v, createdAt: iso(v.createdAt) })) };
}

/** Saves the body as the year's next version (the first save is version 1), audited. */
export async function saveScheme(
  db: Db,
  actor: Actor,
  districtCode: string,
  body: SchemeBody,
): Promise<number> {
  return db.transaction(async (tx) => {
    const [m] = await tx
      .select({ v: max(assessmentSchemes.version) })
      .from(assessmentSchemes)
      .where(and(eq(assessmentSchemes.districtCode, districtCode), eq(assessmentSchemes.year, body.year)));
    const version = Number(m?.v ?? 0) + 1;
    const id = randomUUID();
    await tx.insert(assessmentSchemes).values({
      districtCode,
      id,
      year: body.year,
      version,
      indicators: body.indicators,
      honours: body.honours,
      note: body.note,
      createdBy: actor.user?.id ?? null,
      createdByName: actor.user?.displayName ?? null,
    });
    await writeAudit(tx, actor, {
      action: 'create',
      subjectType: 'assessment_scheme',
      subjectId: id,
      regionCode: districtCode,
      after: {
        year: body.year,
        version,
        indicators: body.indicators,
        honours: body.honours,
        note: body.note,
      },
    });
    return version;
  });
}
