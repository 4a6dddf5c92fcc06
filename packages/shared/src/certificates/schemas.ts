import { z } from 'zod';
import { clientIdField, OFFLINE_MAX_DAYS } from '../common/client-id.ts';
import { plausibleDate, recordedAt } from '../common/dates.ts';
import { pageQuery } from '../common/paging.ts';
import { UNIT_CODES, UNIT_TABLE, type UnitCode, unitLabelOf } from '../common/units.ts';

/** The three statutory bases (农产品质量安全承诺达标合格证管理办法, MARA Order 2025 No. 4). */
export const BASES = ['quality_control', 'self_test', 'entrusted_test'] as const;
export type Basis = (typeof BASES)[number];
export const BASIS_LABELS: Record<Basis, string> = {
  quality_control: '质量安全控制符合要求',
  self_test: '自行检测合格',
  entrusted_test: '委托检测合格',
};
export const STYLES = ['producer', 'buyer'] as const;
export type CertificateStyle = (typeof STYLES)[number];
export const STYLE_LABELS: Record<CertificateStyle, string> = { producer: '生产者开具', buyer: '收购者开具' };
export const CERT_STATUSES = ['valid', 'revoked'] as const;
export const STATUS_LABELS: Record<(typeof CERT_STATUSES)[number], string> = {
  valid: '有效',
  revoked: '已撤销',
};

/** The promises printed on every certificate, by style (the 2025 template's wording). */
export const COMMITMENTS: Record<CertificateStyle, string[]> = {
  producer: ['不使用禁用农药兽药、停用兽药和非法添加物', '常规农药兽药残留不超标', '对承诺的真实性负责'],
  buyer: [
    '已收取、查验并留存供货者的承诺达标合格证',
    '不使用非法添加的保鲜剂、防腐剂、添加剂',
    '对承诺的真实性负责',
  ],
};

export const TEST_KINDS = ['rapid', 'sample', 'report'] as const;
export const TEST_KIND_LABELS: Record<(typeof TEST_KINDS)[number], string> = {
  rapid: '平台快检记录',
  sample: '平台定量检测（抽样单）',
  report: '委托检测报告',
};

/** Units of a lot's quantity, and the words the certificate template prints for them (common/units.ts). */
export const QUANTITY_UNITS = UNIT_CODES as [UnitCode, ...UnitCode[]];
export type QuantityUnit = UnitCode;
export const UNIT_LABELS = Object.fromEntries(UNIT_CODES.map((u) => [u, UNIT_TABLE[u].label])) as Record<
  QuantityUnit,
  string
>;
export const unitLabel = unitLabelOf;
const unit = z.enum(QUANTITY_UNITS);

const isoDate = z.iso.date('应为日期，如 2026-05-01');
/** A date a person records: plausible (common/dates.ts), checked against the clock at parse time. */
const recordDate = isoDate.superRefine((v, ctx) => {
  const reason = plausibleDate(v);
  if (reason) ctx.addIssue({ code: 'custom', message: reason });
});
const text = (max: number) => z.string().trim().min(1, '不能为空').max(max, `不能超过${max}个字`);

/** A test the basis rests on: a record on the platform (by id) or an outside lab's report. */
export const certificateTestBody = z
  .strictObject({
    kind: z.enum(TEST_KINDS),
    refId: z.uuid().optional(),
    /** report: the report number; ignored for platform records. */
    refNo: z.string().trim().max(60).optional(),
    /** report: items tested (analyte names or codes). Platform records supply their own. */
    items: z.array(z.string().trim().min(1).max(60)).max(100).optional(),
    lab: z.string().trim().max(100).optional(),
    testedOn: recordDate.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind !== 'report' && !v.refId)
      ctx.addIssue({ code: 'custom', path: ['refId'], message: '须选择平台上的检测记录' });
    if (v.kind === 'report') {
      if (!v.refNo) ctx.addIssue({ code: 'custom', path: ['refNo'], message: '须填写检测报告编号' });
      if (!v.items?.length) ctx.addIssue({ code: 'custom', path: ['items'], message: '须填写检测项目' });
      if (!v.testedOn) ctx.addIssue({ code: 'custom', path: ['testedOn'], message: '须填写检测日期' });
    }
  });

export const certificateIssueBody = z.strictObject({
  entityId: z.uuid(),
  /** The production lot, when the producer keeps records on the platform. */
  lotId: z.uuid().optional(),
  product: text(40),
  quantity: z.number().positive('数量应大于0').max(1e9),
  unit: unit,
  /** Village code of the origin; defaults to the entity's village. */
  originVillageCode: z
    .string()
    .regex(/^\d{12}$/, '应为12位村（社区）代码')
    .optional(),
  contact: z
    .string()
    .trim()
    .regex(/^[0-9+\-\s]{7,20}$/, '应为电话号码'),
  issueDate: recordDate,
  bases: z.array(z.enum(BASES)).min(1, '至少选择一项承诺依据').max(3),
  tests: z.array(certificateTestBody).max(20).default([]),
  /** Labels to print for the lot (batch issue). */
  labelCount: z.number().int().min(1).max(500).default(1),
  gtin: z
    .string()
    .regex(/^\d{8}$|^\d{12,14}$/, '应为8、12、13或14位GTIN')
    .optional(),
});
export type CertificateIssueBody = z.infer<typeof certificateIssueBody>;

/** A buyer's re-issue: mixing or splitting lots it received with their certificates. */
export const buyerIssueBody = z.strictObject({
  entityId: z.uuid(),
  product: text(40),
  quantity: z.number().positive('数量应大于0').max(1e9),
  unit: unit,
  contact: z
    .string()
    .trim()
    .regex(/^[0-9+\-\s]{7,20}$/, '应为电话号码'),
  issueDate: recordDate,
  /** Received certificates (ids of received records) this lot is made from. */
  receivedIds: z.array(z.uuid()).min(1, '须关联收取的合格证').max(200),
  labelCount: z.number().int().min(1).max(500).default(1),
});
export type BuyerIssueBody = z.infer<typeof buyerIssueBody>;

/** A buyer records a certificate received with a lot: by trace code when on the platform. */
export const receiveBody = z
  .strictObject({
    receiverId: z.uuid(),
    code: z.string().trim().max(300).optional(),
    certNo: z.string().trim().max(60).optional(),
    supplier: z.string().trim().max(100).optional(),
    product: z.string().trim().max(40).optional(),
    quantity: z.number().positive('数量应大于0').max(1e9),
    unit: unit,
    receivedOn: recordDate,
  })
  .superRefine((v, ctx) => {
    if (!v.code && !(v.certNo && v.supplier && v.product))
      ctx.addIssue({
        code: 'custom',
        path: ['code'],
        message: '须扫描追溯码，或填写纸质合格证编号、供货者和产品',
      });
  });

export const revokeBody = z.strictObject({ reason: text(200) });
export const printBody = z.strictObject({
  // 80×60 and 100×70 mm: the sizes used with the 2025 unified certificate style.
  layout: z.enum(['thermal_60x40', 'thermal_70x50', 'thermal_80x60', 'thermal_100x70', 'a4_sheet']),
  copies: z.number().int().min(1).max(500),
});

export const certificateQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().max(60).optional(),
  townCode: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
  entityId: z.uuid().optional(),
  style: z.enum(STYLES).optional(),
  status: z.enum(CERT_STATUSES).optional(),
  source: z.enum(['issued', 'legacy']).optional(),
  product: z.string().trim().max(40).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export const certificateTestView = z.object({
  kind: z.enum(TEST_KINDS),
  refId: z.string().nullable(),
  refNo: z.string(),
  items: z.array(z.string()),
  result: z.string(),
  testedOn: z.string().nullable(),
  lab: z.string().nullable(),
});

export const certificateView = z.object({
  id: z.string(),
  certNo: z.string(),
  traceCode: z.string(),
  /** The QR payload: the platform's short URL to the public scan page. */
  traceUrl: z.string(),
  /** GS1 Digital Link URI, when a GTIN is given. */
  digitalLink: z.string().nullable(),
  style: z.enum(STYLES),
  source: z.enum(['issued', 'legacy']),
  entityId: z.string(),
  entityName: z.string(),
  entityType: z.string(),
  townCode: z.string(),
  townName: z.string(),
  villageCode: z.string().nullable(),
  lotId: z.string().nullable(),
  /** The lot's number (批次号), shown instead of its id. */
  lotNo: z.string().nullable(),
  productCode: z.string(),
  productName: z.string(),
  quantity: z.number(),
  unit: z.string(),
  origin: z.string(),
  promiser: z.string(),
  contact: z.string(),
  issueDate: z.string(),
  bases: z.array(z.enum(BASES)),
  legacyBasis: z.string().nullable(),
  labelCount: z.number().int(),
  printCount: z.number().int(),
  onBehalf: z.boolean(),
  status: z.enum(CERT_STATUSES),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  retainUntil: z.string(),
  synthetic: z.boolean(),
  createdAt: z.string(),
});
export type CertificateView = z.infer<typeof certificateView>;

export const certificateDetailView = certificateView.extend({
  commitments: z.array(z.string()),
  tests: z.array(certificateTestView),
  /** buyer: the certificates received and used; producer: the buyers that used this one. */
  sources: z.array(
    z.object({
      id: z.string(),
      certNo: z.string(),
      supplier: z.string(),
      certificateId: z.string().nullable(),
    }),
  ),
  usedBy: z.array(z.object({ id: z.string(), certNo: z.string(), entityName: z.string() })),
  /** Public scans of its code: total, distinct coarse networks (`places`), last time, the copy warning. */
  scans: z.object({
    total: z.number().int(),
    places: z.number().int(),
    last: z.string().nullable(),
    copyWarning: z.boolean(),
    basis: z.string(),
  }),
});
export type CertificateDetailView = z.infer<typeof certificateDetailView>;

/** The issue checks without issuing (the form shows them as the user types). */
export const issueCheckView = z.object({
  problems: z.array(z.object({ field: z.string(), reason: z.string() })),
  warnings: z.array(z.object({ field: z.string(), reason: z.string() })),
});

export const TRACE_EVENT_TYPES = ['commission', 'ship', 'receive', 'inspect', 'transform'] as const;
export const TRACE_EVENT_LABELS: Record<(typeof TRACE_EVENT_TYPES)[number], string> = {
  commission: '开具合格证（批次赋码）',
  ship: '发出',
  receive: '收货/入市',
  inspect: '检测/查验',
  transform: '收购者混批/分批',
};
export const traceEventView = z.object({
  id: z.string(),
  type: z.enum(TRACE_EVENT_TYPES),
  at: z.string(),
  placeName: z.string(),
  townCode: z.string(),
  fromEntityId: z.string().nullable(),
  toEntityId: z.string().nullable(),
  quantity: z.number().nullable(),
  unit: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export const shipBody = z.strictObject({
  toEntityId: z.uuid().optional(),
  toName: z.string().trim().max(100).optional(),
  at: z.iso.datetime({ offset: true, message: '应为带时区的时间' }),
  quantity: z.number().positive('数量应大于0').max(1e9).optional(),
});

export const legacyImportView = z.object({
  total: z.number().int(),
  created: z.number().int(),
  committed: z.boolean(),
  errors: z.array(z.object({ row: z.number().int(), field: z.string(), reason: z.string() })),
});

export const batchIssueBody = z.strictObject({
  certificates: z.array(certificateIssueBody).min(1).max(200),
});

export const issueResultView = z.object({ items: z.array(certificateDetailView) });

export const receivedView = z.object({
  id: z.string(),
  receiverId: z.string(),
  receiverName: z.string(),
  sourceCertificateId: z.string().nullable(),
  certNo: z.string(),
  supplier: z.string(),
  productCode: z.string(),
  productName: z.string(),
  quantity: z.number(),
  unit: z.string(),
  receivedOn: z.string(),
  usedInCertificateId: z.string().nullable(),
  retainUntil: z.string(),
  /** valid | revoked | paper (not on the platform) */
  sourceStatus: z.string(),
});

export const receivedQuery = z.strictObject({
  ...pageQuery,
  receiverId: z.uuid().optional(),
  unused: z.coerce.boolean().optional(),
});

/** Supervision: issued per town or per entity, over a date range. */
export const supervisionQuery = z.strictObject({
  from: isoDate,
  to: isoDate,
  by: z.enum(['town', 'entity']).default('town'),
  townCode: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
});
export const supervisionView = z.object({
  rows: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      issued: z.number().int(),
      revoked: z.number().int(),
      quantity: z.number(),
      /** entities that must issue (enterprises, cooperatives, district-listed) */
      mustIssue: z.number().int(),
      /** of those, how many issued at least once in the range */
      issuing: z.number().int(),
      /** issuing / mustIssue as a percentage (0–100, two decimals); null when none must issue */
      useRate: z.number().nullable(),
    }),
  ),
  total: z.object({
    issued: z.number().int(),
    revoked: z.number().int(),
    mustIssue: z.number().int(),
    issuing: z.number().int(),
    useRate: z.number().nullable(),
  }),
});

export const mismatchView = z.object({
  certificateId: z.string(),
  certNo: z.string(),
  entityId: z.string(),
  entityName: z.string(),
  townName: z.string(),
  productName: z.string(),
  issueDate: z.string(),
  bases: z.array(z.enum(BASES)),
  sampleId: z.string(),
  sampleNo: z.string(),
  sampledOn: z.string(),
  daysApart: z.number().int(),
  failedAnalytes: z.array(z.string()),
});
export const mismatchQuery = z.strictObject({
  from: isoDate,
  to: isoDate,
  windowDays: z.coerce.number().int().min(1).max(90).default(15),
  townCode: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
});

/** Market entry check (入市查验). */
export const marketCheckBody = z
  .strictObject({
    marketId: z.uuid().optional(),
    /** The trace code or scan URL; absent when the lot came without a certificate. */
    code: z.string().trim().max(300).optional(),
    product: z.string().trim().max(40).optional(),
    quantity: z.number().positive('数量应大于0').max(1e9).optional(),
    unit: unit.optional(),
    supplier: z.string().trim().max(100).optional(),
    note: z.string().trim().max(200).optional(),
    /** Set by the web app's outbox: a repeat with the same id returns the first check. */
    clientId: clientIdField.optional(),
    /** When the check was made, for one recorded offline and synced later; default now. */
    checkedAt: recordedAt
      .refine(
        (v) => Date.parse(v) >= Date.now() - OFFLINE_MAX_DAYS * 86_400_000,
        `离线记录须在 ${OFFLINE_MAX_DAYS} 天内同步`,
      )
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.code && !v.product)
      ctx.addIssue({ code: 'custom', path: ['product'], message: '无合格证时须填写产品' });
  });
export const MARKET_RESULTS = ['valid', 'revoked', 'invalid', 'unknown', 'none'] as const;
export const MARKET_RESULT_LABELS: Record<(typeof MARKET_RESULTS)[number], string> = {
  valid: '合格证有效',
  revoked: '合格证已撤销',
  invalid: '追溯码无效（伪造或篡改）',
  unknown: '追溯码未登记',
  none: '无合格证',
};

/** What the public scan page shows. */
export const SUPERVISION_COLOURS = ['green', 'yellow', 'red'] as const;
export type SupervisionColour = (typeof SUPERVISION_COLOURS)[number];
export const COLOUR_LABELS: Record<SupervisionColour, string> = {
  green: '绿码：近期抽检、检查无问题',
  yellow: '黄码：近期有快检阳性、禁限用药物检出或待整改问题',
  red: '红码：近期有抽检不合格或立案查处',
};
export const VALIDITY = ['genuine', 'revoked', 'unknown'] as const;
export const VALIDITY_LABELS: Record<(typeof VALIDITY)[number], string> = {
  genuine: '真实有效',
  revoked: '已撤销',
  unknown: '无法识别（可能为伪造）',
};

/**
 * The public scan of a trace code (GET /api/public/trace/:code; the page /t/:code shows the same).
 * Only what the label prints or the public may know: never the entity's ID card, address or phone.
 */
export const publicTraceView = z.object({
  validity: z.enum(['genuine', 'revoked']),
  validityLabel: z.string(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  certNo: z.string(),
  style: z.enum(STYLES),
  source: z.enum(['issued', 'legacy']),
  productName: z.string(),
  quantity: z.number(),
  unit: z.string(),
  origin: z.string(),
  producer: z.object({
    name: z.string(),
    /** Entity type label (企业, 散户, …). */
    type: z.string(),
    /** The contact printed on the certificate. */
    contact: z.string(),
    /** Issued by a town supervisor on a smallholder's behalf (代开). */
    onBehalf: z.boolean(),
  }),
  issueDate: z.string(),
  commitments: z.array(z.string()),
  bases: z.array(z.object({ code: z.enum(BASES), label: z.string() })),
  /** The older template's basis as printed, when imported from it. */
  legacyBasis: z.string().nullable(),
  tests: z.array(
    z.object({
      kind: z.enum(TEST_KINDS),
      kindLabel: z.string(),
      refNo: z.string(),
      items: z.array(z.string()),
      result: z.string(),
      testedOn: z.string().nullable(),
      lab: z.string().nullable(),
      /** A cited sample's current test report, public copy (personal data left out). */
      report: z.object({ reportNo: z.string(), url: z.string() }).nullable(),
    }),
  ),
  /** The producer's brand certifications covering the product, and regional-brand licences (certNo null). */
  brands: z.array(
    z.object({
      kind: z.string(),
      name: z.string(),
      certNo: z.string().nullable(),
      validUntil: z.string().nullable(),
    }),
  ),
  /** Buyer certificates: the certificates the lot was made from (paper ones without a code). */
  sources: z.array(
    z.object({
      certNo: z.string(),
      supplier: z.string(),
      productName: z.string(),
      quantity: z.number(),
      unit: z.string(),
      receivedOn: z.string(),
      traceCode: z.string().nullable(),
      /** valid | revoked | paper */
      status: z.string(),
    }),
  ),
  supervision: z.object({
    colour: z.enum(SUPERVISION_COLOURS),
    label: z.string(),
    /** The facts the colour rests on (e.g. 禁限用药物检出（依据农业部公告第199号）). */
    basis: z.string(),
    windowDays: z.number().int(),
  }),
  /**
   * The Ed25519 signature behind the code, to check with the district's published public key
   * (a compact code carries only its first 60 bits). Absent on the scan page's own view.
   */
  signature: z
    .object({ algorithm: z.literal('Ed25519'), keyId: z.string(), message: z.string(), value: z.string() })
    .nullable()
    .optional(),
  scans: z.object({
    /** Scans so far, this one included. */
    total: z.number().int(),
    /** Distinct coarse networks (IPv4 /24, IPv6 /48) and coarse places (0.1°) it was scanned from. */
    networks: z.number().int(),
    /** Browser-shared places: a hint only, never evidence for the warning (any client can send any). */
    places: z.number().int(),
    /** The warning's evidence: distinct networks and China calendar days in the last `windowDays`. */
    recentNetworks: z.number().int(),
    recentDays: z.number().int(),
    windowDays: z.number().int(),
    /** Scanned from more networks, on more days, than one lot's labels plausibly reach: possibly copied. */
    copyWarning: z.boolean(),
    /** What the warning (or its absence) is based on, in words. */
    basis: z.string(),
  }),
});
export type PublicTraceView = z.infer<typeof publicTraceView>;
/** The 404 of a public scan: a forged, altered or unregistered code. */
export const publicTraceUnknown = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  validity: z.literal('unknown'),
  validityLabel: z.string(),
});

/** What a market check shows the checker to compare with the goods. */
export const marketCheckCertificate = z.object({
  id: z.string(),
  certNo: z.string(),
  status: z.enum(CERT_STATUSES),
  productName: z.string(),
  quantity: z.number(),
  unit: z.string(),
  producerName: z.string(),
  origin: z.string(),
  issueDate: z.string(),
  bases: z.array(z.enum(BASES)),
  legacyBasis: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  /** The producer's supervision colour at the check; null in lists (not computed per row). */
  colour: z.enum(SUPERVISION_COLOURS).nullable(),
});
/**
 * The earlier checks of the same code, shown to the checker: one certificate's goods checked
 * again and again (500 kg certificate, 500 then 800 kg checked) is how a label is reused.
 */
export const marketCheckHistory = z.object({
  /** Earlier checks of this code in the district (this one excluded). */
  earlier: z.number().int(),
  firstAt: z.string().nullable(),
  lastAt: z.string().nullable(),
  /** Where it was checked before (market or town name) and how often. */
  places: z.array(z.object({ name: z.string(), count: z.number().int() })),
  /** Quantity checked so far, this check included, in the certificate's unit (null without one). */
  checkedQuantity: z.number().nullable(),
  unit: z.string().nullable(),
  /** Checks with no quantity, or one that does not convert to the certificate's unit. */
  uncounted: z.number().int(),
  /** The quantity checked so far exceeds the certificate's. */
  overQuantity: z.boolean(),
  warning: z.string().nullable(),
});
export type MarketCheckHistory = z.infer<typeof marketCheckHistory>;
export const marketCheckView = z.object({
  id: z.string(),
  checkedAt: z.string(),
  marketId: z.string().nullable(),
  marketName: z.string().nullable(),
  townCode: z.string(),
  townName: z.string(),
  code: z.string().nullable(),
  result: z.enum(MARKET_RESULTS),
  resultLabel: z.string(),
  certificateId: z.string().nullable(),
  productCode: z.string().nullable(),
  productName: z.string().nullable(),
  quantity: z.number().nullable(),
  unit: z.string().nullable(),
  supplier: z.string().nullable(),
  note: z.string().nullable(),
  checkedBy: z.string().nullable(),
  checkerName: z.string().nullable(),
  /** The certificate (valid or revoked checks), when it is in the checker's district. */
  certificate: marketCheckCertificate.nullable(),
  /** Earlier checks of the same code: in the answer to a new check, null in lists. */
  history: marketCheckHistory.nullable(),
});
export type MarketCheckView = z.infer<typeof marketCheckView>;
export const marketCheckQuery = z.strictObject({
  ...pageQuery,
  result: z.enum(MARKET_RESULTS).optional(),
  townCode: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
  marketId: z.uuid().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
/** Counts of checks by result and town; from/to default to the last 30 days. */
export const marketSummaryQuery = z.strictObject({ from: isoDate.optional(), to: isoDate.optional() });
const resultCounts = z.object({
  total: z.number().int(),
  valid: z.number().int(),
  revoked: z.number().int(),
  invalid: z.number().int(),
  unknown: z.number().int(),
  none: z.number().int(),
});
export const marketSummaryView = z.object({
  from: z.string(),
  to: z.string(),
  total: resultCounts,
  towns: z.array(resultCounts.extend({ townCode: z.string(), townName: z.string() })),
});
