import { z } from 'zod';
import type { Role } from '../accounts/schemas.ts';
import { plausibleDate } from '../common/dates.ts';
import { pageQuery } from '../common/paging.ts';
import { CASE_STATES, FIVE_ITEMS, OPEN_STATES } from './states.ts';

/** Who handles cases and holds: the district office in the district, a town supervisor in its town. */
export const CASE_WRITERS: readonly Role[] = ['district_admin', 'district_staff', 'town_supervisor'];
export const CASE_READERS: readonly Role[] = CASE_WRITERS;
/** Who sets the district's deadlines. */
export const CASE_SETTINGS_EDITORS: readonly Role[] = ['district_admin'];

export const CASE_SOURCES = ['sample', 'inspection', 'complaint', 'incident', 'manual'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];
export const CASE_SOURCE_LABELS: Record<CaseSource, string> = {
  sample: '监督抽查不合格',
  inspection: '日常巡查',
  complaint: '投诉举报',
  incident: '突发事件',
  manual: '其他线索',
};

const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 字`);
const required = (label: string, max: number) => z.string().trim().min(1, `${label}不能为空`).max(max);
const isoDate = z.iso.date('应为日期，如 2026-05-01').superRefine((v, ctx) => {
  const reason = plausibleDate(v);
  if (reason) ctx.addIssue({ code: 'custom', message: reason });
});

export const caseCreateBody = z
  .strictObject({
    sourceType: z.enum(CASE_SOURCES),
    /** The failed sample, inspection, complaint or incident; absent for manual cases. */
    sourceId: z.uuid('应为来源记录编号（UUID）').nullable().optional(),
    /** How people name the source (e.g. 投诉 TS2026-001); required for inspection/complaint/incident. */
    sourceLabel: text(100).nullable().optional(),
    entityId: z.uuid('应为主体编号（UUID）').nullable().optional(),
    partyName: text(100).nullable().optional(),
    /** Needed only when neither the entity nor the source places the case. */
    townCode: z
      .string()
      .regex(/^\d{9}$/, '应为9位镇街代码')
      .nullable()
      .optional(),
    title: required('案由', 100),
    summary: text(2000).nullable().optional(),
    holdIds: z.array(z.uuid('应为控制批次编号（UUID）')).max(50).default([]),
  })
  .superRefine((v, ctx) => {
    if (v.sourceType !== 'manual' && !v.sourceId)
      ctx.addIssue({ code: 'custom', path: ['sourceId'], message: '须指明来源记录' });
    if (['inspection', 'complaint', 'incident'].includes(v.sourceType) && !v.sourceLabel)
      ctx.addIssue({ code: 'custom', path: ['sourceLabel'], message: '须填写来源名称（如投诉编号）' });
    if (v.sourceType === 'manual' && v.sourceId)
      ctx.addIssue({ code: 'custom', path: ['sourceId'], message: '其他线索不关联来源记录' });
  });
export type CaseCreateInput = z.infer<typeof caseCreateBody>;

export const caseQuery = z.strictObject({
  q: text(60).optional(),
  state: z.enum([...CASE_STATES, 'open']).optional(),
  townCode: z
    .string()
    .regex(/^\d{9}$/, '应为9位镇街代码')
    .optional(),
  entityId: z.uuid().optional(),
  /** Cases founded on this record (a failed sample, an inspection…). */
  sourceId: z.uuid().optional(),
  overdue: z.enum(['true', 'false']).optional(),
  ...pageQuery,
});
export type CaseQuery = z.infer<typeof caseQuery>;

export const transitionBody = z.strictObject({
  to: z.enum(['investigating', 'decided', 'executed', 'closed', 'withdrawn']),
  note: text(2000).nullable().optional(),
});

const item = text(2000).nullable().optional();
export const findingsBody = z.strictObject(
  Object.fromEntries(FIVE_ITEMS.map((k) => [k, item])) as {
    cause: typeof item;
    responsible: typeof item;
    rectification: typeof item;
    education: typeof item;
    lessons: typeof item;
  },
);

export const transferBody = z.strictObject({
  transferredOn: isoDate,
  agency: required('接收机关', 100),
  receiptNo: required('回执编号', 60),
  note: text(1000).nullable().optional(),
});

export const fileView = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedByName: z.string().nullable(),
  uploadedAt: z.string(),
});
export type FileView = z.infer<typeof fileView>;

export const caseView = z.object({
  id: z.string(),
  caseNo: z.string(),
  title: z.string(),
  townCode: z.string(),
  townName: z.string().nullable(),
  entityId: z.string().nullable(),
  entityName: z.string().nullable(),
  partyName: z.string().nullable(),
  sourceType: z.string(),
  sourceId: z.string().nullable(),
  sourceLabel: z.string(),
  state: z.string(),
  stateAt: z.string(),
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  transferred: z.boolean(),
  createdAt: z.string(),
});
export type CaseView = z.infer<typeof caseView>;

export const caseHoldView = z.object({
  id: z.string(),
  productName: z.string().nullable(),
  lotRef: z.string().nullable(),
  reason: z.string(),
  status: z.string(),
});

export const caseStepView = z.object({
  id: z.string(),
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  userName: z.string().nullable(),
  note: z.string().nullable(),
  at: z.string(),
});

export const caseDetailView = caseView.extend({
  summary: z.string().nullable(),
  decision: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  cause: z.string().nullable(),
  responsible: z.string().nullable(),
  rectification: z.string().nullable(),
  education: z.string().nullable(),
  lessons: z.string().nullable(),
  transfer: z
    .object({
      transferredOn: z.string(),
      agency: z.string().nullable(),
      receiptNo: z.string(),
      note: z.string().nullable(),
    })
    .nullable(),
  closedAt: z.string().nullable(),
  holds: z.array(caseHoldView),
  steps: z.array(caseStepView),
  documents: z.array(fileView),
  nextStates: z.array(z.string()),
  missingItems: z.array(z.string()),
});
export type CaseDetailView = z.infer<typeof caseDetailView>;

const days = z.number().int().min(1, '至少 1 天').max(730, '不超过 730 天');
export const caseSettingsBody = z.strictObject({
  stateDays: z.strictObject(
    Object.fromEntries(OPEN_STATES.map((s) => [s, days])) as {
      registered: typeof days;
      investigating: typeof days;
      decided: typeof days;
      executed: typeof days;
    },
  ),
  holdDays: days,
});
export type CaseSettings = z.infer<typeof caseSettingsBody>;
export const caseSettingsView = caseSettingsBody.extend({
  /** True while the district has not set its own (the defaults apply). */
  isDefault: z.boolean(),
  note: z.string(),
});

export const disposeBody = z.strictObject({
  disposition: z.enum(['released', 'destroyed', 'returned', 'recalled']),
  note: required('处置说明', 1000),
});
