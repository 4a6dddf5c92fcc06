import { z } from 'zod';
import { pageQuery } from '../common/paging.ts';

export const WARNING_KINDS = [
  'pass_rate',
  'repeat_failure',
  'quota_pace',
  'promise_mismatch',
  'overdue_rectification',
  'overdue_case',
  'overdue_hold',
  'overdue_duty',
  'brand_expiry',
  'suspicious_scan',
] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];
export const WARNING_KIND_LABELS: Record<WarningKind, string> = {
  pass_rate: '合格率低于阈值',
  repeat_failure: '同一主体多次不合格',
  quota_pace: '监测进度落后',
  promise_mismatch: '承诺与抽检不符',
  overdue_rectification: '整改逾期',
  overdue_case: '案件逾期',
  overdue_hold: '控制批次逾期未处置',
  overdue_duty: '巡查任务逾期',
  brand_expiry: '认证证书临近到期',
  suspicious_scan: '追溯码疑似被复制',
};

export const WARNING_LEVELS = ['notice', 'attention', 'serious'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];
export const WARNING_LEVEL_LABELS: Record<WarningLevel, string> = {
  notice: '提示',
  attention: '关注',
  serious: '严重',
};

export const WARNING_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type WarningState = (typeof WARNING_STATES)[number];
export const WARNING_STATE_LABELS: Record<WarningState, string> = {
  open: '待处理',
  acknowledged: '已知悉',
  resolved: '已解除',
};

/** A record behind a warning, shown by its name or number; `type` tells the page where it lives. */
export const EVIDENCE_RECORD_TYPES = [
  'sample',
  'rapid_test',
  'certificate',
  'inspection',
  'case',
  'hold',
  'duty',
  'entity',
  'brand',
] as const;
export const evidenceRecord = z.object({
  type: z.enum(EVIDENCE_RECORD_TYPES),
  id: z.string(),
  label: z.string(),
});
export type EvidenceRecord = z.infer<typeof evidenceRecord>;

export const warningEvidence = z.object({
  /** One sentence, as the page shows it. */
  summary: z.string(),
  figures: z.array(z.object({ label: z.string(), value: z.string() })),
  records: z.array(evidenceRecord),
});
export type WarningEvidence = z.infer<typeof warningEvidence>;

export const warningView = z.object({
  id: z.string(),
  kind: z.enum(WARNING_KINDS),
  level: z.enum(WARNING_LEVELS),
  state: z.enum(WARNING_STATES),
  subject: z.string(),
  townCode: z.string().nullable(),
  townName: z.string().nullable(),
  ownerLabel: z.string(),
  summary: z.string(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  acknowledgedByName: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  resolvedByName: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolveReason: z.string().nullable(),
});
export type WarningView = z.infer<typeof warningView>;
export const warningDetailView = warningView.extend({ evidence: warningEvidence });
export type WarningDetailView = z.infer<typeof warningDetailView>;

export const warningListQuery = z.strictObject({
  state: z.enum([...WARNING_STATES, 'active']).optional(),
  level: z.enum(WARNING_LEVELS).optional(),
  kind: z.enum(WARNING_KINDS).optional(),
  townCode: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
  ...pageQuery,
});

export const resolveBody = z.strictObject({
  reason: z.string().trim().min(2, '请填写解除原因').max(500),
});

export const warningSummary = z.object({
  open: z.number().int(),
  acknowledged: z.number().int(),
  serious: z.number().int(),
});
export type WarningSummary = z.infer<typeof warningSummary>;

/** A district's thresholds; `passRateThreshold` null = the year's monitoring plan target. */
export const warningSettings = z.strictObject({
  passRateThreshold: z.number().min(50).max(100).nullable(),
  minSamples: z.number().int().min(1).max(10000),
  repeatFailures: z.number().int().min(2).max(20),
  repeatWindowDays: z.number().int().min(7).max(366),
  paceShare: z.number().min(0.1).max(1),
  overdueGraceDays: z.number().int().min(0).max(90),
  mismatchWindowDays: z.number().int().min(1).max(90),
  brandExpiryDays: z.number().int().min(1).max(365),
});
export type WarningSettings = z.infer<typeof warningSettings>;
export const warningSettingsView = warningSettings.extend({
  isDefault: z.boolean(),
  /** The threshold in force this year (the plan's target when passRateThreshold is null). */
  effectivePassRate: z.number().nullable(),
  note: z.string(),
});

/** Who reads and handles warnings; a town supervisor only his town's. */
export const WARNING_READERS = ['district_admin', 'district_staff', 'town_supervisor'] as const;
export const WARNING_SETTINGS_EDITORS = ['district_admin', 'district_staff'] as const;
