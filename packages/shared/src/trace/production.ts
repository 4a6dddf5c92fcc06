/**
 * Production records (生产记录): lots (生产批次), input uses (投入品使用), harvest or slaughter
 * (采收/屠宰), input purchases (投入品购买), and the check of a lot's inputs against bans and
 * safety intervals / withdrawal periods. Shared by the API (request and response schemas) and
 * the web forms.
 */
import { z } from 'zod';
import type { Role } from '../accounts/schemas.ts';
import { QUANTITY_UNITS, type QuantityUnit, UNIT_LABELS } from '../certificates/schemas.ts';
import { plausibleDate } from '../common/dates.ts';
import { pageQuery } from '../common/paging.ts';

/**
 * Who records production: a producer for its own entity; the district office and admins on any
 * entity of the district, town supervisors in their town. Village coordinators read their village.
 */
export const PRODUCTION_WRITERS: readonly Role[] = [
  'district_admin',
  'district_staff',
  'town_supervisor',
  'producer',
];
export const PRODUCTION_READERS: readonly Role[] = [...PRODUCTION_WRITERS, 'village_coordinator'];

export const INPUT_KINDS = ['pesticide', 'vet_drug'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];
export const INPUT_KIND_LABELS: Record<InputKind, string> = { pesticide: '农药', vet_drug: '兽药' };

/** growing → harvested (harvest for crops, slaughter or sale for animals). */
export const LOT_STATUSES = ['growing', 'harvested'] as const;
export type LotStatus = (typeof LOT_STATUSES)[number];
export const LOT_STATUS_LABELS: Record<LotStatus, string> = {
  growing: '生产中',
  harvested: '已采收/出栏',
};

/** Harvest units: the certificate's units, so a certificate can carry the lot's quantity over. */
/** Harvests are weighed or counted in the certificate's units, so a lot's quantity carries over. */
export const HARVEST_UNITS = QUANTITY_UNITS;
export type HarvestUnit = QuantityUnit;
export const HARVEST_UNIT_LABELS = UNIT_LABELS;

export const PURCHASE_UNITS = ['kg', 'g', 'L', 'mL', 'bottle', 'bag', 'box', 'piece'] as const;
export type PurchaseUnit = (typeof PURCHASE_UNITS)[number];
export const PURCHASE_UNIT_LABELS: Record<PurchaseUnit, string> = {
  kg: '千克',
  g: '克',
  L: '升',
  mL: '毫升',
  bottle: '瓶',
  bag: '袋',
  box: '盒（箱）',
  piece: '支（个）',
};

/** Codes of the interval check (server: trace/rules.ts). */
export const CHECK_CODES = [
  'invalid',
  'unknown_product',
  'banned',
  'within_interval',
  'use_after_harvest',
  'unknown_input',
  'no_interval',
  'kind_mismatch',
] as const;
export type CheckCode = (typeof CHECK_CODES)[number];
export const CHECK_CODE_LABELS: Record<CheckCode, string> = {
  invalid: '数据无效',
  unknown_product: '未知产品',
  banned: '使用禁用投入品',
  within_interval: '未过安全间隔期/休药期',
  use_after_harvest: '施用晚于采收',
  unknown_input: '未知投入品',
  no_interval: '无已知间隔期',
  kind_mismatch: '投入品类别不符',
};

export const VERIFICATION_LABELS: Record<string, string> = {
  checked: '已核对转载资料',
  recall: '未经存档原文核对',
};

const isoDate = z.iso.date('应为日期，如 2026-05-01');
/** A date a person records: plausible (common/dates.ts), checked against the clock at parse time. */
const recordDate = isoDate.superRefine((v, ctx) => {
  const reason = plausibleDate(v);
  if (reason) ctx.addIssue({ code: 'custom', message: reason });
});
const text = (max: number) => z.string().trim().min(1, '不能为空').max(max, `不能超过${max}个字`);
const optionalText = (max: number) => z.string().trim().max(max, `不能超过${max}个字`).optional();
const area = z.number().positive('面积应大于0').max(1e6, '面积过大');
const animals = z.number().int('应为整数').positive('数量应大于0').max(1e8, '数量过大');

// ---- lots ----

export const lotCreateBody = z
  .strictObject({
    entityId: z.uuid('应为主体编号（UUID）'),
    /** Product code, Chinese name or alias (sampling reference), e.g. 黄瓜, 猪肉. */
    product: text(40),
    /** Plot or shed name as the producer calls it. */
    plot: optionalText(60),
    /** 亩, for crops (and ponds). */
    area: area.optional(),
    /** Head count, for animals. */
    animals: animals.optional(),
    startedOn: recordDate,
    note: optionalText(500),
  })
  .superRefine((v, ctx) => {
    if (v.area === undefined && v.animals === undefined)
      ctx.addIssue({ code: 'custom', path: ['area'], message: '须填写种植面积（亩）或养殖数量' });
  });
export type LotCreate = z.infer<typeof lotCreateBody>;

export const lotQuery = z.strictObject({
  ...pageQuery,
  entityId: z.uuid('应为主体编号（UUID）').optional(),
  townCode: z
    .string()
    .regex(/^\d{9}$/, '应为9位镇街代码')
    .optional(),
  product: z.string().trim().max(40).optional(),
  status: z.enum(LOT_STATUSES).optional(),
  /** Lot number or plot, part of either. */
  q: z.string().trim().max(60).optional(),
});
export type LotQuery = z.infer<typeof lotQuery>;

/** One input use; `kind` defaults to the lot's (农药 for crops, 兽药 for animals). */
export const inputUseBody = z
  .strictObject({
    /** Name, code or alias as recorded (resolved against the reference inputs when known). */
    input: text(60),
    kind: z.enum(INPUT_KINDS).optional(),
    usedOn: recordDate,
    /** Dose as the producer states it, e.g. “40 mL/亩”, “0.1 g/kg 体重”. */
    dose: optionalText(60),
    /** 亩 treated: required for pesticides. */
    area: area.optional(),
    /** Animals treated: required for veterinary drugs. */
    animals: animals.optional(),
    operator: text(40),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'pesticide' && v.area === undefined)
      ctx.addIssue({ code: 'custom', path: ['area'], message: '农药须填写施用面积（亩）' });
    if (v.kind === 'vet_drug' && v.animals === undefined)
      ctx.addIssue({ code: 'custom', path: ['animals'], message: '兽药须填写用药动物数' });
  });
export type InputUseInput = z.infer<typeof inputUseBody>;

export const inputUsesBody = z.strictObject({
  uses: z.array(inputUseBody).min(1, '至少一条使用记录').max(100, '一次最多100条'),
});

export const harvestBody = z.strictObject({
  /** Harvest (crops) or slaughter / sale (animals) date. */
  harvestDate: recordDate,
  quantity: z.number().positive('数量应大于0').max(1e9),
  unit: z.enum(HARVEST_UNITS),
  note: optionalText(500),
});

export const checkQuery = z.strictObject({
  lotId: z.uuid('应为生产批次编号（UUID）'),
  /** Planned harvest date for a lot not yet harvested (default today, China time). */
  date: isoDate.optional(),
});
export const lotDetailQuery = z.strictObject({ date: isoDate.optional() });

export const lotView = z.object({
  id: z.string(),
  lotNo: z.string(),
  entityId: z.string(),
  entityName: z.string().nullable(),
  townCode: z.string(),
  townName: z.string().nullable(),
  villageCode: z.string().nullable(),
  productCode: z.string(),
  productName: z.string().nullable(),
  /** The kind of input the product takes (农药 for plant products, 兽药 for animal products). */
  inputKind: z.enum(INPUT_KINDS).nullable(),
  plot: z.string().nullable(),
  area: z.number().nullable(),
  animals: z.number().nullable(),
  startedOn: z.string().nullable(),
  status: z.enum(LOT_STATUSES),
  harvestDate: z.string().nullable(),
  harvestQuantity: z.number().nullable(),
  harvestUnit: z.string().nullable(),
  note: z.string().nullable(),
  useCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type LotView = z.infer<typeof lotView>;

export const inputUseView = z.object({
  id: z.string(),
  lotId: z.string(),
  /** As recorded. */
  input: z.string(),
  inputCode: z.string().nullable(),
  /** Reference name when the input is known. */
  inputName: z.string().nullable(),
  kind: z.enum(INPUT_KINDS),
  usedOn: z.string(),
  dose: z.string().nullable(),
  area: z.number().nullable(),
  animals: z.number().nullable(),
  operator: z.string().nullable(),
  createdAt: z.string(),
});
export type InputUseView = z.infer<typeof inputUseView>;

export const checkProblemView = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.enum(CHECK_CODES),
  /** Path into the detail's `uses` (same order): uses[2].date, or product / harvestDate. */
  field: z.string(),
  reason: z.string(),
  input: z.string(),
  inputCode: z.string().optional(),
  inputName: z.string().optional(),
  /** Ids of the use records concerned. */
  useIds: z.array(z.string()),
  lastUse: z.string().optional(),
  days: z.number().int().optional(),
  daysSinceUse: z.number().int().optional(),
  /** First date harvest / slaughter is allowed. */
  earliestDate: z.string().optional(),
  basis: z.string().optional(),
  item: z.string().optional(),
  verification: z.string().nullable().optional(),
});
export type CheckProblem = z.infer<typeof checkProblemView>;

export const checkedInputView = z.object({
  input: z.string(),
  inputCode: z.string(),
  inputName: z.string(),
  kind: z.enum(INPUT_KINDS),
  useIds: z.array(z.string()),
  lastUse: z.string(),
  daysSinceUse: z.number().int(),
  days: z.number().int(),
  earliestDate: z.string(),
  /** Product or category whose row supplied the days. */
  via: z.string(),
  basis: z.string(),
  item: z.string(),
  verification: z.string(),
});
export type CheckedInput = z.infer<typeof checkedInputView>;

export const lotCheckView = z.object({
  lotId: z.string(),
  /** The harvest date checked: the recorded one, else the asked date, else today (China time). */
  date: z.string(),
  dateSource: z.enum(['harvest', 'query', 'today']),
  ok: z.boolean(),
  /** Errors: a certificate is refused while any remains. */
  problems: z.array(checkProblemView),
  /** Cannot confirm (unknown input, no known interval): the issuer may refuse. */
  warnings: z.array(checkProblemView),
  /** Inputs whose interval has run, with the basis. */
  checked: z.array(checkedInputView),
  /** Latest of the per-input earliest dates (null when no interval is known); no date helps a banned input. */
  earliestDate: z.string().nullable(),
  banned: z.boolean(),
  /** Version of the reference data set (standards/inputs/VERSION). */
  dataVersion: z.string(),
});
export type LotCheckView = z.infer<typeof lotCheckView>;

export const lotDetailView = lotView.extend({
  /** Ordered by date of use, then entry; the check's field paths index into this array. */
  uses: z.array(inputUseView),
  check: lotCheckView,
});
export type LotDetailView = z.infer<typeof lotDetailView>;

/** After recording uses: the new ids, and each new record that is banned or unknown, by request field. */
export const usesRecordedView = lotDetailView.extend({
  added: z.array(z.string()),
  flags: z.array(
    z.object({
      field: z.string(),
      severity: z.enum(['error', 'warning']),
      code: z.enum(CHECK_CODES),
      reason: z.string(),
    }),
  ),
});
export type UsesRecordedView = z.infer<typeof usesRecordedView>;

// ---- purchases ----

export const purchaseBody = z
  .strictObject({
    /** The buyer. */
    entityId: z.uuid('应为主体编号（UUID）'),
    input: text(60),
    /** Required when the input is not in the reference data. */
    kind: z.enum(INPUT_KINDS).optional(),
    quantity: z.number().positive('数量应大于0').max(1e7),
    unit: z.enum(PURCHASE_UNITS),
    /** The input store, when it is in the directory (type 农资店). */
    storeId: z.uuid('应为主体编号（UUID）').optional(),
    storeName: optionalText(100),
    purchasedOn: recordDate,
  })
  .superRefine((v, ctx) => {
    if (!v.storeId && !v.storeName)
      ctx.addIssue({ code: 'custom', path: ['storeName'], message: '须选择农资店或填写购买地点' });
  });
export type PurchaseCreate = z.infer<typeof purchaseBody>;

export const purchaseQuery = z.strictObject({
  ...pageQuery,
  entityId: z.uuid('应为主体编号（UUID）').optional(),
  storeId: z.uuid('应为主体编号（UUID）').optional(),
  kind: z.enum(INPUT_KINDS).optional(),
  /** Input name, code or alias (part of), or the store name. */
  q: z.string().trim().max(60).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type PurchaseQuery = z.infer<typeof purchaseQuery>;

export const purchaseView = z.object({
  id: z.string(),
  entityId: z.string(),
  entityName: z.string().nullable(),
  input: z.string(),
  inputCode: z.string().nullable(),
  inputName: z.string().nullable(),
  kind: z.enum(INPUT_KINDS),
  quantity: z.number(),
  unit: z.string(),
  storeId: z.string().nullable(),
  storeName: z.string().nullable(),
  purchasedOn: z.string(),
  /** Whether the input is banned on any product (see the inputs search for where). */
  banned: z.boolean(),
  createdAt: z.string(),
});
export type PurchaseView = z.infer<typeof purchaseView>;

// ---- reference inputs ----

export const inputSearchQuery = z.strictObject({
  q: z.string().trim().max(40).optional(),
  kind: z.enum(INPUT_KINDS).optional(),
  /** Product (code, name or alias): adds the ban and interval for that product. */
  product: z.string().trim().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
});

const citedFields = {
  basis: z.string(),
  item: z.string().nullable(),
  /** checked | recall (inputs/SOURCES.md); null for the sampling reference's bans. */
  verification: z.string().nullable(),
};

export const inputRefView = z.object({
  code: z.string(),
  name: z.string(),
  english: z.string(),
  kind: z.enum(INPUT_KINDS),
  aliases: z.array(z.string()),
  /** Banned on at least one product or category. */
  banned: z.boolean(),
  bans: z.array(z.object({ productCode: z.string(), productName: z.string(), ...citedFields })),
  intervals: z.array(
    z.object({
      productCode: z.string(),
      productName: z.string(),
      kind: z.enum(INPUT_KINDS),
      days: z.number().int(),
      citation: z.string(),
      ...citedFields,
    }),
  ),
  /** For the asked product: its ban, or its interval (via the nearest category), or neither (unknown). */
  forProduct: z
    .object({
      productCode: z.string(),
      productName: z.string(),
      banned: z.object({ scope: z.string(), ...citedFields }).nullable(),
      interval: z
        .object({ days: z.number().int(), via: z.string(), citation: z.string(), verification: z.string() })
        .nullable(),
    })
    .nullable(),
});
export type InputRefView = z.infer<typeof inputRefView>;

/** Input stores (农资店) of the district, for choosing where an input was bought. */
export const storeQuery = z.strictObject({
  q: z.string().trim().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const storeView = z.object({
  id: z.string(),
  name: z.string(),
  townCode: z.string(),
  townName: z.string().nullable(),
});
export type StoreView = z.infer<typeof storeView>;

/** Products a lot may be of (the sampling reference's plant and animal products, with categories). */
export const lotProductView = z.object({
  code: z.string(),
  name: z.string(),
  parent: z.string().nullable(),
  kind: z.enum(INPUT_KINDS),
  /** A category (has sub-products): allowed when the product itself is not listed. */
  category: z.boolean(),
});
export type LotProductView = z.infer<typeof lotProductView>;
