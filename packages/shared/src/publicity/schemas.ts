import { z } from 'zod';
import { pageQuery } from '../common/paging.ts';

/**
 * Publicity event kinds. The two weeks are named in the 2021 plan, 二(十一): 大力开展“食品安全宣传周”
 * “放心农资下乡进村宣传周”等活动; trade fairs from the same item (借助西部农交会、绿色食品博览会等农产品交易会);
 * field guidance and training from 通过发放宣传资料、举办培训班、田间指导等方式; 赶场 (market-day) publicity is
 * the district's own practice (not named in the plan).
 */
export const EVENT_KINDS = [
  'food_safety_week',
  'inputs_week',
  'market_day',
  'trade_fair',
  'field_guidance',
  'other',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  food_safety_week: '食品安全宣传周',
  inputs_week: '放心农资下乡进村宣传周',
  market_day: '赶场宣传',
  trade_fair: '农产品交易会宣传推介',
  field_guidance: '培训与田间指导',
  other: '其他宣传活动',
};
/** Usual materials, offered as suggestions; any item may be typed. */
export const MATERIAL_SUGGESTIONS = [
  '宣传资料（折页）',
  '宣传册',
  '海报',
  '横幅',
  '展板',
  '宣传袋',
  '明白纸',
];

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const count = z.number().int().min(0).max(10_000_000);

export const materialItem = z.strictObject({
  item: z.string().trim().min(1, '请填写物品').max(40),
  quantity: z.number().int().min(1, '数量至少为 1').max(10_000_000),
});

export const eventBody = z
  .strictObject({
    kind: z.enum(EVENT_KINDS),
    title: z.string().trim().min(2).max(100),
    startOn: day,
    endOn: day,
    /** null: district-wide (office only). */
    townCode: z
      .string()
      .regex(/^\d{9}$/, '应为镇街代码')
      .nullable(),
    place: z.string().trim().min(1).max(200),
    organiser: z.string().trim().min(1).max(100),
    materials: z.array(materialItem).max(30).default([]),
    peopleReached: count,
    consultations: count,
    notes: z.string().trim().max(2000).nullable().default(null),
  })
  .superRefine((b, ctx) => {
    if (b.endOn < b.startOn)
      ctx.addIssue({ code: 'custom', path: ['endOn'], message: '结束日期不能早于开始日期' });
    const seen = new Set<string>();
    b.materials.forEach((m, i) => {
      if (seen.has(m.item))
        ctx.addIssue({ code: 'custom', path: ['materials', i, 'item'], message: '物品重复' });
      seen.add(m.item);
    });
  });
export type EventBody = z.infer<typeof eventBody>;

export const eventView = z.object({
  id: z.string(),
  kind: z.enum(EVENT_KINDS),
  kindLabel: z.string(),
  title: z.string(),
  startOn: z.string(),
  endOn: z.string(),
  townCode: z.string().nullable(),
  townName: z.string(),
  place: z.string(),
  organiser: z.string(),
  materials: z.array(z.object({ item: z.string(), quantity: z.number().int() })),
  peopleReached: z.number().int(),
  consultations: z.number().int(),
  notes: z.string().nullable(),
  photos: z.array(z.object({ id: z.string(), size: z.number().int() })),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Whether the caller may change it (a town supervisor: its own town's only). */
  editable: z.boolean(),
});
export type EventView = z.infer<typeof eventView>;

export const eventListQuery = z.strictObject({
  ...pageQuery,
  kind: z.enum(EVENT_KINDS).optional(),
  townCode: z.string().max(12).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  q: z.string().trim().max(50).optional(),
});

export const summaryRow = z.object({
  townCode: z.string().nullable(),
  townName: z.string(),
  kind: z.enum(EVENT_KINDS),
  kindLabel: z.string(),
  events: z.number().int(),
  peopleReached: z.number().int(),
  consultations: z.number().int(),
  materials: z.number().int(),
});
export const eventSummary = z.object({ year: z.number().int(), rows: z.array(summaryRow) });
export type EventSummary = z.infer<typeof eventSummary>;

// ---- satisfaction surveys ----

export const QUESTION_KINDS = ['choice', 'rating', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
  choice: '单选',
  rating: '评分（1–5 分）',
  text: '文字意见（选填）',
};
export const RATING_LABELS = ['很不满意', '不满意', '一般', '满意', '很满意'] as const;

export const question = z
  .strictObject({
    kind: z.enum(QUESTION_KINDS),
    text: z.string().trim().min(2).max(200),
    options: z.array(z.string().trim().min(1).max(60)).max(10).default([]),
  })
  .superRefine((q, ctx) => {
    if (q.kind === 'choice' && q.options.length < 2)
      ctx.addIssue({ code: 'custom', path: ['options'], message: '单选题至少 2 个选项' });
    if (q.kind !== 'choice' && q.options.length > 0)
      ctx.addIssue({ code: 'custom', path: ['options'], message: '只有单选题有选项' });
    if (new Set(q.options).size !== q.options.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: '选项重复' });
  });
export type Question = z.infer<typeof question>;

export const SURVEY_STATUSES = ['draft', 'published', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];
export const SURVEY_STATUS_LABELS: Record<SurveyStatus, string> = {
  draft: '草稿',
  published: '已发布',
  closed: '已结束',
};

export const surveyBody = z
  .strictObject({
    title: z.string().trim().min(2).max(100),
    intro: z.string().trim().max(1000).nullable().default(null),
    opensOn: day,
    closesOn: day,
    questions: z.array(question).min(1, '至少一道题').max(30),
  })
  .superRefine((b, ctx) => {
    if (b.closesOn < b.opensOn)
      ctx.addIssue({ code: 'custom', path: ['closesOn'], message: '截止日期不能早于开始日期' });
    if (!b.questions.some((q) => q.kind !== 'text'))
      ctx.addIssue({ code: 'custom', path: ['questions'], message: '至少一道单选题或评分题' });
  });
export type SurveyBody = z.infer<typeof surveyBody>;

export const surveyView = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  intro: z.string().nullable(),
  opensOn: z.string(),
  closesOn: z.string(),
  status: z.enum(SURVEY_STATUSES),
  /** draft / published but not yet open / open / closed (by date or by hand). */
  phase: z.enum(['draft', 'upcoming', 'open', 'closed']),
  questions: z.array(
    z.object({ kind: z.enum(QUESTION_KINDS), text: z.string(), options: z.array(z.string()) }),
  ),
  responses: z.number().int(),
  /** Questions can no longer change once someone answered. */
  frozen: z.boolean(),
  createdAt: z.string(),
});
export type SurveyView = z.infer<typeof surveyView>;
export const PHASE_LABELS: Record<SurveyView['phase'], string> = {
  draft: '草稿',
  upcoming: '未开始',
  open: '收集中',
  closed: '已结束',
};

export const surveyListQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(SURVEY_STATUSES).optional(),
  q: z.string().trim().max(50).optional(),
});

/** One answer per question, in order: an option index, a rating 1–5, text, or null (skipped text). */
export const answerValue = z.union([z.number().int(), z.string().trim().max(500), z.null()]);

const phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, '应为 11 位手机号');

export const responseBody = z.strictObject({
  answers: z.array(answerValue).max(30),
  townCode: z
    .string()
    .regex(/^\d{9}$/, '请选择镇街')
    .nullable()
    .default(null),
  /** Optional: only its keyed hash is kept, so the same phone cannot answer twice. */
  phone: phone.nullable().default(null),
});
export type ResponseBody = z.infer<typeof responseBody>;

export const publicSurveyView = z.object({
  slug: z.string(),
  title: z.string(),
  intro: z.string().nullable(),
  districtName: z.string(),
  opensOn: z.string(),
  closesOn: z.string(),
  phase: z.enum(['upcoming', 'open', 'closed']),
  questions: surveyView.shape.questions,
  towns: z.array(z.object({ code: z.string(), name: z.string() })),
  /** This device already answered. */
  answered: z.boolean(),
});
export type PublicSurveyView = z.infer<typeof publicSurveyView>;

export const questionResult = z.object({
  index: z.number().int(),
  kind: z.enum(QUESTION_KINDS),
  text: z.string(),
  answered: z.number().int(),
  /** choice: one per option; rating: one per score 1..5. */
  counts: z.array(z.object({ label: z.string(), count: z.number().int() })),
  average: z.number().nullable(),
  /** text: the latest comments (at most 50). */
  comments: z.array(z.string()),
});
export const surveyResults = z.object({
  survey: surveyView,
  responses: z.number().int(),
  /** Share of rating answers of 4 or 5 among all rating answers; null without any. */
  satisfactionRate: z.number().nullable(),
  questions: z.array(questionResult),
  byTown: z.array(
    z.object({
      townCode: z.string().nullable(),
      townName: z.string(),
      responses: z.number().int(),
      satisfactionRate: z.number().nullable(),
    }),
  ),
});
export type SurveyResults = z.infer<typeof surveyResults>;

export const PUBLICITY_MANAGERS = ['district_admin', 'district_staff'] as const;
export const PUBLICITY_READERS = ['district_admin', 'district_staff', 'town_supervisor'] as const;
