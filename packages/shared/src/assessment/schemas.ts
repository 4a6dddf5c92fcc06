import { z } from 'zod';
import { pageQuery } from '../common/paging.ts';

/** 考核 (plan 二(一)): the groups the district scores every town on, as the plan lists them. */
export const ASSESSMENT_GROUPS = [
  'organisation',
  'certificate',
  'supervision',
  'testing',
  'trace',
  'brand',
  'cases',
] as const;
export type AssessmentGroup = (typeof ASSESSMENT_GROUPS)[number];
export const GROUP_LABELS: Record<AssessmentGroup, string> = {
  organisation: '组织保障',
  certificate: '合格证试行',
  supervision: '日常监管',
  testing: '检测检验',
  trace: '追溯管理',
  brand: '“两品一标”',
  cases: '案件查处',
};

/** Figures the platform computes from its own records, per town and period. */
export const METRICS = [
  'quota_completion',
  'pass_rate',
  'inspection_coverage',
  'certificate_rate',
  'trace_rate',
  'brand_count',
  'case_closing',
] as const;
export type Metric = (typeof METRICS)[number];
export const METRIC_LABELS: Record<Metric, string> = {
  quota_completion: '快检任务完成率',
  pass_rate: '监测合格率',
  inspection_coverage: '巡查覆盖率',
  certificate_rate: '合格证开具率',
  trace_rate: '追溯记录率',
  brand_count: '新获“两品一标”认证数',
  case_closing: '案件办结率',
};
/** Counts (not rates): their thresholds are per year and scale with the period. */
export const COUNT_METRICS: readonly Metric[] = ['brand_count'];

export const PERIODS = ['year', 'Q1', 'Q2', 'Q3', 'Q4'] as const;
export type Period = (typeof PERIODS)[number];
export const PERIOD_LABELS: Record<Period, string> = {
  year: '全年',
  Q1: '第一季度',
  Q2: '第二季度',
  Q3: '第三季度',
  Q4: '第四季度',
};

const noData = z.enum(['full', 'zero']);
export const NO_DATA_LABELS = { full: '无数据按满分', zero: '无数据按零分' } as const;

export const scoreRule = z.discriminatedUnion('kind', [
  /** 0 points at or below `zeroAt`, full points at or above `fullAt`, linear between. */
  z.strictObject({
    kind: z.literal('linear'),
    metric: z.enum(METRICS),
    zeroAt: z.number().min(0).max(1000),
    fullAt: z.number().min(0).max(1000),
    noData,
  }),
  /** Full points at or above `fullAt`, otherwise `partial` × points. */
  z.strictObject({
    kind: z.literal('threshold'),
    metric: z.enum(METRICS),
    fullAt: z.number().min(0).max(1000),
    partial: z.number().min(0).max(1),
    noData,
  }),
  /** Entered by the district office per town with evidence (e.g. 组织保障). */
  z.strictObject({ kind: z.literal('manual'), guidance: z.string().trim().max(500) }),
]);
export type ScoreRule = z.infer<typeof scoreRule>;
export const RULE_KIND_LABELS = { linear: '按比例计分', threshold: '达标计分', manual: '人工评分' } as const;

export const indicator = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, '指标代号为2-40位小写字母、数字或下划线，以字母开头'),
  group: z.enum(ASSESSMENT_GROUPS),
  name: z.string().trim().min(2, '请填写指标名称').max(40),
  points: z.number().positive('分值须大于0').max(100),
  rule: scoreRule,
});
export type Indicator = z.infer<typeof indicator>;

export const honourRule = z.strictObject({
  /** Commend the first N (ties included) … */
  commendTop: z.number().int().min(0).max(50),
  /** … who also reach this total. */
  commendMin: z.number().min(0).max(100),
  /** Criticise a total below this … */
  criticiseBelow: z.number().min(0).max(100),
  /** … and the last N (ties included; 0 = none by rank). */
  criticiseBottom: z.number().int().min(0).max(50),
});
export type HonourRule = z.infer<typeof honourRule>;

/** A scheme's full marks: its indicators' points summed, to the cent (no float noise such as 99.99999). */
export const fullMarks = (indicators: readonly { points: number }[]) =>
  Math.round(indicators.reduce((a, b) => a + b.points, 0) * 100) / 100;

export const schemeBody = z
  .strictObject({
    year: z.number().int().min(2000).max(2100),
    indicators: z.array(indicator).min(1, '至少一个指标').max(30),
    honours: honourRule,
    note: z.string().trim().max(500).default(''),
  })
  .superRefine((s, ctx) => {
    const keys = new Set<string>();
    s.indicators.forEach((ind, i) => {
      if (keys.has(ind.key))
        ctx.addIssue({ code: 'custom', path: ['indicators', i, 'key'], message: `指标代号重复：${ind.key}` });
      keys.add(ind.key);
      const r = ind.rule;
      if (r.kind === 'linear' && r.fullAt <= r.zeroAt)
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', i, 'rule', 'fullAt'],
          message: '满分值须大于零分值',
        });
      if (r.kind !== 'manual' && !COUNT_METRICS.includes(r.metric) && r.fullAt > 1)
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', i, 'rule', 'fullAt'],
          message: '比率指标的满分值应在0到1之间（如0.98表示98%）',
        });
    });
    const total = fullMarks(s.indicators);
    if (total !== 100)
      ctx.addIssue({
        code: 'custom',
        path: ['indicators'],
        message: `各指标分值合计应为100分（现为${total}分）`,
      });
  });
export type SchemeBody = z.infer<typeof schemeBody>;

export const schemeView = z.object({
  year: z.number().int(),
  /** null: the platform's default, not yet saved by the district. */
  version: z.number().int().nullable(),
  indicators: z.array(indicator),
  honours: honourRule,
  note: z.string(),
  createdByName: z.string().nullable(),
  createdAt: z.string().nullable(),
  versions: z.array(
    z.object({ version: z.number().int(), createdByName: z.string().nullable(), createdAt: z.string() }),
  ),
});
export type SchemeView = z.infer<typeof schemeView>;

export const yearPeriodQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100),
  period: z.enum(PERIODS).default('year'),
});
export const resultsQuery = yearPeriodQuery.extend({
  /** Read the latest published snapshot instead of computing now. */
  published: z.enum(['true', 'false']).optional(),
});
export const schemeQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100),
  version: z.coerce.number().int().min(1).optional(),
});

export const indicatorScore = z.object({
  key: z.string(),
  /** Points earned, 2 decimals. */
  score: z.number(),
  max: z.number(),
  /** The metric's value (a rate 0..1 or a count); null when there is no data or it is manual. */
  value: z.number().nullable(),
  /** How the page shows the figure, e.g. 96.5%（193/200）. */
  display: z.string(),
  /** No data: scored by the rule's noData; a manual item not yet entered scores 0. */
  noData: z.boolean(),
});
export type IndicatorScore = z.infer<typeof indicatorScore>;

export const HONOURS = ['commend', 'criticise'] as const;
export const HONOUR_LABELS = { commend: '通报表扬', criticise: '通报批评' } as const;

export const resultRow = z.object({
  townCode: z.string(),
  townName: z.string(),
  total: z.number(),
  rank: z.number().int(),
  honour: z.enum(HONOURS).nullable(),
  scores: z.array(indicatorScore),
});
export type ResultRow = z.infer<typeof resultRow>;

export const resultsView = z.object({
  year: z.number().int(),
  period: z.enum(PERIODS),
  /** The day the figures run to (the period's end, or today inside it). */
  asOf: z.string(),
  schemeVersion: z.number().int().nullable(),
  indicators: z.array(indicator.pick({ key: true, group: true, name: true, points: true, rule: true })),
  honours: honourRule,
  /** Towns ranked; a town supervisor gets his own town's row only. */
  rows: z.array(resultRow),
  townCount: z.number().int(),
  source: z.enum(['live', 'published']),
  published: z
    .object({ version: z.number().int(), publishedAt: z.string(), publishedByName: z.string().nullable() })
    .nullable(),
});
export type ResultsView = z.infer<typeof resultsView>;

export const honoursView = z.object({
  year: z.number().int(),
  period: z.enum(PERIODS),
  rule: z.string(),
  commended: z.array(resultRow.pick({ townName: true, total: true, rank: true })),
  criticised: z.array(resultRow.pick({ townName: true, total: true, rank: true })),
});
export type HonoursView = z.infer<typeof honoursView>;

export const drillQuery = yearPeriodQuery.extend({
  town: z.string().regex(/^\d{9}$/, '镇街代码为9位数字'),
  indicator: z.string().min(1).max(40),
  ...pageQuery,
});

export const DRILL_TYPES = [
  'sample',
  'rapid_test',
  'inspection',
  'duty',
  'entity',
  'brand',
  'case',
  'manual',
] as const;
export const drillRecord = z.object({
  key: z.string(),
  /** A name or number, never an id. */
  label: z.string(),
  detail: z.string(),
  date: z.string().nullable(),
  /** Counts for the town (passed, done, issued, closed …) or against it. */
  ok: z.boolean(),
  status: z.string(),
  type: z.enum(DRILL_TYPES),
  /** For a link to the record's page; not shown. */
  id: z.string().nullable(),
});
export type DrillRecord = z.infer<typeof drillRecord>;
export const drillView = z.object({
  townName: z.string(),
  indicatorName: z.string(),
  score: indicatorScore,
  /** How the figure is computed, one sentence. */
  explain: z.string(),
  items: z.array(drillRecord),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type DrillView = z.infer<typeof drillView>;

export const manualScoreBody = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  period: z.enum(PERIODS),
  townCode: z.string().regex(/^\d{9}$/, '镇街代码为9位数字'),
  indicatorKey: z.string().min(1).max(40),
  points: z.number().min(0, '得分不能为负'),
  evidence: z.string().trim().min(4, '请填写评分依据（至少4个字）').max(2000),
});
export const manualScoreView = z.object({
  id: z.string(),
  year: z.number().int(),
  period: z.enum(PERIODS),
  townCode: z.string(),
  townName: z.string(),
  indicatorKey: z.string(),
  indicatorName: z.string(),
  points: z.number(),
  evidence: z.string(),
  enteredByName: z.string().nullable(),
  updatedAt: z.string(),
  files: z.array(
    z.object({ id: z.string(), fileName: z.string(), size: z.number().int(), uploadedAt: z.string() }),
  ),
});
export type ManualScoreView = z.infer<typeof manualScoreView>;
export const manualListQuery = yearPeriodQuery.extend({
  town: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
});
export const publishBody = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  period: z.enum(PERIODS),
});

/** Who reads results (a town supervisor his own town's) and who scores, edits schemes and publishes. */
export const ASSESSMENT_READERS = ['district_admin', 'district_staff', 'town_supervisor'] as const;
export const ASSESSMENT_EDITORS = ['district_admin', 'district_staff'] as const;
