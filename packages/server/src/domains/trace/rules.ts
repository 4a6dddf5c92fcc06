/**
 * Pure rules for issuing a certificate (承诺达标合格证) from a lot's production records:
 * banned inputs, safety intervals / withdrawal periods, and “test what you used”.
 * Dates are calendar dates (YYYY-MM-DD) in China time (UTC+8, no daylight saving); day
 * arithmetic is done on whole days since 1970-01-01, exact across months, years and leap days.
 */

import {
  findInput,
  type Input,
  type InputData,
  type InputKind,
  type InputVerification,
  inputData,
  intervalFor,
  intervalTerm,
  kindForProduct,
  useProhibition,
} from '../standards/inputs.ts';
import { classesCovering, coversGroup, rapidClassOf } from '../standards/rapid-classes.ts';
import { findAnalyte, findProduct } from '../standards/reference.ts';

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Whole days since 1970-01-01 for a real calendar date YYYY-MM-DD, else null (2023-02-29 → null). */
export function dayNumber(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return Math.round(ms / DAY_MS);
}

/** The YYYY-MM-DD of a day number. */
export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** date + days, as YYYY-MM-DD (throws on an invalid date). */
export function addDays(date: string, days: number): string {
  const n = dayNumber(date);
  if (n === null) throw new RangeError(`not a calendar date: ${date}`);
  return formatDay(n + days);
}

/** The calendar date in China (UTC+8) of an instant. */
export function chinaDate(instant: Date): string {
  return formatDay(Math.floor((instant.getTime() + CHINA_OFFSET_MS) / DAY_MS));
}

export interface LotUse {
  /** Code, Chinese name or alias of the pesticide / veterinary drug. */
  input: string;
  /** Date of the (last) application or dose, YYYY-MM-DD. */
  date: string;
  kind?: InputKind;
  dose?: string | number;
  /** Area treated (亩), for pesticides. */
  area?: number;
  /** Number of animals treated, for veterinary drugs. */
  animals?: number;
}

export interface LotRecord {
  /** Product code, Chinese name or alias (sampling reference). */
  product: string;
  /** Harvest or slaughter date, YYYY-MM-DD. */
  harvestDate: string;
  uses: readonly LotUse[];
}

export type LotProblemCode =
  | 'invalid'
  | 'unknown_product'
  | 'banned'
  | 'within_interval'
  | 'use_after_harvest'
  | 'unknown_input'
  | 'no_interval'
  | 'kind_mismatch';

export interface LotProblem {
  /** `error` refuses the certificate; `warning` cannot be confirmed and the caller may refuse. */
  severity: 'error' | 'warning';
  code: LotProblemCode;
  /** Path of the offending field: product, harvestDate, uses[2].date … */
  field: string;
  reason: string;
  /** The input as recorded (empty for lot-level problems). */
  input: string;
  inputCode?: string;
  inputName?: string;
  /** Indexes into uses of the records concerned. */
  uses?: number[];
  lastUse?: string;
  days?: number;
  daysSinceUse?: number;
  /** First date harvest/slaughter is allowed. */
  earliestDate?: string;
  basis?: string;
  item?: string;
  verification?: InputVerification | null;
}

export interface CheckedInput {
  input: string;
  inputCode: string;
  inputName: string;
  kind: InputKind;
  uses: number[];
  lastUse: string;
  daysSinceUse: number;
  days: number;
  earliestDate: string;
  /** Product or category whose row supplied the days. */
  via: string;
  basis: string;
  item: string;
  verification: InputVerification;
}

export type LotCheck =
  | { ok: true; checked: CheckedInput[]; warnings: LotProblem[] }
  | { ok: false; problems: LotProblem[]; checked: CheckedInput[]; warnings: LotProblem[] };

interface Group {
  input: Input;
  recorded: string;
  uses: { index: number; day: number; date: string }[];
}

/**
 * Checks a lot's recorded input uses against bans and intervals. Errors (refuse the certificate):
 * a banned input on record, harvest/slaughter inside an interval, a use dated after the harvest,
 * invalid data. Warnings (cannot confirm; the caller may refuse): an input the data set does not
 * know, or one without a known interval for the product (never treated as zero days).
 */
export function checkLotInputs(lot: LotRecord, data: InputData = inputData): LotCheck {
  const errors: LotProblem[] = [];
  const warnings: LotProblem[] = [];
  const checked: CheckedInput[] = [];
  const done = (): LotCheck =>
    errors.length === 0
      ? { ok: true, checked, warnings }
      : { ok: false, problems: errors, checked, warnings };

  const product = findProduct(lot.product, data.reference);
  if (!product) {
    errors.push({
      severity: 'error',
      code: 'unknown_product',
      field: 'product',
      reason: `未知产品“${lot.product}”：无法判定禁用投入品与安全间隔期/休药期`,
      input: '',
    });
  }
  const harvest = dayNumber(lot.harvestDate);
  if (harvest === null) {
    errors.push({
      severity: 'error',
      code: 'invalid',
      field: 'harvestDate',
      reason: `采收/屠宰日期“${lot.harvestDate}”不是有效日期（YYYY-MM-DD）`,
      input: '',
    });
  }
  if (!product || harvest === null) return done();
  const productKind = kindForProduct(product.code, data.reference);

  const groups = new Map<string, Group>();
  lot.uses.forEach((use, index) => {
    const at = `uses[${index}]`;
    const day = dayNumber(use.date);
    if (day === null) {
      errors.push({
        severity: 'error',
        code: 'invalid',
        field: `${at}.date`,
        reason: `施用日期“${use.date}”不是有效日期（YYYY-MM-DD）`,
        input: use.input,
        uses: [index],
      });
    }
    for (const f of ['area', 'animals'] as const) {
      const v = use[f];
      if (v !== undefined && !(Number.isFinite(v) && v > 0)) {
        errors.push({
          severity: 'error',
          code: 'invalid',
          field: `${at}.${f}`,
          reason: `${f === 'area' ? '施用面积' : '用药动物数'}必须为正数`,
          input: use.input,
          uses: [index],
        });
      }
    }
    const input = findInput(use.input, data);
    if (!input) {
      warnings.push({
        severity: 'warning',
        code: 'unknown_input',
        field: `${at}.input`,
        reason: `未知投入品“${use.input}”：无法确认其是否禁用及安全间隔期/休药期`,
        input: use.input,
        uses: [index],
      });
      return;
    }
    if (use.kind !== undefined && productKind !== null && use.kind !== productKind) {
      warnings.push({
        severity: 'warning',
        code: 'kind_mismatch',
        field: `${at}.kind`,
        reason: `记录类别为${use.kind === 'pesticide' ? '农药' : '兽药'}，但${product.name}应记录${productKind === 'pesticide' ? '农药' : '兽药'}`,
        input: use.input,
        inputCode: input.code,
        inputName: input.name,
        uses: [index],
      });
    }
    if (day === null) return;
    if (day > harvest) {
      errors.push({
        severity: 'error',
        code: 'use_after_harvest',
        field: `${at}.date`,
        reason: `施用日期${use.date}晚于采收/屠宰日期${lot.harvestDate}`,
        input: use.input,
        inputCode: input.code,
        inputName: input.name,
        uses: [index],
      });
    }
    const g = groups.get(input.code) ?? { input, recorded: use.input, uses: [] };
    g.uses.push({ index, day, date: use.date });
    groups.set(input.code, g);
  });

  for (const g of groups.values()) {
    const { input } = g;
    const indexes = g.uses.map((u) => u.index);
    const ban = useProhibition(input, product, data);
    if (ban) {
      const dates = g.uses.map((u) => u.date).join('、');
      errors.push({
        severity: 'error',
        code: 'banned',
        field: `uses[${indexes[0]}].input`,
        reason: `${input.name}禁止用于${ban.scope.name}（依据${ban.basis}${ban.item ? `：${ban.item}` : ''}），记录中使用于${dates}`,
        input: g.recorded,
        inputCode: input.code,
        inputName: input.name,
        uses: indexes,
        basis: ban.basis,
        ...(ban.item ? { item: ban.item } : {}),
        verification: ban.verification,
      });
      continue;
    }
    const before = g.uses.filter((u) => u.day <= harvest);
    if (before.length === 0) continue; // every use is after the harvest: already an error
    const last = before.reduce((a, b) => (b.day > a.day ? b : a));
    const since = harvest - last.day;
    const kind = productKind ?? input.kind;
    const term = intervalTerm(kind);
    const iv = intervalFor(input, product, data);
    if (!iv) {
      warnings.push({
        severity: 'warning',
        code: 'no_interval',
        field: `uses[${last.index}].input`,
        reason: `${input.name}在${product.name}上无已知${term}，无法确认距末次施用${since}天是否已过${term}（不得按0天处理）`,
        input: g.recorded,
        inputCode: input.code,
        inputName: input.name,
        uses: indexes,
        lastUse: last.date,
        daysSinceUse: since,
      });
      continue;
    }
    const earliestDate = formatDay(last.day + iv.days);
    const common = {
      input: g.recorded,
      inputCode: input.code,
      inputName: input.name,
      uses: indexes,
      lastUse: last.date,
      days: iv.days,
      daysSinceUse: since,
      earliestDate,
      basis: iv.row.basis,
      item: iv.row.item,
      verification: iv.row.verification,
    };
    if (since < iv.days) {
      const verb = kind === 'pesticide' ? '采收' : '屠宰或上市';
      errors.push({
        severity: 'error',
        code: 'within_interval',
        field: `uses[${last.index}].date`,
        reason: `${input.name}：距末次施用${since}天，${term}为${iv.days}天（依据${iv.citation}），最早可于${earliestDate}${verb}`,
        ...common,
      });
    } else {
      checked.push({ ...common, kind, via: iv.via.code, verification: iv.row.verification });
    }
  }
  return done();
}

export interface UncoveredInput {
  /** The input as recorded. */
  input: string;
  inputCode: string | null;
  inputName: string | null;
  reason: string;
  /** Analyte codes whose test would cover the input (empty when unknown). */
  coveredBy: string[];
}

/** Analyte (or input) codes whose test covers the input: its own code and the sum it is counted in. */
export function coveringAnalytes(input: Input): string[] {
  return input.partOf ? [input.code, input.partOf] : [input.code];
}

/**
 * “Test what you used”: the inputs recorded for the lot that the tested items do not cover, for a
 * certificate whose basis is a self test or an entrusted test. A tested item covers an input if it
 * is the input itself or the sum residue the input is counted in (磺胺类 covers 磺胺间甲氧嘧啶);
 * a component does not cover its sum (环丙沙星 alone does not cover 恩诺沙星); a rapid-test class
 * (有机磷和氨基甲酸酯类) covers the inputs whose analyte group it names (rapid-classes.ts).
 */
export function testCoverage(
  usedInputs: readonly string[],
  testedAnalytes: readonly string[],
  data: InputData = inputData,
): UncoveredInput[] {
  const tested = new Set<string>();
  const classes: string[] = [];
  for (const t of testedAnalytes) {
    const code = findAnalyte(t, data.reference)?.code ?? findInput(t, data)?.code;
    if (code) tested.add(code);
    else if (rapidClassOf(t)) classes.push(t);
  }
  // A class item (酶抑制法 有机磷和氨基甲酸酯类) covers an input whose analyte is in its groups.
  const coveredByClass = (codes: string[]) => codes.some((c) => classes.some((t) => coversGroup(t, c)));
  const out: UncoveredInput[] = [];
  const seen = new Set<string>();
  for (const used of usedInputs) {
    const input = findInput(used, data);
    const key = input?.code ?? `?${used}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!input) {
      out.push({
        input: used,
        inputCode: null,
        inputName: null,
        reason: `未知投入品“${used}”：无法确定检测项目`,
        coveredBy: [],
      });
      continue;
    }
    const coveredBy = coveringAnalytes(input);
    if (coveredBy.some((c) => tested.has(c)) || coveredByClass(coveredBy)) continue;
    out.push({
      input: used,
      inputCode: input.code,
      inputName: input.name,
      reason: `记录使用了${input.name}，检测项目未覆盖（应检${[...coveredBy.map((c) => data.reference.analytes.get(c)?.name ?? findInput(c, data)?.name ?? c), ...coveredBy.flatMap((c) => classesCovering(c)).map((x) => `${x}（快检）`)].join('或')}）`,
      coveredBy,
    });
  }
  return out;
}
