import { z } from 'zod';

/** 查限量: what a tester or supervisor asks, and what the platform answers (public reference data). */

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '应为日期，如 2026-03-01')
  .refine(
    (s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().slice(0, 10) === s,
    '不是有效日期',
  );

export const lookupQuery = z.strictObject({
  product: z.string().trim().min(1).max(60).optional(),
  analyte: z.string().trim().min(1).max(60).optional(),
  /** Sampling day; defaults to today (China time). */
  date: day.optional(),
});
export type LookupQuery = z.infer<typeof lookupQuery>;

export const pickerQuery = z.strictObject({
  q: z.string().trim().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const VERIFICATION_LABELS: Record<string, string> = {
  'standard-text': '标准原文',
  'official-db': '官方数据库',
  'regulator-notice': '监管部门通告',
  'third-party-db': '第三方标准库',
  checked: '已核对来源',
  'checked-2019': '已核对（2019版）',
  'prior-edition': '沿用前版',
  recall: '未经原文核对',
  unverified: '未核对',
};
export const BAN_KIND_LABELS: Record<string, string> = {
  use_ban: '禁限用（检出为监管线索）',
  not_detectable: '不得检出',
};
export const LIMIT_KIND_LABELS: Record<string, string> = {
  MRL: '最大残留限量',
  'temporary MRL': '临时限量',
  EMRL: '再残留限量',
  ML: '限量',
  MRPL: '最低要求执行限量',
};
export const ANALYTE_KIND_LABELS: Record<string, string> = {
  pesticide: '农药',
  vet_drug: '兽药',
  contaminant: '污染物',
};
/** analytes.csv `group` in Chinese. */
export const GROUP_LABELS: Record<string, string> = {
  organophosphate: '有机磷类',
  carbamate: '氨基甲酸酯类',
  pyrethroid: '拟除虫菊酯类',
  neonicotinoid: '新烟碱类',
  organochlorine: '有机氯类',
  phenylpyrazole: '苯基吡唑类',
  dicarboximide: '二甲酰亚胺类',
  benzimidazole: '苯并咪唑类',
  avermectin: '阿维菌素类',
  acaricide: '杀螨剂',
  triazine: '三嗪类',
  triazole: '三唑类',
  'phenoxy herbicide': '苯氧羧酸类除草剂',
  fluoroquinolone: '氟喹诺酮类',
  amphenicol: '酰胺醇类',
  'triphenylmethane dye': '三苯甲烷类染料',
  'nitrofuran metabolite': '硝基呋喃类代谢物',
  'β-agonist': 'β-受体激动剂',
  sulfonamide: '磺胺类',
  tetracycline: '四环素类',
  nitroimidazole: '硝基咪唑类',
  benzodiazepine: '苯二氮䓬类',
  'heavy metal': '重金属',
  unclassified: '未分类',
};

export const productOption = z.object({
  code: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  /** Category names from the top down (蔬菜 › 叶菜类蔬菜). */
  path: z.array(z.string()),
  isCategory: z.boolean(),
});
export const analyteOption = z.object({
  code: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  kind: z.string(),
  groupName: z.string(),
});
export const productOptions = z.object({
  items: z.array(productOption),
  /** When q is an ambiguous regional name: the question to ask (candidates are in items). */
  ambiguous: z.string().nullable(),
});
export const analyteOptions = z.object({ items: z.array(analyteOption) });

const editionRef = z.object({
  code: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
});

export const limitEntry = z.object({
  productCode: z.string(),
  productName: z.string(),
  analyteCode: z.string(),
  analyteName: z.string(),
  groupName: z.string(),
  limit: z.number(),
  unit: z.string(),
  kind: z.string(),
  /** The product or category whose row applies, and how many levels up it is. */
  viaCode: z.string(),
  viaName: z.string(),
  level: z.number().int(),
  excludes: z.array(z.string()),
  standard: z.string(),
  item: z.string(),
  verification: z.string(),
  source: z.string(),
  notes: z.string(),
  edition: editionRef,
  /** Whether the row's edition is the one in force on the day. */
  inForce: z.boolean(),
  /** The edition in force is not loaded for this pair: another edition stood in. */
  provisional: z.boolean(),
  /** Editions in force on the day (named when provisional). */
  inForceEditions: z.array(z.string()),
});
export type LimitEntry = z.infer<typeof limitEntry>;

export const banEntry = z.object({
  analyteCode: z.string(),
  analyteName: z.string(),
  scopeCode: z.string(),
  scopeName: z.string(),
  kind: z.string(),
  basis: z.string(),
  item: z.string(),
  effectiveFrom: z.string().nullable(),
  effectiveTo: z.string().nullable(),
  verification: z.string(),
  source: z.string(),
  inEffect: z.boolean(),
});
export type BanEntry = z.infer<typeof banEntry>;

export const intervalEntry = z.object({
  inputCode: z.string(),
  inputName: z.string(),
  /** 安全间隔期 or 休药期; 禁止使用 for a use prohibition. */
  term: z.string(),
  days: z.number().int().nullable(),
  productCode: z.string(),
  productName: z.string(),
  viaName: z.string(),
  level: z.number().int(),
  basis: z.string(),
  item: z.string(),
  verification: z.string(),
  notes: z.string(),
});
export type IntervalEntry = z.infer<typeof intervalEntry>;

export const historyEntry = z.object({
  edition: editionRef,
  series: z.string(),
  /** complete: absence means no limit; partial/none: absence means not loaded. */
  coverage: z.string(),
  inForce: z.boolean(),
  limit: limitEntry.nullable(),
});
export type HistoryEntry = z.infer<typeof historyEntry>;

export const lookupView = z.object({
  date: z.string(),
  version: z.string(),
  product: z.object({ code: z.string(), name: z.string(), path: z.array(z.string()) }).nullable(),
  analyte: z
    .object({
      code: z.string(),
      name: z.string(),
      kind: z.string(),
      groupName: z.string(),
      cas: z.string().nullable(),
      residueDefinition: z.string(),
    })
    .nullable(),
  limits: z.array(limitEntry),
  bans: z.array(banEntry),
  intervals: z.array(intervalEntry),
  /** Pair only: the pair under each loaded edition, oldest first. */
  history: z.array(historyEntry),
});
export type LookupView = z.infer<typeof lookupView>;
