/**
 * The verdict engine: judges one quantitative result (value, unit, LOD) for one product and
 * analyte against the reference data. Pure. Rules (reference/SOURCES.md):
 * - value > limit fails, value = limit passes; compared exactly after unit normalisation;
 * - a product without its own limit takes the nearest ancestor category's limit;
 * - the limit is that of the edition in force on the sampling day; a stand-in edition is marked
 *   provisional;
 * - a result is judged against its limit even where the substance's use on the crop is banned;
 *   the detection of a banned use is reported beside the verdict as a 禁限用 lead;
 * - a substance that must not be detected (不得检出) fails on any detection;
 * - no applicable limit anywhere up the chain is reported as no_limit, never as a pass.
 */
import {
  type Analyte,
  ancestry,
  bansFor,
  chinaToday,
  type EditionUse,
  editionsInForce,
  findAnalyte,
  findProduct,
  type LimitKind,
  type Product,
  type Prohibition,
  productProblem,
  type ReferenceData,
  type Resolved,
  type ResolvedLimit,
  reference,
  resolveAnalyte,
  resolveLimit,
  resolveProduct,
  type Verification,
} from './reference.ts';
import {
  type CanonicalUnit,
  compareDecimal,
  type Decimal,
  decimalToNumber,
  parseUnit,
  toDecimal,
  toMgPerKgDecimal,
} from './units.ts';

export {
  findAnalyte,
  findProduct,
  limitsFor,
  listAnalytes,
  listProducts,
  REFERENCE_VERSION,
} from './reference.ts';

export interface JudgeInput {
  /** Product code, Chinese name or alias. */
  product: string;
  /** Analyte code, Chinese name, English name, CAS number or alias. */
  analyte: string;
  /** Measured value; null or 'ND' (also '未检出') = not detected. */
  value: number | string | null;
  unit: string;
  /** Limit of detection, in lodUnit (default: unit). */
  lod?: number | null;
  lodUnit?: string;
  /** Sampling day (YYYY-MM-DD, China time): the editions in force that day apply. Default today. */
  date?: string;
}

export type InputField = 'product' | 'analyte' | 'value' | 'unit' | 'lod' | 'lodUnit';

export interface FieldError {
  field: InputField;
  reason: string;
}

export interface Ref {
  code: string;
  name: string;
}

/** The limit a verdict used, with its citation. */
export interface LimitUsed {
  limit: number;
  unit: CanonicalUnit;
  limitMgKg: number;
  kind: LimitKind;
  standard: string;
  item: string;
  verification: Verification;
  /** The analyte the limit is set for (the sum analyte for a component). */
  analyte: Ref;
  /** The product or category that supplied the limit. */
  via: Ref;
  /** 0 = the product's own row; n = n levels up. */
  level: number;
  fallback: boolean;
  edition: EditionUse;
}

export interface ResultEcho {
  /** null when not detected. */
  value: number | null;
  unit: string;
  canonicalUnit: CanonicalUnit;
  valueMgKg: number | null;
  lod: number | null;
  lodMgKg: number | null;
}

interface Judged {
  product: Ref;
  analyte: Ref & { kind: Analyte['kind'] };
  result: ResultEcho;
  /** true = conforms, false = does not, null = cannot be judged. */
  passed: boolean | null;
  /** One line in Chinese for people. */
  message: string;
}

export interface ProhibitionInfo {
  kind: Prohibition['kind'];
  basis: string;
  item: string;
  scope: Ref;
  analyte: Ref;
}

/** 禁限用药物检出: a detected substance whose use on this product is banned; a lead, not a verdict. */
export type Lead = ProhibitionInfo & { kind: 'use_ban'; message: string };

interface Detected extends Judged {
  /** Set when the detected substance's use on the product is banned (禁限用药物检出). */
  lead: Lead | null;
}

export type Verdict =
  | (Detected & { verdict: 'pass'; limit: LimitUsed; ratio: number; screenedAgainst: Ref | null })
  | (Detected & { verdict: 'fail'; basis: 'limit'; limit: LimitUsed; ratio: number })
  | (Detected & {
      verdict: 'fail';
      basis: 'not_detectable';
      /** The 不得检出 rule that failed it. */
      prohibition: ProhibitionInfo;
      /** An MRL the standard also sets, if any, for information. */
      limit: LimitUsed | null;
      ratio: null;
    })
  | (Judged & {
      verdict: 'not_detected';
      lead: null;
      limit: LimitUsed | null;
      prohibition: ProhibitionInfo | null;
      /** Set when the LOD is above the limit, so not-detected does not show conformity. */
      warning: string | null;
    })
  | (Detected & {
      verdict: 'no_limit';
      reason: 'no_limit' | 'component_of_sum' | 'screening_inconclusive';
      /** Editions in force that are only partly loaded, so "no limit" may be a gap in the data. */
      partialEditions: string[];
    })
  | { verdict: 'error'; passed: null; errors: FieldError[]; message: string };

const ref = (x: { code: string; name: string }): Ref => ({ code: x.code, name: x.name });

function limitUsed(r: ResolvedLimit, data: ReferenceData): LimitUsed {
  const a = data.analytes.get(r.row.analyte);
  return {
    limit: r.row.limit,
    unit: r.row.unit,
    limitMgKg: r.row.limitMgKg,
    kind: r.row.kind,
    standard: r.row.standard,
    item: r.row.item,
    verification: r.row.verification,
    analyte: { code: r.row.analyte, name: a?.name ?? r.row.analyte },
    via: ref(r.via),
    level: r.level,
    fallback: r.level > 0,
    edition: r.edition,
  };
}

const provisionalNote = (l: LimitUsed) =>
  l.edition.provisional
    ? `；暂判：抽样日现行${l.edition.inForce.length ? ` ${l.edition.inForce.join('、')} ` : '版本'}未收录该限量，按 ${l.edition.used} 判定`
    : '';

const info = (p: Prohibition): ProhibitionInfo => ({
  kind: p.kind,
  basis: p.basis,
  item: p.item,
  scope: ref(p.scope),
  analyte: ref(p.analyte),
});

const fmt = (n: number) => String(Number(n.toPrecision(12)));
const cite = (l: LimitUsed) =>
  `${l.standard} ${l.item}${l.fallback ? `；按上级类别“${l.via.name}”的限量判定` : ''}${provisionalNote(l)}`;

/** The value in the limit's own unit, for messages. */
function inLimitUnit(valueMg: Decimal, unit: CanonicalUnit): string {
  return fmt(decimalToNumber({ digits: valueMg.digits, exp: valueMg.exp + (unit === 'mg/kg' ? 0 : 3) }));
}

function ratioOf(valueMg: Decimal, limitMgKg: number): number {
  return Number((decimalToNumber(valueMg) / limitMgKg).toPrecision(4));
}

/** Why a name did not resolve: unknown, or shared by several (asks rather than guesses). */
export function nameProblem(
  what: string,
  query: unknown,
  resolve: (q: string, d: ReferenceData) => Resolved<{ name: string }>,
  data: ReferenceData,
): string {
  const q = String(query ?? '');
  const r = typeof query === 'string' ? resolve(query, data) : ({ kind: 'unknown' } as const);
  return r.kind === 'ambiguous'
    ? `${what}“${q}”可指${r.candidates.map((c) => c.name).join('、')}，请写明具体名称`
    : `未知${what}“${q}”，不在参考数据中（${data.version}）`;
}

const ND = new Set(['nd', '未检出', 'n.d.', '<lod']);

/** Judges one result. Never throws for bad input: returns verdict 'error' with field and reason. */
export function judge(input: JudgeInput, data: ReferenceData = reference): Verdict {
  const errors: FieldError[] = [];
  const product = typeof input.product === 'string' ? findProduct(input.product, data) : undefined;
  if (!product) {
    errors.push({
      field: 'product',
      reason:
        typeof input.product === 'string' && resolveProduct(input.product, data).kind === 'ambiguous'
          ? productProblem(input.product, data)
          : `未知产品“${String(input.product ?? '')}”，不在参考数据中（${data.version}）`,
    });
  }
  const analyte = typeof input.analyte === 'string' ? findAnalyte(input.analyte, data) : undefined;
  if (!analyte) {
    errors.push({ field: 'analyte', reason: nameProblem('检测项目', input.analyte, resolveAnalyte, data) });
  }
  const unit = parseUnit(typeof input.unit === 'string' ? input.unit : '');
  if (!unit.ok) errors.push({ field: 'unit', reason: unit.reason });

  let detectedValue: number | null = null;
  const v = input.value;
  if (v === null || v === undefined || (typeof v === 'string' && ND.has(v.trim().toLowerCase())))
    detectedValue = null;
  else if (typeof v !== 'number' || !Number.isFinite(v)) {
    errors.push({ field: 'value', reason: `检测值“${String(v)}”不是数字；未检出请填 ND` });
  } else if (v < 0) errors.push({ field: 'value', reason: '检测值不能为负数' });
  else detectedValue = v;

  let lodMg: Decimal | null = null;
  if (input.lod !== undefined && input.lod !== null) {
    const lodUnit = input.lodUnit === undefined ? unit : parseUnit(input.lodUnit);
    if (!lodUnit.ok) {
      if (input.lodUnit !== undefined) errors.push({ field: 'lodUnit', reason: lodUnit.reason });
    } else if (typeof input.lod !== 'number' || !Number.isFinite(input.lod) || input.lod <= 0) {
      errors.push({ field: 'lod', reason: '检出限应为正数' });
    } else lodMg = toMgPerKgDecimal(input.lod, lodUnit.unit);
  }

  if (errors.length > 0 || !product || !analyte || !unit.ok) {
    return { verdict: 'error', passed: null, errors, message: errors.map((e) => e.reason).join('；') };
  }

  const valueMg = detectedValue === null ? null : toMgPerKgDecimal(detectedValue, unit.unit);
  const detected =
    valueMg !== null && valueMg.digits > 0n && (lodMg === null || compareDecimal(valueMg, lodMg) >= 0);
  const base = {
    product: ref(product),
    analyte: { ...ref(analyte), kind: analyte.kind },
    result: {
      value: detected ? detectedValue : null,
      unit: unit.original,
      canonicalUnit: unit.unit,
      valueMgKg: detected && valueMg ? decimalToNumber(valueMg) : null,
      lod: input.lod ?? null,
      lodMgKg: lodMg ? decimalToNumber(lodMg) : null,
    },
  };
  const label = `${product.name}中${analyte.name}`;

  const day = input.date ?? chinaToday();
  const bans = bansFor(product.code, analyte.code, data, day);
  const notDetectable = bans.find((b) => b.kind === 'not_detectable');
  const useBan = bans.find((b) => b.kind === 'use_ban');
  const own = resolveLimit(product.code, analyte.code, data, day);
  const sum = analyte.partOf ? resolveLimit(product.code, analyte.partOf, data, day) : null;
  const applicable = own ?? sum;

  if (!detected || valueMg === null) {
    const limit = applicable ? limitUsed(applicable, data) : null;
    const warning =
      limit && lodMg && compareDecimal(lodMg, toDecimal(limit.limitMgKg)) > 0
        ? `检出限 ${fmt(decimalToNumber(lodMg))} mg/kg 高于限量 ${fmt(limit.limitMgKg)} mg/kg，未检出不能证明符合限量`
        : null;
    return {
      ...base,
      verdict: 'not_detected',
      passed: true,
      lead: null,
      limit,
      prohibition: notDetectable ? info(notDetectable) : useBan ? info(useBan) : null,
      warning,
      message: `${label}未检出${warning ? `（${warning}）` : ''}`,
    };
  }

  const lead: Lead | null = useBan
    ? {
        ...info(useBan),
        kind: 'use_ban',
        message: `禁限用药物检出：${analyte.name}禁止用于${useBan.scope.code === 'food' ? '所有农产品' : useBan.scope.name}（${useBan.basis}）`,
      }
    : null;
  const detectedBase = { ...base, lead };

  if (notDetectable) {
    const limit = applicable ? limitUsed(applicable, data) : null;
    return {
      ...detectedBase,
      verdict: 'fail',
      basis: 'not_detectable',
      passed: false,
      prohibition: info(notDetectable),
      limit,
      ratio: null,
      message: `${label}检出不得检出的物质（${notDetectable.basis}${notDetectable.item ? ` ${notDetectable.item}` : ''}）；检出即判不合格`,
    };
  }

  if (own) {
    const limit = limitUsed(own, data);
    const ratio = ratioOf(valueMg, limit.limitMgKg);
    const shown = `${inLimitUnit(valueMg, limit.unit)} ${limit.unit}`;
    if (compareDecimal(valueMg, toDecimal(limit.limitMgKg)) > 0) {
      return {
        ...detectedBase,
        verdict: 'fail',
        basis: 'limit',
        passed: false,
        limit,
        ratio,
        message: `${label}超标：${shown} > 限量 ${fmt(limit.limit)} ${limit.unit}，为限量的 ${ratio} 倍（${cite(limit)}）`,
      };
    }
    return {
      ...detectedBase,
      verdict: 'pass',
      passed: true,
      limit,
      ratio,
      screenedAgainst: null,
      message: `${label}符合：${shown} ≤ 限量 ${fmt(limit.limit)} ${limit.unit}（${cite(limit)}）`,
    };
  }

  const partialEditions = partialInForce(analyte, day, data);
  if (analyte.partOf) {
    const whole = data.analytes.get(analyte.partOf);
    if (sum && compareDecimal(valueMg, toDecimal(sum.row.limitMgKg)) > 0) {
      const limit = limitUsed(sum, data);
      const ratio = ratioOf(valueMg, limit.limitMgKg);
      return {
        ...detectedBase,
        verdict: 'fail',
        basis: 'limit',
        passed: false,
        limit,
        ratio,
        message: `${label}单项已超过${whole?.name ?? ''}（${whole?.residueDefinition ?? ''}）的限量 ${fmt(limit.limit)} ${limit.unit}（${cite(limit)}）`,
      };
    }
    return {
      ...detectedBase,
      verdict: 'no_limit',
      passed: null,
      reason: 'component_of_sum',
      partialEditions,
      message: `${analyte.name}是${whole?.name ?? analyte.partOf}残留物（${whole?.residueDefinition ?? ''}）的组分，须与其他组分合计后判定`,
    };
  }

  if (analyte.screensFor) {
    const target = data.analytes.get(analyte.screensFor);
    const t = resolveLimit(product.code, analyte.screensFor, data, day);
    if (target && t) {
      const limit = limitUsed(t, data);
      if (compareDecimal(valueMg, toDecimal(limit.limitMgKg)) <= 0) {
        const ratio = ratioOf(valueMg, limit.limitMgKg);
        return {
          ...detectedBase,
          verdict: 'pass',
          passed: true,
          limit,
          ratio,
          screenedAgainst: ref(target),
          message: `${label}${inLimitUnit(valueMg, limit.unit)} ${limit.unit}，不超过${target.name}限量 ${fmt(limit.limit)} ${limit.unit}，可判定符合（${cite(limit)}）`,
        };
      }
      return {
        ...detectedBase,
        verdict: 'no_limit',
        passed: null,
        reason: 'screening_inconclusive',
        partialEditions,
        message: `${label}超过${target.name}限量 ${fmt(limit.limit)} ${limit.unit}，须测定${target.name}后判定（${cite(limit)}）`,
      };
    }
  }

  const gap = partialEditions.length
    ? `；现行 ${partialEditions.join('、')} 尚未完整收录，可能为数据缺口`
    : '';
  return {
    ...detectedBase,
    verdict: 'no_limit',
    passed: null,
    reason: 'no_limit',
    partialEditions,
    message: `无适用限量：${label}在参考数据（${data.version}）中没有限量规定，不作合格判定${gap}`,
  };
}

/** The series that govern an analyte of this kind. */
const SERIES_OF_KIND: Record<Analyte['kind'], string[]> = {
  pesticide: ['GB 2763'],
  vet_drug: ['GB 31650'],
  contaminant: ['GB 2762'],
};

/** Editions in force on the day for the analyte's kind that are not completely loaded. */
function partialInForce(analyte: Analyte, day: string, data: ReferenceData): string[] {
  return SERIES_OF_KIND[analyte.kind].flatMap((s) =>
    editionsInForce(s, day, data)
      .filter((e) => e.coverage !== 'complete')
      .map((e) => e.code),
  );
}

export interface SampleResult extends Omit<JudgeInput, 'product'> {}

export interface SampleVerdict {
  results: Verdict[];
  /** Sum residues computed from the reported parent compound and its components (e.g. 恩诺沙星 + 环丙沙星). */
  sums: (Verdict & { components: Ref[] })[];
  /** false if any result or sum does not conform; null if any cannot be judged; else true. */
  passed: boolean | null;
  /** 禁限用药物检出 among the results: supervision leads, counted apart from the verdict. */
  leads: (Lead & { analyteCode: string })[];
  /** Whether any counted limit came from a stand-in edition (the verdict is provisional). */
  provisional: boolean;
}

/**
 * Judges all results of one sample. Where a residue is defined as a sum (恩诺沙星与环丙沙星之和 …)
 * and a component is reported, the sum of the reported parent compound and its components is
 * judged too (not-detected counts as 0); for those analytes the sum verdict is the one that counts.
 */
export function judgeSample(
  product: string,
  results: SampleResult[],
  data: ReferenceData = reference,
  date?: string,
): SampleVerdict {
  const judged = results.map((r) => judge({ ...r, product, ...(date ? { date } : {}) }, data));
  const ok = judged.flatMap((v) => (v.verdict === 'error' ? [] : [v]));
  const wholes = new Set(ok.flatMap((v) => data.analytes.get(v.analyte.code)?.partOf ?? []));
  const sums: SampleVerdict['sums'] = [];
  for (const whole of wholes) {
    const members = ok.filter(
      (v) => v.analyte.code === whole || data.analytes.get(v.analyte.code)?.partOf === whole,
    );
    let total: Decimal = { digits: 0n, exp: 0 };
    for (const v of members) {
      if (v.result.valueMgKg === null) continue;
      const x = toDecimal(v.result.valueMgKg);
      const exp = Math.min(total.exp, x.exp);
      total = {
        digits: total.digits * 10n ** BigInt(total.exp - exp) + x.digits * 10n ** BigInt(x.exp - exp),
        exp,
      };
    }
    const value = total.digits === 0n ? null : decimalToNumber(total);
    sums.push({
      ...judge({ product, analyte: whole, value, unit: 'mg/kg', ...(date ? { date } : {}) }, data),
      components: members.map((v) => ({ code: v.analyte.code, name: v.analyte.name })),
    });
  }
  const summed = new Set(sums.flatMap((s) => s.components.map((c) => c.code)));
  const counted = [
    ...judged.filter((v) => v.verdict === 'error' || !summed.has(v.analyte.code) || v.passed === false),
    ...sums,
  ];
  const passed = counted.some((v) => v.passed === false)
    ? false
    : counted.some((v) => v.passed === null)
      ? null
      : true;
  const leads = judged.flatMap((v) =>
    v.verdict !== 'error' && v.lead ? [{ ...v.lead, analyteCode: v.analyte.code }] : [],
  );
  const provisional = counted.some(
    (v) => v.verdict !== 'error' && 'limit' in v && v.limit?.edition.provisional === true,
  );
  return { results: judged, sums, passed, leads, provisional };
}

/** The hierarchy path of a product, root first, for display (e.g. 食品 › 植物性农产品 › 蔬菜 › …). */
export function productPath(product: Product, data: ReferenceData = reference): string {
  return ancestry(product.code, data)
    .reverse()
    .map((p) => p.name)
    .join(' › ');
}
