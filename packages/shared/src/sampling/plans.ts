import { z } from 'zod';

/** The kinds of monitoring task in a yearly plan (plan 二(二)). */
export const TASK_KINDS = [
  'rapid_test',
  'supervisory_sampling',
  'routine_monitoring',
  'risk_monitoring',
  'input_inspection',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_KIND_LABELS: Record<TaskKind, string> = {
  rapid_test: '定性检测（快检）',
  supervisory_sampling: '监督抽查',
  routine_monitoring: '例行监测',
  risk_monitoring: '风险监测',
  input_inspection: '农业投入品抽检',
};
/** Lab (quantitative) task kinds; rapid tests are qualitative. */
export const LAB_TASK_KINDS: readonly TaskKind[] = [
  'supervisory_sampling',
  'routine_monitoring',
  'risk_monitoring',
  'input_inspection',
];

export const PLAN_STATUSES = ['draft', 'active', 'closed'] as const;
export const PLAN_STATUS_LABELS: Record<(typeof PLAN_STATUSES)[number], string> = {
  draft: '草稿',
  active: '执行中',
  closed: '已结束',
};

/** A quota is held by a town (9-digit code) or by the district testing centre (the 6-digit district code). */
export const quotaInput = z.strictObject({
  taskKind: z.enum(TASK_KINDS),
  holderCode: z.string().regex(/^\d{6}(\d{3})?$/, '应为镇街代码（9位）或区县代码（6位，表示区检测中心）'),
  quota: z.number().int().min(0).max(1_000_000),
});
export type QuotaInput = z.infer<typeof quotaInput>;

export const planCreateBody = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  name: z.string().trim().min(2).max(100),
  targetPassRate: z.number().min(0).max(100),
  quotas: z.array(quotaInput).max(2000).default([]),
});
export const planUpdateBody = z.strictObject({
  name: z.string().trim().min(2).max(100).optional(),
  targetPassRate: z.number().min(0).max(100).optional(),
  status: z.enum(PLAN_STATUSES).optional(),
  quotas: z.array(quotaInput).max(2000).optional(),
  version: z.number().int().min(1),
});
export const planCopyBody = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  name: z.string().trim().min(2).max(100).optional(),
});

export const quotaView = quotaInput.extend({ holderName: z.string() });
export const planView = z.object({
  id: z.string(),
  districtCode: z.string(),
  year: z.number().int(),
  name: z.string(),
  targetPassRate: z.number(),
  status: z.enum(PLAN_STATUSES),
  source: z.string().nullable(),
  version: z.number().int(),
  quotas: z.array(quotaView),
  totals: z.record(z.string(), z.number().int()),
  updatedAt: z.string(),
});
export type PlanView = z.infer<typeof planView>;
