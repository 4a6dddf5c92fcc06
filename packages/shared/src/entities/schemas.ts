import { z } from 'zod';
import { pageOf, pageQuery } from '../common/paging.ts';
import { checkCreditCode, checkIdCard } from './check-digits.ts';
import { PROTECTED_FIELDS } from './visibility.ts';

export const ENTITY_TYPES = [
  'enterprise',
  'cooperative',
  'family_farm',
  'large_grower',
  'smallholder',
  'input_store',
  'slaughterhouse',
  'market',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];
export const ENTITY_TYPE_LABELS: Record<EntityType, string> = {
  enterprise: '企业',
  cooperative: '农民专业合作社',
  family_farm: '家庭农场',
  large_grower: '种养大户',
  smallholder: '散户',
  input_store: '农资店',
  slaughterhouse: '屠宰场',
  market: '农产品市场',
};

export const INDUSTRIES = [
  'vegetables',
  'fruit',
  'grain_oil',
  'tea',
  'livestock',
  'poultry',
  'aquatic',
  'fungi',
  'herbs',
  'inputs',
  'other',
] as const;
export type Industry = (typeof INDUSTRIES)[number];
export const INDUSTRY_LABELS: Record<Industry, string> = {
  vegetables: '蔬菜',
  fruit: '水果',
  grain_oil: '粮油',
  tea: '茶叶',
  livestock: '畜牧',
  poultry: '家禽',
  aquatic: '水产',
  fungi: '食用菌',
  herbs: '中药材',
  inputs: '农资经营',
  other: '其他',
};

export const RISK_GRADES = ['low', 'medium', 'high'] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];
export const RISK_GRADE_LABELS: Record<RiskGrade, string> = {
  low: '低风险',
  medium: '中风险',
  high: '高风险',
};

const creditCode = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((v, ctx) => {
    const r = checkCreditCode(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: `统一社会信用代码${r.reason}` });
  });
const idCard = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((v, ctx) => {
    const r = checkIdCard(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: `身份证号${r.reason}` });
  });
const phone = z
  .string()
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, '应为11位手机号或带区号的固定电话');

/** Fields shared by create and update; update makes every field optional. */
const entityFields = {
  name: z.string().trim().min(2, '名称至少2个字').max(100, '名称最多100个字'),
  type: z.enum(ENTITY_TYPES),
  creditCode: creditCode.nullable().optional(),
  idCard: idCard.nullable().optional(),
  legalRep: z.string().trim().min(1, '不能为空').max(40),
  phone,
  address: z.string().trim().min(2).max(200),
  townCode: z.string().regex(/^\d{9}$/, '应为9位镇街代码'),
  villageCode: z
    .string()
    .regex(/^\d{12}$/, '应为12位村代码')
    .nullable()
    .optional(),
  gridCode: z
    .string()
    .regex(/^\d{14,15}$/, '应为村代码加2-3位序号')
    .nullable()
    .optional(),
  industries: z.array(z.enum(INDUSTRIES)).min(1, '至少选择一个行业').max(INDUSTRIES.length),
  mainProducts: z.array(z.string().trim().min(1).max(30)).max(20).default([]),
  scale: z.string().trim().max(60).nullable().optional(),
  certificateTrial: z.boolean().default(false),
  traceManaged: z.boolean().default(false),
  lat: z.number().min(3).max(54).nullable().optional(),
  lng: z.number().min(73).max(136).nullable().optional(),
  remarks: z.string().trim().max(500).nullable().optional(),
};

type IdentityInput = { type?: EntityType; creditCode?: string | null; idCard?: string | null };
/** A smallholder may go without a credit code, then needs an ID card; everyone else needs the credit code. */
export function identityIssue(v: IdentityInput): { field: string; reason: string } | null {
  if (v.type === 'smallholder') {
    return v.creditCode || v.idCard
      ? null
      : { field: 'idCard', reason: '散户无统一社会信用代码时须填写身份证号' };
  }
  return v.creditCode ? null : { field: 'creditCode', reason: '非散户须填写统一社会信用代码' };
}

export const entityCreateBody = z.strictObject(entityFields).superRefine((v, ctx) => {
  const issue = identityIssue(v);
  if (issue) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.reason });
  if ((v.lat == null) !== (v.lng == null))
    ctx.addIssue({ code: 'custom', path: ['lng'], message: '经纬度须同时填写' });
});
export type EntityCreate = z.infer<typeof entityCreateBody>;

export const entityUpdateBody = z.strictObject({
  // Defaults are for a new record only: a field left out of a change keeps its value (without the
  // unwrap, a change of phone number reset the main products and the 合格证试行/追溯 flags).
  ...Object.fromEntries(
    Object.entries(entityFields).map(([k, v]) => [
      k,
      (v instanceof z.ZodDefault ? v.unwrap() : v).optional(),
    ]),
  ),
  version: z.number().int().min(1),
}) as unknown as z.ZodType<Partial<EntityCreate> & { version: number }>;
export type EntityUpdate = Partial<EntityCreate> & { version: number };

export const entityDeactivateBody = z.strictObject({
  reason: z.string().trim().min(2, '请说明停用原因').max(200),
  version: z.number().int().min(1),
});

const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const entityQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().max(60).optional(),
  townCode: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
  villageCode: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  gridCode: z
    .string()
    .regex(/^\d{14,15}$/)
    .optional(),
  type: z.enum(ENTITY_TYPES).optional(),
  industry: z.enum(INDUSTRIES).optional(),
  certificateTrial: boolQuery.optional(),
  traceManaged: boolQuery.optional(),
  riskGrade: z.enum(RISK_GRADES).optional(),
  active: z.enum(['true', 'false', 'all']).default('true'),
  sort: z.enum(['name', 'updatedAt', 'createdAt']).default('updatedAt'),
});
export type EntityQuery = z.infer<typeof entityQuery>;

export const entityView = z.object({
  id: z.string(),
  districtCode: z.string(),
  townCode: z.string(),
  townName: z.string().nullable(),
  villageCode: z.string().nullable(),
  villageName: z.string().nullable(),
  gridCode: z.string().nullable(),
  gridName: z.string().nullable(),
  name: z.string(),
  type: z.enum(ENTITY_TYPES),
  creditCode: z.string().nullable(),
  // Need to know (visibility.ts): a role that does not read a field in full gets it masked
  // (legalRep 张*, phone 138****8000) or not at all (absent), and `restricted` names it.
  idCardMasked: z.string().nullable().optional(),
  legalRep: z.string(),
  phone: z.string(),
  address: z.string().optional(),
  industries: z.array(z.enum(INDUSTRIES)),
  mainProducts: z.array(z.string()),
  scale: z.string().nullable(),
  certificateTrial: z.boolean(),
  traceManaged: z.boolean(),
  riskGrade: z.enum(RISK_GRADES),
  lat: z.number().nullable().optional(),
  lng: z.number().nullable().optional(),
  remarks: z.string().nullable().optional(),
  active: z.boolean(),
  deactivatedAt: z.string().nullable(),
  deactivateReason: z.string().nullable(),
  synthetic: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The personal fields this user's role reads masked or not at all. */
  restricted: z.array(z.enum(PROTECTED_FIELDS)),
});
export type EntityView = z.infer<typeof entityView>;

/**
 * A page of the directory. `total` is counted up to a cap (1,000, or one page past the page shown);
 * `totalCapped` says there are more than `total` (the list shows 「共 1000+ 个主体」).
 */
export const entityPage = pageOf(entityView).extend({ totalCapped: z.boolean() });
export type EntityPage = z.infer<typeof entityPage>;
