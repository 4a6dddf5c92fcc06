/**
 * Daily supervision (日常巡查, plan 二(九)): grids and their responsible people, quarterly
 * inspection duties, inspections against a versioned checklist, rectification orders and their
 * revisits (回头看). Shared by the API schemas and the web pages.
 */
import { z } from 'zod';
import type { Role } from '../accounts/schemas.ts';
import { isCalendarDate, recordedAt } from '../common/dates.ts';
import { pageQuery } from '../common/paging.ts';

/** Who inspects and reads inspections: district office, town supervisors, village coordinators. */
export const INSPECTORS: readonly Role[] = [
  'district_admin',
  'district_staff',
  'town_supervisor',
  'village_coordinator',
];
/** Who edits checklists and settings (district-wide rules). */
export const CHECKLIST_EDITORS: readonly Role[] = ['district_admin', 'district_staff'];
/** Who names a grid's responsible people (in their own scope). */
export const GRID_EDITORS: readonly Role[] = ['district_admin', 'district_staff', 'town_supervisor'];

export const ITEM_RESULTS = ['pass', 'fail', 'na'] as const;
export type ItemResult = (typeof ITEM_RESULTS)[number];
export const ITEM_RESULT_LABELS: Record<ItemResult, string> = { pass: '合格', fail: '不合格', na: '不适用' };

export const DUTY_KINDS = ['quarterly', 'sample_revisit'] as const;
export type DutyKind = (typeof DUTY_KINDS)[number];
export const DUTY_KIND_LABELS: Record<DutyKind, string> = {
  quarterly: '季度巡查',
  sample_revisit: '抽检不合格回访',
};
export const DUTY_STATUSES = ['open', 'done', 'overdue'] as const;
export type DutyStatus = (typeof DUTY_STATUSES)[number];
export const DUTY_STATUS_LABELS: Record<DutyStatus, string> = {
  open: '待巡查',
  done: '已完成',
  overdue: '逾期',
};

export const RECT_STATUSES = ['open', 'closed', 'escalated'] as const;
export type RectStatus = (typeof RECT_STATUSES)[number];
export const RECT_STATUS_LABELS: Record<RectStatus, string> = {
  open: '整改中',
  closed: '已整改销号',
  escalated: '已移交查处',
};
export const REVISIT_RESULTS = ['rectified', 'not_rectified'] as const;
export type RevisitResult = (typeof REVISIT_RESULTS)[number];
export const REVISIT_RESULT_LABELS: Record<RevisitResult, string> = {
  rectified: '已整改到位',
  not_rectified: '未整改到位',
};
/** After a revisit: close (only when rectified), extend the deadline, or escalate to a case. */
export const REVISIT_ACTIONS = ['close', 'extend', 'escalate'] as const;
export type RevisitAction = (typeof REVISIT_ACTIONS)[number];
export const REVISIT_ACTION_LABELS: Record<RevisitAction, string> = {
  close: '销号',
  extend: '延期整改',
  escalate: '移交立案查处',
};

/**
 * Platform defaults, not from a regulation (the plan sets no deadline): a district changes them
 * in its settings. Rectification deadline and the revisit after a failed sample, in days.
 */
export const DEFAULT_RECTIFY_DAYS = 15;
export const DEFAULT_REVISIT_DAYS = 7;

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const MAX_PHOTOS_PER_INSPECTION = 30;

const quarter = z.string().regex(/^\d{4}-Q[1-4]$/, '季度格式应为 2026-Q1');
const date = z.string().refine(isCalendarDate, '应为有效日期（YYYY-MM-DD）');
const note = z.string().trim().max(500, '说明不超过 500 字');

// --- grids ---
export const gridQuery = z.object({
  townCode: z
    .string()
    .regex(/^\d{9}$/, '镇街代码应为 9 位')
    .optional(),
});
export const gridView = z.object({
  gridCode: z.string(),
  gridName: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  townCode: z.string(),
  townName: z.string(),
  coordinatorId: z.string().nullable(),
  coordinatorName: z.string().nullable(),
  supervisorId: z.string().nullable(),
  supervisorName: z.string().nullable(),
  entities: z.number().int(),
});
export const gridStaffBody = z.object({
  coordinatorId: z.uuid('应为村级协管员账号').nullable(),
  supervisorId: z.uuid('应为镇街监管员账号').nullable(),
});
export const gridPeopleView = z.object({
  id: z.string(),
  displayName: z.string(),
  role: z.string(),
  scopeCode: z.string().nullable(),
});

// --- duties and coverage ---
export const dutyQuery = z.object({
  quarter: quarter.optional(),
  townCode: z
    .string()
    .regex(/^\d{9}$/, '镇街代码应为 9 位')
    .optional(),
  gridCode: z.string().max(20).optional(),
  status: z.enum(DUTY_STATUSES).optional(),
  kind: z.enum(DUTY_KINDS).optional(),
  q: z.string().trim().max(50).optional(),
  mine: z.enum(['1', '0']).optional(),
  ...pageQuery,
});
export const dutyView = z.object({
  id: z.string(),
  kind: z.enum(DUTY_KINDS),
  quarter: z.string(),
  dueDate: z.string(),
  status: z.enum(DUTY_STATUSES),
  reason: z.string().nullable(),
  entityId: z.string(),
  entityName: z.string(),
  entityType: z.string(),
  townCode: z.string(),
  townName: z.string(),
  villageName: z.string().nullable(),
  gridCode: z.string().nullable(),
  gridName: z.string().nullable(),
  inspectionId: z.string().nullable(),
  doneAt: z.string().nullable(),
});
export const coverageQuery = z.object({
  quarter: quarter.optional(),
  townCode: z
    .string()
    .regex(/^\d{9}$/, '镇街代码应为 9 位')
    .optional(),
});
const coverageRow = z.object({
  code: z.string().nullable(),
  name: z.string(),
  due: z.number().int(),
  done: z.number().int(),
  overdue: z.number().int(),
  /** done / due in percent (100 when nothing is due). */
  rate: z.number(),
});
export const coverageView = z.object({
  quarter: z.string(),
  quarterEnd: z.string(),
  target: z.number(),
  total: coverageRow,
  towns: z.array(coverageRow),
  grids: z.array(coverageRow.extend({ townName: z.string() })),
});

// --- checklists ---
export const checklistItem = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, '项目代码为 2-40 位小写字母、数字或下划线'),
  label: z.string().trim().min(2, '检查项目至少 2 字').max(100, '检查项目不超过 100 字'),
  hint: z.string().trim().max(300, '说明不超过 300 字').nullable().optional(),
});
export type ChecklistItem = z.infer<typeof checklistItem>;
export const checklistBody = z.object({
  entityType: z.string().trim().min(1).max(30),
  items: z
    .array(checklistItem)
    .min(1, '至少一个检查项目')
    .max(40, '检查项目不超过 40 个')
    .refine((a) => new Set(a.map((i) => i.key)).size === a.length, '项目代码不能重复'),
  source: z.string().trim().max(300).nullable().optional(),
});
export const checklistView = z.object({
  id: z.string(),
  entityType: z.string(),
  entityTypeName: z.string(),
  version: z.number().int(),
  items: z.array(checklistItem),
  source: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  current: z.boolean(),
});
export const checklistQuery = z.object({ entityType: z.string().max(30).optional() });

// --- inspections ---
export const inspectionItemBody = z.object({
  key: z.string().min(1).max(40),
  result: z.enum(ITEM_RESULTS, '应为 合格、不合格 或 不适用'),
  note: note.nullable().optional(),
});
export const inspectionBody = z.object({
  clientId: z.uuid('应为客户端生成的编号（UUID）'),
  entityId: z.uuid('应为主体编号'),
  checklistId: z.uuid('应为检查表编号'),
  inspectedAt: recordedAt,
  items: z.array(inspectionItemBody).min(1, '请逐项填写检查结果').max(40),
  note: note.nullable().optional(),
  /** A rectification deadline other than the district default. */
  deadline: date.nullable().optional(),
});
export type InspectionBody = z.infer<typeof inspectionBody>;
export const inspectionQuery = z.object({
  entityId: z.uuid().optional(),
  townCode: z
    .string()
    .regex(/^\d{9}$/, '镇街代码应为 9 位')
    .optional(),
  result: z.enum(['pass', 'fail']).optional(),
  from: date.optional(),
  to: date.optional(),
  q: z.string().trim().max(50).optional(),
  ...pageQuery,
});
export const inspectionItemView = z.object({
  key: z.string(),
  label: z.string(),
  result: z.enum(ITEM_RESULTS),
  note: z.string().nullable(),
});
export const photoView = z.object({
  id: z.string(),
  itemKey: z.string().nullable(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedAt: z.string(),
});
export const inspectionView = z.object({
  id: z.string(),
  clientId: z.string(),
  entityId: z.string(),
  entityName: z.string(),
  townCode: z.string(),
  townName: z.string(),
  villageName: z.string().nullable(),
  gridName: z.string().nullable(),
  checklistId: z.string(),
  checklistVersion: z.number().int(),
  inspectedAt: z.string(),
  inspectorName: z.string(),
  items: z.array(inspectionItemView),
  failedCount: z.number().int(),
  note: z.string().nullable(),
  rectificationId: z.string().nullable(),
  rectificationStatus: z.enum(RECT_STATUSES).nullable(),
  createdAt: z.string(),
});
export const inspectionDetail = inspectionView.extend({ photos: z.array(photoView) });
export const photoParams = z.object({ id: z.uuid('应为巡查记录编号'), photoId: z.uuid('应为照片编号') });

export const lookupQuery = z.object({
  code: z.string().trim().min(1, '请输入或扫描追溯码、主体代码').max(500),
});
export const lookupView = z.object({
  entityId: z.string(),
  entityName: z.string(),
  entityType: z.string(),
  townName: z.string(),
  villageName: z.string().nullable(),
  gridName: z.string().nullable(),
  matchedBy: z.enum(['trace_code', 'credit_code', 'entity_id', 'name']),
  openDuties: z.number().int(),
});

// --- rectifications ---
export const rectQuery = z.object({
  status: z.enum(RECT_STATUSES).optional(),
  overdue: z.enum(['1', '0']).optional(),
  townCode: z
    .string()
    .regex(/^\d{9}$/, '镇街代码应为 9 位')
    .optional(),
  entityId: z.uuid().optional(),
  ...pageQuery,
});
export const revisitView = z.object({
  id: z.string(),
  result: z.enum(REVISIT_RESULTS),
  action: z.enum(REVISIT_ACTIONS),
  note: z.string().nullable(),
  newDeadline: z.string().nullable(),
  visitedOn: z.string(),
  userName: z.string(),
});
export const rectView = z.object({
  id: z.string(),
  inspectionId: z.string(),
  entityId: z.string(),
  entityName: z.string(),
  townCode: z.string(),
  townName: z.string(),
  items: z.array(z.object({ key: z.string(), label: z.string(), note: z.string().nullable() })),
  deadline: z.string(),
  overdue: z.boolean(),
  status: z.enum(RECT_STATUSES),
  closedAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  escalateReason: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  revisits: z.array(revisitView),
});
export const revisitBody = z.object({
  result: z.enum(REVISIT_RESULTS, '应为 已整改到位 或 未整改到位'),
  action: z.enum(REVISIT_ACTIONS, '应为 销号、延期整改 或 移交立案查处'),
  visitedOn: date,
  note: note.nullable().optional(),
  newDeadline: date.nullable().optional(),
  /** The version the user saw; a concurrent revisit makes this one a 409. */
  version: z.number().int().min(1),
});

// --- settings ---
export const settingsView = z.object({
  rectifyDays: z.number().int(),
  revisitDays: z.number().int(),
  defaults: z.boolean(),
});
export const settingsBody = z.object({
  rectifyDays: z.number().int().min(1, '至少 1 天').max(180, '不超过 180 天'),
  revisitDays: z.number().int().min(1, '至少 1 天').max(90, '不超过 90 天'),
});
export const escalateBody = z.object({
  reason: z.string().trim().min(2, '请写明移交理由').max(500, '不超过 500 字'),
  version: z.number().int().min(1),
});
export const photoQuery = z.object({ itemKey: z.string().max(40).optional() });
export const photoCreated = photoView.extend({ created: z.boolean() });
