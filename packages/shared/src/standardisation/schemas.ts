import { z } from 'zod';
import { plausibleDate } from '../common/dates.ts';
import { pageQuery } from '../common/paging.ts';

/**
 * Standardised production (plan 二(五) 制（修）订规程，全面实行农业标准化生产): production
 * procedures (规程) handed to producers, the household reach rate, and demonstration bases (三园两场).
 */

/** draft → published → superseded (by the next published version) | withdrawn. */
export const VERSION_STATUSES = ['draft', 'published', 'superseded', 'withdrawn'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];
export const VERSION_STATUS_LABELS: Record<VersionStatus, string> = {
  draft: '草稿',
  published: '现行',
  superseded: '已被新版替代',
  withdrawn: '已废止',
};

/** The stages the plan names (二(五): 产地环境、农业投入品、生产过程控制、收购贮运),收购贮运 split in three. */
export const STAGES = [
  'siteEnvironment',
  'inputs',
  'processControl',
  'harvest',
  'storage',
  'transport',
] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_LABELS: Record<Stage, string> = {
  siteEnvironment: '产地环境',
  inputs: '投入品',
  processControl: '生产过程控制',
  harvest: '采收',
  storage: '贮存',
  transport: '运输',
};

/**
 * 三园两场. The plan (二(五) 建设“三园两场”5个以上) does not list them; the types follow the
 * digest's gloss (plan-2021.md: standard orchards/vegetable/tea gardens and livestock/aquaculture farms).
 */
export const BASE_TYPES = [
  'orchard',
  'vegetable_garden',
  'tea_garden',
  'livestock_farm',
  'aquaculture_farm',
] as const;
export type BaseType = (typeof BASE_TYPES)[number];
export const BASE_TYPE_LABELS: Record<BaseType, string> = {
  orchard: '标准化示范果园',
  vegetable_garden: '标准化示范菜园',
  tea_garden: '标准化示范茶园',
  livestock_farm: '畜禽养殖标准化示范场',
  aquaculture_farm: '水产健康养殖示范场',
};

export const BASE_STATUSES = ['designated', 'rectifying', 'revoked'] as const;
export type BaseStatus = (typeof BASE_STATUSES)[number];
export const BASE_STATUS_LABELS: Record<BaseStatus, string> = {
  designated: '在册',
  rectifying: '限期整改',
  revoked: '已撤销',
};

export const EVALUATION_RESULTS = ['pass', 'rectify', 'fail'] as const;
export type EvaluationResult = (typeof EVALUATION_RESULTS)[number];
export const EVALUATION_RESULT_LABELS: Record<EvaluationResult, string> = {
  pass: '合格',
  rectify: '限期整改',
  fail: '不合格',
};

/**
 * The plan's 2021 targets (plan-2021.zh.txt 二(五)): 制（修）订…标准化生产操作规程3项以上;
 * 建设“三园两场”5个以上. 标准化入户率 has no figure in the plan (逐步提升), so it stays a district setting.
 */
export const PLAN_TARGETS = {
  year: 2021,
  procedures: 3,
  bases: 5,
  reachRate: null as number | null,
  source:
    '《2021年铜梁区农产品质量安全监管工作计划》二(五)：制（修）订标准化生产操作规程3项以上；建设“三园两场”5个以上',
};

const isoDate = z.iso.date('应为日期，如 2026-05-01');
export const recordDate = isoDate.superRefine((v, ctx) => {
  const reason = plausibleDate(v);
  if (reason) ctx.addIssue({ code: 'custom', message: reason });
});
const text = (max: number) => z.string().trim().min(1, '不能为空').max(max, `不能超过${max}个字`);
const productCode = z.string().trim().min(1).max(60);

export const sectionsBody = z.strictObject({
  siteEnvironment: text(20000),
  inputs: text(20000),
  processControl: text(20000),
  harvest: text(20000),
  storage: text(20000),
  transport: text(20000),
});

export const versionBody = z.strictObject({
  title: text(100),
  products: z.array(productCode).min(1, '请至少选择一个产品').max(50),
  sections: sectionsBody,
  /** 修订说明: what changed against the previous version. */
  note: z.string().trim().max(500).nullable().default(null),
});
export type VersionBody = z.infer<typeof versionBody>;

export const procedureCreateBody = versionBody.extend({
  number: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9\u4e00-\u9fa5/.\-—（）()]{2,40}$/, '编号为2-40位字母、数字、汉字或 / . - 符号'),
});

export const procedureListQuery = z.strictObject({
  q: z.string().trim().max(60).optional(),
  status: z.enum(VERSION_STATUSES).optional(),
  product: productCode.optional(),
  ...pageQuery,
});

export const productRef = z.object({ code: z.string(), name: z.string() });

export const procedureView = z.object({
  id: z.uuid(),
  number: z.string(),
  /** The latest version's title and products. */
  title: z.string(),
  products: z.array(productRef),
  latestVersion: z.number().int(),
  latestStatus: z.enum(VERSION_STATUSES),
  /** The published (current) version, if any. */
  currentVersion: z.number().int().nullable(),
  publishedOn: z.string().nullable(),
  handedOut: z.number().int(),
  updatedAt: z.string(),
});
export type ProcedureView = z.infer<typeof procedureView>;

export const versionView = z.object({
  id: z.uuid(),
  procedureId: z.uuid(),
  version: z.number().int(),
  status: z.enum(VERSION_STATUSES),
  title: z.string(),
  products: z.array(productRef),
  sections: z.object(Object.fromEntries(STAGES.map((s) => [s, z.string()])) as Record<Stage, z.ZodString>),
  note: z.string().nullable(),
  publishedOn: z.string().nullable(),
  endedOn: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  file: z
    .object({ fileName: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string() })
    .nullable(),
  handedOut: z.number().int(),
});
export type VersionView = z.infer<typeof versionView>;

export const procedureDetailView = z.object({
  id: z.uuid(),
  number: z.string(),
  versions: z.array(versionView),
});
export type ProcedureDetailView = z.infer<typeof procedureDetailView>;

/** A hand-out: listed entities, or every covered entity of a town (optionally one product). */
export const handoutBody = z
  .strictObject({
    handedOn: recordDate,
    entityIds: z.array(z.uuid()).max(2000).optional(),
    townCode: z
      .string()
      .regex(/^\d{9}$/, '应为镇街代码')
      .optional(),
    product: productCode.optional(),
    note: z.string().trim().max(200).nullable().default(null),
  })
  .superRefine((b, ctx) => {
    if (!b.entityIds?.length && !b.townCode)
      ctx.addIssue({ code: 'custom', path: ['entityIds'], message: '请选择主体，或按镇街批量发放' });
  });
export type HandoutBody = z.infer<typeof handoutBody>;

export const handoutResult = z.object({ added: z.number().int(), already: z.number().int() });

export const handoutQuery = z.strictObject({
  q: z.string().trim().max(60).optional(),
  townCode: z.string().max(12).optional(),
  ...pageQuery,
});
export const handoutView = z.object({
  id: z.uuid(),
  version: z.number().int(),
  entityId: z.uuid(),
  entityName: z.string(),
  townName: z.string(),
  handedOn: z.string(),
  handedByName: z.string().nullable(),
  note: z.string().nullable(),
});
export type HandoutView = z.infer<typeof handoutView>;

export const reachQuery = z.strictObject({ procedureId: z.uuid().optional() });
export const reachRow = z.object({
  townCode: z.string(),
  townName: z.string(),
  eligible: z.number().int(),
  reached: z.number().int(),
  /** reached ÷ eligible, 0–1; null when no entity produces a covered product. */
  rate: z.number().nullable(),
});
export type ReachRow = z.infer<typeof reachRow>;
export const reachView = z.object({
  procedureId: z.uuid().nullable(),
  towns: z.array(reachRow),
  district: reachRow,
});
export type ReachView = z.infer<typeof reachView>;

// --- demonstration bases ---

export const baseCreateBody = z.strictObject({
  entityId: z.uuid(),
  type: z.enum(BASE_TYPES),
  name: text(100),
  products: z.array(productCode).min(1, '请至少选择一个产品').max(20),
  /** 亩; a livestock farm may give none. */
  area: z.number().positive('应大于0').max(1_000_000).nullable().default(null),
  designatedYear: z.number().int().min(2000).max(2100),
  /** The caller saw the four-links warnings and designates anyway. */
  acknowledged: z.boolean().default(false),
});
export type BaseCreateBody = z.infer<typeof baseCreateBody>;

export const baseStatusBody = z.strictObject({
  status: z.enum(BASE_STATUSES),
  reason: text(200),
});

export const evaluationBody = z.strictObject({
  evaluatedOn: recordDate,
  score: z.number().min(0).max(100).nullable().default(null),
  result: z.enum(EVALUATION_RESULTS),
  evaluator: text(60),
  findings: text(2000),
});
export type EvaluationBody = z.infer<typeof evaluationBody>;

export const baseListQuery = z.strictObject({
  q: z.string().trim().max(60).optional(),
  type: z.enum(BASE_TYPES).optional(),
  status: z.enum(BASE_STATUSES).optional(),
  townCode: z.string().max(12).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  ...pageQuery,
});

export const evaluationView = z.object({
  id: z.uuid(),
  evaluatedOn: z.string(),
  score: z.number().nullable(),
  result: z.enum(EVALUATION_RESULTS),
  evaluator: z.string(),
  findings: z.string(),
  recordedByName: z.string().nullable(),
});
export const baseView = z.object({
  id: z.uuid(),
  entityId: z.uuid(),
  entityName: z.string(),
  townCode: z.string(),
  townName: z.string(),
  type: z.enum(BASE_TYPES),
  name: z.string(),
  products: z.array(productRef),
  area: z.number().nullable(),
  designatedYear: z.number().int(),
  status: z.enum(BASE_STATUSES),
  lastEvaluatedOn: z.string().nullable(),
  lastResult: z.enum(EVALUATION_RESULTS).nullable(),
});
export type BaseView = z.infer<typeof baseView>;
export const baseDetailView = baseView.extend({
  statusReason: z.string().nullable(),
  evaluations: z.array(evaluationView),
});
export type BaseDetailView = z.infer<typeof baseDetailView>;

// --- targets ---

export const targetsBody = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  procedures: z.number().int().min(0).max(1000),
  bases: z.number().int().min(0).max(1000),
  /** 0–1; null = no figure set. */
  reachRate: z.number().min(0).max(1).nullable(),
  source: z.string().trim().max(300).nullable().default(null),
});
export const targetsQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });
export const targetsView = z.object({
  year: z.number().int(),
  procedures: z.object({ target: z.number().int().nullable(), done: z.number().int() }),
  bases: z.object({ target: z.number().int().nullable(), done: z.number().int() }),
  reach: z.object({ target: z.number().nullable(), rate: z.number().nullable() }),
  source: z.string().nullable(),
  /** Whether the figures are the district's own setting (else taken from the plan or unset). */
  fromSetting: z.boolean(),
});
export type TargetsView = z.infer<typeof targetsView>;

/** A producer's own view: the procedures handed to it and its bases. */
export const mineView = z.object({
  procedures: z.array(
    versionView
      .omit({ handedOut: true })
      .extend({ number: z.string(), handedOn: z.string(), current: z.boolean() }),
  ),
  bases: z.array(baseDetailView),
});
export type MineView = z.infer<typeof mineView>;
