import { z } from 'zod';
import { errorBody } from '../common/paging.ts';

/** How an imported limits table was checked (the same levels as the checked-in reference rows). */
export const VERIFICATION_LEVELS = [
  'standard-text',
  'official-db',
  'regulator-notice',
  'third-party-db',
  'checked',
  'checked-2019',
  'prior-edition',
  'recall',
  'unverified',
] as const;
/** The levels an uploader may declare for a table. */
export const IMPORT_VERIFICATIONS = [
  'standard-text',
  'official-db',
  'regulator-notice',
  'third-party-db',
  'unverified',
] as const;
export const VERIFICATION_LABELS: Record<(typeof VERIFICATION_LEVELS)[number], string> = {
  'standard-text': '标准文本核对',
  'official-db': '官方数据库核对',
  'regulator-notice': '监管通告引用',
  'third-party-db': '第三方数据库',
  checked: '已核对',
  'checked-2019': '按 2019 版核对',
  'prior-edition': '沿用上一版本',
  recall: '凭记忆（未核实）',
  unverified: '未核实',
};

export const LIMIT_SET_STATUSES = ['draft', 'active', 'withdrawn'] as const;
export const LIMIT_SET_STATUS_LABELS: Record<(typeof LIMIT_SET_STATUSES)[number], string> = {
  draft: '待启用',
  active: '已启用',
  withdrawn: '已停用',
};
export const VERDICT_LABELS: Record<string, string> = {
  pass: '合格',
  fail: '不合格',
  not_detected: '未检出',
  no_limit: '无限量标准',
};

export const limitSetImportQuery = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  verification: z.enum(IMPORT_VERIFICATIONS),
  note: z.string().trim().max(500).optional(),
});

export const limitSetView = z.object({
  id: z.string(),
  name: z.string(),
  editionCode: z.string(),
  status: z.enum(LIMIT_SET_STATUSES),
  fileName: z.string(),
  rowCount: z.number().int(),
  verification: z.string(),
  note: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  activatedByName: z.string().nullable(),
  activatedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  /** The name of the set that replaced this one. */
  supersededByName: z.string().nullable(),
  changeCount: z.number().int().nullable(),
});
export type LimitSetView = z.infer<typeof limitSetView>;

/** A row error of an import: the file row, the column (as the file names it) and why. */
export const limitRowError = z.object({
  row: z.number().int(),
  field: z.string(),
  reason: z.string(),
  /** For a name shared by several products or analytes: the names it could mean. */
  candidates: z.array(z.string()),
});
export type LimitRowError = z.infer<typeof limitRowError>;
export const limitImportErrorBody = errorBody.extend({ errors: z.array(limitRowError).optional() });

const limitValue = z.object({
  limit: z.number(),
  unit: z.string(),
  kind: z.string(),
  item: z.string(),
  excludes: z.array(z.string()),
});
export const limitDiffRow = limitValue.extend({
  line: z.number().int(),
  analyteName: z.string(),
  productName: z.string(),
  /** The row now in force for the district (null when added). */
  old: limitValue.extend({ verification: z.string() }).nullable(),
  /** What differs: limit, kind, excludes. */
  fields: z.array(z.string()),
});
export type LimitDiffRow = z.infer<typeof limitDiffRow>;
export const limitDiffView = z.object({
  editions: z.array(
    z.object({
      edition: z.string(),
      added: z.array(limitDiffRow),
      changed: z.array(limitDiffRow),
      unchanged: z.array(limitDiffRow),
    }),
  ),
  counts: z.object({ added: z.number().int(), changed: z.number().int(), unchanged: z.number().int() }),
});
export type LimitDiffView = z.infer<typeof limitDiffView>;

export const verdictChangeView = z.object({
  sampleId: z.string(),
  sampleNo: z.string(),
  sampledAt: z.string(),
  productName: z.string(),
  analyteName: z.string(),
  value: z.number().nullable(),
  unit: z.string(),
  oldVerdict: z.string(),
  newVerdict: z.string(),
  oldCitation: z.string().nullable(),
  newCitation: z.string().nullable(),
  oldProvisional: z.boolean(),
  newProvisional: z.boolean(),
});
export type VerdictChangeView = z.infer<typeof verdictChangeView>;

export const activateView = z.object({ set: limitSetView, changes: z.array(verdictChangeView) });
