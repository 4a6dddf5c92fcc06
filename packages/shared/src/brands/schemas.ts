import { z } from 'zod';
import { isCalendarDate } from '../common/dates.ts';
import { pageQuery } from '../common/paging.ts';
import { eligibilityView } from '../dossier/four-links.ts';

/** Kinds of brand certification the district registers (plan 二(六)). */
export const BRAND_KINDS = ['green', 'organic', 'gi', 'mingte', 'cq_famous', 'gap'] as const;
export type BrandKind = (typeof BRAND_KINDS)[number];
export const BRAND_KIND_LABELS: Record<BrandKind, string> = {
  green: '绿色食品',
  organic: '有机农产品',
  gi: '农产品地理标志',
  mingte: '名特优新农产品',
  cq_famous: '重庆名牌农产品',
  gap: '良好农业规范（GAP）',
};

export const BRAND_STATUSES = ['valid', 'expiring', 'expired', 'revoked'] as const;
export type BrandStatus = (typeof BRAND_STATUSES)[number];
export const BRAND_STATUS_LABELS: Record<BrandStatus, string> = {
  valid: '有效',
  expiring: '即将到期',
  expired: '已过期',
  revoked: '已撤销',
};

/** Annual review (年检), post-certification supervision (证后监管), label-use check (标志使用检查). */
export const REVIEW_KINDS = ['annual', 'supervision', 'label'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
export const REVIEW_KIND_LABELS: Record<ReviewKind, string> = {
  annual: '年检',
  supervision: '证后监管',
  label: '标志使用检查',
};
export const REVIEW_RESULTS = ['pass', 'fail', 'misuse'] as const;
export type ReviewResult = (typeof REVIEW_RESULTS)[number];
export const REVIEW_RESULT_LABELS: Record<ReviewResult, string> = {
  pass: '合格',
  fail: '不合格',
  misuse: '违规使用标志',
};

/**
 * Default reminder window: 《绿色食品标志管理办法》第十八条 — the certificate is valid three years and a
 * renewal is applied for three months before it ends (see SOURCES in domains/brands). A district setting.
 */
export const DEFAULT_REMIND_DAYS = 90;
/**
 * 2021 target, plan 二(六): 「力争新增申报20个以上绿色食品、有机农产品和农产品地理标志等农业品牌」,
 * 「新培育1个全国名特优新农产品，评选重庆名牌农产品3个以上」 (plan-2021.zh.txt line 34; also line 20).
 */
export const PLAN_TARGETS: Record<string, { all: number; mingte?: number; cq_famous?: number }> = {
  '2021': { all: 20, mingte: 1, cq_famous: 3 },
};

const date = z.string().refine(isCalendarDate, '日期格式应为 YYYY-MM-DD');
const positive = z.number().positive().max(1e9);

export const brandCertBody = z
  .strictObject({
    kind: z.enum(BRAND_KINDS),
    certNo: z.string().trim().min(2).max(60),
    entityId: z.uuid(),
    /** Product codes of the standards catalogue. */
    productCodes: z.array(z.string().min(1).max(40)).min(1).max(20),
    area: positive.nullable().optional(),
    areaUnit: z.enum(['mu', 'hectare']).optional(),
    output: positive.nullable().optional(),
    outputUnit: z.enum(['kg', 'tonne']).optional(),
    issuedOn: date,
    validUntil: date,
    note: z.string().trim().max(500).optional(),
    /** Required when the four-links check only warns: the user saw the warnings and goes on. */
    acknowledge: z.boolean().optional(),
  })
  .refine((b) => b.validUntil > b.issuedOn, { path: ['validUntil'], message: '有效期应晚于发证日期' });
export type BrandCertBody = z.infer<typeof brandCertBody>;

export const brandCertPatch = z.strictObject({
  certNo: z.string().trim().min(2).max(60).optional(),
  productCodes: z.array(z.string().min(1).max(40)).min(1).max(20).optional(),
  area: positive.nullable().optional(),
  output: positive.nullable().optional(),
  validUntil: date.optional(),
  note: z.string().trim().max(500).optional(),
  revokeReason: z.string().trim().min(2).max(200).optional(),
});

export const brandCertListQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().max(50).optional(),
  kind: z.enum(BRAND_KINDS).optional(),
  status: z.enum(BRAND_STATUSES).optional(),
  townCode: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
  entityId: z.uuid().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const brandCertView = z.object({
  id: z.string(),
  kind: z.enum(BRAND_KINDS),
  kindLabel: z.string(),
  certNo: z.string(),
  entityId: z.string(),
  entityName: z.string(),
  townCode: z.string(),
  townName: z.string(),
  products: z.array(z.object({ code: z.string(), name: z.string() })),
  area: z.number().nullable(),
  areaUnitLabel: z.string(),
  output: z.number().nullable(),
  outputUnitLabel: z.string(),
  issuedOn: z.string(),
  validUntil: z.string(),
  status: z.enum(BRAND_STATUSES),
  statusLabel: z.string(),
  daysLeft: z.number().int(),
  revokeReason: z.string().nullable(),
  note: z.string().nullable(),
});
export type BrandCertView = z.infer<typeof brandCertView>;

export const reviewBody = z.strictObject({
  kind: z.enum(REVIEW_KINDS),
  on: date,
  inspector: z.string().trim().min(1).max(40),
  result: z.enum(REVIEW_RESULTS),
  /** Where the label use was checked (label checks). */
  place: z.string().trim().max(100).optional(),
  findings: z.string().trim().max(1000).optional(),
});
export const reviewView = z.object({
  id: z.string(),
  kind: z.enum(REVIEW_KINDS),
  kindLabel: z.string(),
  on: z.string(),
  inspector: z.string(),
  result: z.enum(REVIEW_RESULTS),
  resultLabel: z.string(),
  place: z.string().nullable(),
  findings: z.string().nullable(),
  createdByName: z.string().nullable(),
});

export const brandSettingsView = z.object({
  remindDays: z.number().int(),
  /** Year → targets (all kinds; optional per-kind ones). */
  targets: z.record(
    z.string(),
    z.object({
      all: z.number().int(),
      mingte: z.number().int().optional(),
      cq_famous: z.number().int().optional(),
    }),
  ),
  defaults: z.boolean(),
});
export const brandSettingsBody = z.strictObject({
  remindDays: z.number().int().min(1).max(730),
  targets: z.record(
    z.string().regex(/^20\d\d$/),
    z.strictObject({
      all: z.number().int().min(0).max(10000),
      mingte: z.number().int().min(0).max(1000).optional(),
      cq_famous: z.number().int().min(0).max(1000).optional(),
    }),
  ),
});

export const progressView = z.object({
  year: z.number().int(),
  target: z.number().int().nullable(),
  done: z.number().int(),
  byKind: z.array(
    z.object({
      kind: z.enum(BRAND_KINDS),
      label: z.string(),
      done: z.number().int(),
      target: z.number().int().nullable(),
    }),
  ),
  source: z.string(),
});

// --- regional public brands (区域公用品牌) and their licences ---
export const regionalBrandBody = z.strictObject({
  name: z.string().trim().min(2).max(40),
  owner: z.string().trim().max(60).optional(),
  note: z.string().trim().max(500).optional(),
});
export const licenceBody = z
  .strictObject({
    entityId: z.uuid(),
    licensedOn: date,
    validUntil: date.nullable().optional(),
    productCodes: z.array(z.string().min(1).max(40)).max(20).optional(),
    acknowledge: z.boolean().optional(),
  })
  .refine((b) => !b.validUntil || b.validUntil > b.licensedOn, {
    path: ['validUntil'],
    message: '截止日期应晚于授权日期',
  });
export const licenceView = z.object({
  id: z.string(),
  brandId: z.string(),
  brandName: z.string(),
  entityId: z.string(),
  entityName: z.string(),
  townName: z.string(),
  licensedOn: z.string(),
  validUntil: z.string().nullable(),
  products: z.array(z.object({ code: z.string(), name: z.string() })),
  active: z.boolean(),
});
export const regionalBrandView = z.object({
  id: z.string(),
  name: z.string(),
  owner: z.string().nullable(),
  note: z.string().nullable(),
  licences: z.array(licenceView),
});

export const brandCertDetail = brandCertView.extend({
  reviews: z.array(reviewView),
  licences: z.array(licenceView),
  eligibility: eligibilityView,
  canEdit: z.boolean(),
  canReview: z.boolean(),
});
export type BrandCertDetail = z.infer<typeof brandCertDetail>;

// --- support decisions (扶持/评优/示范) ---
export const DECISION_PURPOSES = ['funding', 'award', 'demonstration'] as const;
export const DECISION_PURPOSE_LABELS: Record<(typeof DECISION_PURPOSES)[number], string> = {
  funding: '资金扶持',
  award: '评优评先',
  demonstration: '示范创建',
};
export const DECISIONS = ['approved', 'rejected'] as const;
export const DECISION_LABELS: Record<(typeof DECISIONS)[number], string> = {
  approved: '同意',
  rejected: '不同意',
};
export const decisionBody = z.strictObject({
  purpose: z.enum(DECISION_PURPOSES),
  entityId: z.uuid(),
  year: z.number().int().min(2000).max(2100),
  title: z.string().trim().min(2).max(100),
  decision: z.enum(DECISIONS),
  acknowledge: z.boolean().optional(),
});
export const decisionView = z.object({
  id: z.string(),
  purpose: z.enum(DECISION_PURPOSES),
  purposeLabel: z.string(),
  entityId: z.string(),
  entityName: z.string(),
  townName: z.string(),
  year: z.number().int(),
  title: z.string(),
  decision: z.enum(DECISIONS),
  decisionLabel: z.string(),
  /** The four-links warnings acknowledged when it was recorded. */
  warnings: z.array(z.string()),
  createdAt: z.string(),
});
