import { z } from 'zod';
import { recordedAt } from '../common/dates.ts';
import { pageQuery } from '../common/paging.ts';

const date = z.iso.date({ message: '应为日期，如 2021-06-01' });
const text = (max: number) => z.string().trim().min(2).max(max);

// ---- yearly risk-monitoring plan (one per district per year) ----
export const riskPlanBody = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  /** 监测目的 */
  targets: text(3000),
  /** 监测品种 */
  products: z.array(z.string().trim().min(1).max(40)).min(1).max(200),
  /** 监测对象 */
  subjects: text(3000),
  /** 监管关键点和技术措施 */
  keyPoints: text(5000),
});
export const riskPlanUpdateBody = riskPlanBody
  .omit({ year: true })
  .partial()
  .extend({
    version: z.number().int().min(1),
  });
export const riskPlanView = z.object({
  id: z.string(),
  year: z.number().int(),
  targets: z.string(),
  products: z.array(z.string()),
  subjects: z.string(),
  keyPoints: z.string(),
  version: z.number().int(),
  updatedAt: z.string(),
  updatedByName: z.string().nullable(),
});
export type RiskPlanView = z.infer<typeof riskPlanView>;

// ---- incidents (突发事件) ----
export const INCIDENT_LEVELS = ['I', 'II', 'III', 'IV'] as const;
export type IncidentLevel = (typeof INCIDENT_LEVELS)[number];
export const INCIDENT_LEVEL_LABELS: Record<IncidentLevel, string> = {
  I: 'Ⅰ级（特别重大）',
  II: 'Ⅱ级（重大）',
  III: 'Ⅲ级（较大）',
  IV: 'Ⅳ级（一般）',
};
export const INCIDENT_STATUSES = ['responding', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const INCIDENT_STATUS_LABELS: Record<IncidentStatus, string> = {
  responding: '处置中',
  closed: '已结案',
};

export const incidentCreateBody = z.strictObject({
  title: text(100),
  level: z.enum(INCIDENT_LEVELS),
  occurredAt: recordedAt,
  /** Null: district-wide (district office only). */
  townCode: z
    .string()
    .regex(/^\d{9}$/, '应为9位镇街代码')
    .nullable()
    .default(null),
  summary: text(5000),
});
export const incidentStepBody = z.strictObject({
  at: recordedAt,
  /** Who acted (a person or unit, as written in the log). */
  actor: z.string().trim().min(1).max(60),
  action: text(2000),
});
export const incidentCloseBody = z.strictObject({ conclusion: text(5000) });
export const INCIDENT_LINK_KINDS = ['entity', 'lot'] as const;
export const INCIDENT_LINK_LABELS: Record<(typeof INCIDENT_LINK_KINDS)[number], string> = {
  entity: '涉事主体',
  lot: '追溯批次',
};
export const incidentLinkBody = z.strictObject({
  kind: z.enum(INCIDENT_LINK_KINDS),
  refId: z.uuid(),
});
export const incidentListQuery = z.strictObject({
  ...pageQuery,
  level: z.enum(INCIDENT_LEVELS).optional(),
  status: z.enum(INCIDENT_STATUSES).optional(),
  q: z.string().trim().max(50).optional(),
});
export const incidentView = z.object({
  id: z.string(),
  incidentNo: z.string(),
  title: z.string(),
  level: z.enum(INCIDENT_LEVELS),
  status: z.enum(INCIDENT_STATUSES),
  occurredAt: z.string(),
  townCode: z.string().nullable(),
  townName: z.string().nullable(),
  summary: z.string(),
  conclusion: z.string().nullable(),
  reportedByName: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export type IncidentView = z.infer<typeof incidentView>;
export const incidentDetailView = incidentView.extend({
  steps: z.array(
    z.object({
      seq: z.number().int(),
      at: z.string(),
      actor: z.string(),
      action: z.string(),
      recordedByName: z.string().nullable(),
    }),
  ),
  links: z.array(z.object({ kind: z.enum(INCIDENT_LINK_KINDS), refId: z.string(), label: z.string() })),
});
export type IncidentDetailView = z.infer<typeof incidentDetailView>;

// ---- public opinion (舆情) ----
export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export const SENTIMENT_LABELS: Record<(typeof SENTIMENTS)[number], string> = {
  negative: '负面',
  neutral: '中性',
  positive: '正面',
};
export const VERIFICATIONS = ['pending', 'true', 'partly', 'false'] as const;
export const VERIFICATION_LABELS: Record<(typeof VERIFICATIONS)[number], string> = {
  pending: '待核实',
  true: '属实',
  partly: '部分属实',
  false: '不实',
};
export const opinionCreateBody = z.strictObject({
  source: z.string().trim().min(1).max(100),
  title: text(200),
  summary: text(3000),
  url: z
    .url({ protocol: /^https?$/, message: '应为 http(s) 网址' })
    .max(500)
    .nullable()
    .default(null),
  sentiment: z.enum(SENTIMENTS),
  foundAt: recordedAt,
  respondBy: date,
});
export const opinionUpdateBody = z.strictObject({
  verification: z.enum(VERIFICATIONS).optional(),
  response: text(3000).optional(),
  respondBy: date.optional(),
  version: z.number().int().min(1),
});
export const opinionListQuery = z.strictObject({
  ...pageQuery,
  sentiment: z.enum(SENTIMENTS).optional(),
  open: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50).optional(),
});
export const opinionView = z.object({
  id: z.string(),
  source: z.string(),
  title: z.string(),
  summary: z.string(),
  url: z.string().nullable(),
  sentiment: z.enum(SENTIMENTS),
  foundAt: z.string(),
  respondBy: z.string(),
  verification: z.enum(VERIFICATIONS),
  response: z.string().nullable(),
  respondedAt: z.string().nullable(),
  overdue: z.boolean(),
  version: z.number().int(),
  recordedByName: z.string().nullable(),
});
export type OpinionView = z.infer<typeof opinionView>;
