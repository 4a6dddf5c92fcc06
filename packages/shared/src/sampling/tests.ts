import { z } from 'zod';
import { clientIdField } from '../common/client-id.ts';
import { recordedAt } from '../common/dates.ts';
import { pageQuery } from '../common/paging.ts';
import { TASK_KINDS } from './plans.ts';

/** Links in the chain where a sample is taken (plan 二(二): production sites and the "three before"). */
export const LINKS = [
  'pre_harvest_base',
  'slaughter',
  'wholesale_market',
  'retail_market',
  'storage_transport',
  'input_store',
] as const;
export type Link = (typeof LINKS)[number];
export const LINK_LABELS: Record<Link, string> = {
  pre_harvest_base: '生产基地（采收前）',
  slaughter: '屠宰（屠宰前）',
  wholesale_market: '批发市场',
  retail_market: '农贸/零售市场',
  storage_transport: '贮运环节（上市前）',
  input_store: '农资店',
};

export const RAPID_METHODS = ['enzyme_inhibition', 'colloidal_gold', 'other'] as const;
export const RAPID_METHOD_LABELS: Record<(typeof RAPID_METHODS)[number], string> = {
  enzyme_inhibition: '酶抑制法',
  colloidal_gold: '胶体金试纸',
  other: '其他快检方法',
};

// Refuses dates before 2000 (a 1970 test was once accepted) and in the future.
const when = recordedAt;
const code = (label: string) => z.string().trim().min(1, `${label}不能为空`).max(80);

export const rapidTestBody = z
  .strictObject({
    testNo: z.string().trim().min(3).max(40).optional(),
    holderCode: z.string().regex(/^\d{6}(\d{3})?$/, '应为镇街代码或区县代码（区检测中心）'),
    townCode: z.string().regex(/^\d{9}$/, '应为9位镇街代码'),
    entityId: z.uuid().nullable().optional(),
    sampledParty: z.string().trim().max(100).nullable().optional(),
    product: code('产品'),
    link: z.enum(LINKS),
    method: z.enum(RAPID_METHODS),
    target: z.string().trim().min(1).max(60).default('有机磷和氨基甲酸酯类'),
    inhibitionRate: z.number().min(0).max(100).nullable().optional(),
    result: z.enum(['positive', 'negative']).nullable().optional(),
    testedAt: when,
    tester: z.string().trim().min(1).max(40),
    instrument: z.string().trim().max(60).nullable().optional(),
    /** Set by the web app's outbox: a repeat with the same id returns the first test. */
    clientId: clientIdField.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.method === 'enzyme_inhibition' && v.inhibitionRate == null) {
      ctx.addIssue({ code: 'custom', path: ['inhibitionRate'], message: '酶抑制法须填写抑制率' });
    }
    if (v.method !== 'enzyme_inhibition' && !v.result)
      ctx.addIssue({ code: 'custom', path: ['result'], message: '须填写阳性或阴性' });
    if (!v.entityId && !v.sampledParty)
      ctx.addIssue({ code: 'custom', path: ['sampledParty'], message: '须选择主体或填写被检对象' });
  });
export type RapidTestInput = z.infer<typeof rapidTestBody>;

export const rapidBulkBody = z.strictObject({
  mode: z.enum(['lenient', 'strict']).default('strict'),
  rows: z.array(z.unknown()).min(1).max(5000),
});

export const rapidTestView = z.object({
  id: z.string(),
  testNo: z.string(),
  holderCode: z.string(),
  holderName: z.string().nullable(),
  townCode: z.string(),
  townName: z.string().nullable(),
  entityId: z.string().nullable(),
  entityName: z.string().nullable(),
  sampledParty: z.string().nullable(),
  productCode: z.string(),
  productName: z.string().nullable(),
  link: z.enum(LINKS),
  method: z.enum(RAPID_METHODS),
  target: z.string(),
  inhibitionRate: z.number().nullable(),
  result: z.enum(['positive', 'negative']),
  testedAt: z.string(),
  tester: z.string(),
  instrument: z.string().nullable(),
  followUp: z.string().nullable(),
});

/** One test as its page shows it: the view, and how it was recorded (who, when, alone or in a batch). */
export const rapidTestDetail = rapidTestView.extend({
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
  /**
   * How it was recorded: alone (the form, an offline sync), in a file import or a bulk call (from
   * that batch's audit row), or unknown when no audit row says.
   */
  entry: z.object({ via: z.enum(['single', 'file', 'bulk', 'unknown']), fileName: z.string().nullable() }),
});

export const sampleBody = z.strictObject({
  sampleNo: z.string().trim().min(3).max(40).optional(),
  taskKind: z.enum(TASK_KINDS).exclude(['rapid_test']),
  taskId: z.uuid().nullable().optional(),
  townCode: z.string().regex(/^\d{9}$/, '应为9位镇街代码'),
  villageCode: z
    .string()
    .regex(/^\d{12}$/)
    .nullable()
    .optional(),
  entityId: z.uuid().nullable().optional(),
  sampledParty: z.string().trim().max(100).nullable().optional(),
  product: code('产品'),
  link: z.enum(LINKS),
  sampler: z.string().trim().min(1).max(60),
  sampledAt: when,
  quantity: z.number().positive('应大于0').max(1000),
  quantityUnit: z.enum(['kg', 'g', '只', '枚', '尾', '份']),
  sealNo: z.string().trim().max(40).nullable().optional(),
  lotRef: z.string().trim().max(60).nullable().optional(),
});

export const labResultInput = z.strictObject({
  analyte: code('检测项目'),
  /** null or "ND" = not detected */
  value: z.union([z.number(), z.literal('ND'), z.null()]),
  unit: z.string().trim().min(1).max(12),
  lod: z.number().positive().nullable().optional(),
  /** Limit of quantification (same unit as the value). */
  loq: z.number().positive().nullable().optional(),
  methodStandard: z.string().trim().min(2).max(80),
});
export const labResultsBody = z.strictObject({
  testedAt: when,
  results: z.array(labResultInput).min(1).max(200),
});

export const resultQuery = z.strictObject({
  ...pageQuery,
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  townCode: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
  result: z.enum(['positive', 'negative', 'pass', 'fail', 'no_limit']).optional(),
  product: z.string().max(80).optional(),
});

/** Samples: the result filter, and `lead=true` for those with a 禁限用药物检出. */
export const sampleQuery = resultQuery.extend({
  /** A lab state: the list is then oldest first, so overdue samples lead. */
  status: z
    .enum(['registered', 'received', 'rejected', 'entered', 'verified', 'reported', 'invalidated'])
    .optional(),
  lead: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

/** The lab's queue: per waiting state, how many, how many overdue, and since when the oldest waits. */
export const sampleQueueView = z.object({
  states: z.array(
    z.object({
      status: z.enum(['registered', 'received', 'entered', 'verified']),
      waiting: z.number().int(),
      overdue: z.number().int(),
      overdueDays: z.number().nullable(),
      oldestSince: z.string().nullable(),
    }),
  ),
});

export const sampleView = z.object({
  id: z.string(),
  sampleNo: z.string(),
  taskKind: z.string(),
  townCode: z.string(),
  townName: z.string().nullable(),
  entityId: z.string().nullable(),
  entityName: z.string().nullable(),
  sampledParty: z.string().nullable(),
  productCode: z.string(),
  productName: z.string().nullable(),
  link: z.string(),
  sampler: z.string(),
  sampledAt: z.string(),
  quantity: z.number(),
  quantityUnit: z.string(),
  sealNo: z.string().nullable(),
  lotRef: z.string().nullable(),
  status: z.string(),
  verdict: z.string().nullable(),
  /** 禁限用药物检出 among the results (a supervision lead, apart from the verdict). */
  hasLead: z.boolean(),
  /** Judged (partly) under a stand-in edition: the edition in force lacks a limit it used. */
  provisional: z.boolean(),
  /** The leads, by analyte name, each with its announcement. */
  leads: z.array(z.object({ analyteName: z.string(), basis: z.string(), item: z.string().nullable() })),
  hasPhoto: z.boolean(),
  /** When it entered its current lab state, and whether it has waited too long there. */
  stateAt: z.string(),
  overdue: z.boolean(),
  /** Sent back by a verifier at least once. */
  returned: z.boolean(),
  enteredVerdict: z.string().nullable(),
  retestOf: z.string().nullable(),
  retestKind: z.string().nullable(),
  retestRequestedAt: z.string().nullable(),
});
export type SampleView = z.infer<typeof sampleView>;

export const labResultView = z.object({
  analyteCode: z.string(),
  analyteName: z.string(),
  value: z.number().nullable(),
  unit: z.string(),
  lod: z.number().nullable(),
  loq: z.number().nullable(),
  /** As shown: '< LOD (x mg/kg)' below the LOD, never a number; marked between LOD and LOQ. */
  display: z.string(),
  belowLoq: z.boolean(),
  methodStandard: z.string(),
  verdict: z.string(),
  limitMgKg: z.number().nullable(),
  limitCitation: z.string().nullable(),
  /** 'limit' (限量) or 'not_detectable' (不得检出) for a fail; null otherwise. */
  basis: z.enum(['limit', 'not_detectable']).nullable(),
  editionUsed: z.string().nullable(),
  editionInForce: z.string().nullable(),
  provisional: z.boolean(),
  /** 禁限用药物检出 beside the verdict, with its announcement; null when none. */
  lead: z.object({ basis: z.string(), item: z.string().nullable(), message: z.string() }).nullable(),
  testedAt: z.string(),
});
export const labStepView = z.object({
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  userName: z.string().nullable(),
  reason: z.string().nullable(),
  detail: z.unknown(),
  at: z.string(),
});
export const sampleDetailView = sampleView.extend({
  results: z.array(labResultView),
  timeline: z.array(labStepView),
  /** The retests / corrections that replace it. */
  replacedBy: z.array(z.object({ id: z.string(), sampleNo: z.string(), status: z.string() })),
});

export const receiveBody = z.strictObject({
  sealIntact: z.boolean(),
  condition: z.string().trim().min(1, '请填写到样状态').max(200),
  receivedAt: when.nullable().optional(),
});
export const rejectBody = z.strictObject({
  reason: z.enum(['seal_broken', 'spoiled', 'insufficient', 'other']),
  note: z.string().trim().max(200).nullable().optional(),
});
export const returnBody = z.strictObject({ reason: z.string().trim().min(1, '请填写退回原因').max(200) });
export const invalidateBody = z.strictObject({
  reason: z.string().trim().min(1, '请填写作废原因').max(200),
  kind: z.enum(['retest', 'correction']),
  /** A 复检 requested by the producer: the request date. */
  requestedAt: when.nullable().optional(),
});
export const labSettingsBody = z.strictObject({
  verifierRoles: z
    .array(z.enum(['district_admin', 'district_staff', 'testing_centre']))
    .min(1)
    .max(3),
  selfVerify: z.boolean(),
  overdueDays: z.partialRecord(
    z.enum(['registered', 'received', 'entered', 'verified']),
    z.number().int().min(0).max(365),
  ),
  retestWindowDays: z.number().int().min(1).max(90),
});

const progressFields = {
  done: z.number().int(),
  quota: z.number().int(),
  rate: z.number().nullable(),
  expectedByNow: z.number().int(),
  behind: z.boolean(),
};
export const progressView = z.object({
  planId: z.string(),
  year: z.number().int(),
  elapsed: z.number(),
  rows: z.array(
    z.object({
      taskKind: z.enum(TASK_KINDS),
      holderCode: z.string(),
      holderName: z.string(),
      ...progressFields,
    }),
  ),
  byKind: z.array(z.object({ taskKind: z.enum(TASK_KINDS), ...progressFields })),
  labTotal: z.object(progressFields),
});

export const STAT_DIMENSIONS = ['product', 'analyte', 'town', 'link', 'month', 'holder', 'taskKind'] as const;
export const statsQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100),
  kind: z.enum(['rapid', 'lab', 'all']).default('all'),
  dimension: z.enum(STAT_DIMENSIONS).default('month'),
  townCode: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
});
export const statsView = z.object({
  year: z.number().int(),
  kind: z.string(),
  dimension: z.string(),
  total: z.number().int(),
  failed: z.number().int(),
  /** 禁限用药物检出: samples (results, by analyte) with a lead, counted apart from failures. */
  leads: z.number().int(),
  /** Judged under a stand-in edition (按非现行版本暂判). */
  provisional: z.number().int(),
  passRate: z.number().nullable(),
  rows: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      total: z.number().int(),
      failed: z.number().int(),
      leads: z.number().int(),
      provisional: z.number().int(),
      passRate: z.number().nullable(),
    }),
  ),
});

export const holdView = z.object({
  id: z.string(),
  entityId: z.string().nullable(),
  townCode: z.string(),
  productCode: z.string(),
  productName: z.string().nullable(),
  lotRef: z.string().nullable(),
  sourceType: z.string(),
  sourceId: z.string(),
  reason: z.string(),
  status: z.string(),
  createdAt: z.string(),
  entityName: z.string().nullable(),
  townName: z.string().nullable(),
  /** The hold's deadline (created + the district's hold days, China date); 逾期 when held past it. */
  dueOn: z.string(),
  overdue: z.boolean(),
  dispositionNote: z.string().nullable(),
  disposedByName: z.string().nullable(),
  disposedAt: z.string().nullable(),
  /** The open case that keeps the lot held, if any. */
  openCase: z.object({ id: z.string(), caseNo: z.string() }).nullable(),
  /** The follow-up sampling task of its source (sampling_tasks.source_ref), if any. */
  followUp: z.object({ title: z.string(), status: z.string(), dueDate: z.string().nullable() }).nullable(),
  evidence: z.array(
    z.object({
      id: z.string(),
      fileName: z.string(),
      contentType: z.string(),
      size: z.number().int(),
      sha256: z.string(),
      uploadedByName: z.string().nullable(),
      uploadedAt: z.string(),
    }),
  ),
});
export const holdQuery = z.strictObject({
  status: z.enum(['held', 'released', 'destroyed', 'returned', 'recalled', 'all']).default('all'),
  overdue: z.enum(['true', 'false']).optional(),
});
export const taskView = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  townCode: z.string().nullable(),
  entityId: z.string().nullable(),
  productCode: z.string().nullable(),
  origin: z.string(),
  sourceRef: z.string().nullable(),
  status: z.string(),
  dueDate: z.string().nullable(),
  /** Not done and its due date has passed (China date). */
  overdue: z.boolean(),
  draw: z.unknown().nullable(),
  createdAt: z.string(),
});

export const drawBody = z.strictObject({
  taskKind: z.enum(TASK_KINDS).exclude(['rapid_test']),
  count: z.number().int().min(1).max(500),
  townCode: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
  industry: z.string().max(30).optional(),
  seed: z
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1)
    .optional(),
  weights: z
    .strictObject({
      preHarvest: z.number().min(1).max(10),
      smallholder: z.number().min(1).max(10),
      pastFailure: z.number().min(1).max(10),
      campaignVariety: z.number().min(1).max(10),
    })
    .optional(),
  campaignProducts: z.array(z.string().max(30)).max(50).default([]),
});
export const labSettingsView = z.object({
  verifierRoles: z.array(z.string()),
  selfVerify: z.boolean(),
  overdueDays: z.record(z.string(), z.number()),
  retestWindowDays: z.number().int(),
});
