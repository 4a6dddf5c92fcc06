/**
 * Mass-fraction units for residue and contaminant results in solid foods.
 * Everything is normalised to mg/kg; μg/kg is kept for display. Conversion is exact
 * (decimal shift on the number's shortest decimal form), so a comparison against a limit
 * never picks up binary floating-point noise.
 */

export const CANONICAL_UNITS = ['mg/kg', 'μg/kg'] as const;
export type CanonicalUnit = (typeof CANONICAL_UNITS)[number];

export type UnitResult =
  | { ok: true; unit: CanonicalUnit; original: string /** power of ten to reach mg/kg */; shift: number }
  | { ok: false; reason: string };

/** Spellings accepted for each canonical unit (compared after normalising case, spaces and the micro sign). */
const SPELLINGS: Record<string, CanonicalUnit> = {
  'mg/kg': 'mg/kg',
  ppm: 'mg/kg',
  'μg/g': 'mg/kg',
  'μg/kg': 'μg/kg',
  'ug/kg': 'μg/kg',
  ppb: 'μg/kg',
  'ng/g': 'μg/kg',
};

const VOLUME_UNITS = /^(m|μ|u|n)?g\/(m)?l$/;

function normaliseSpelling(raw: string): string {
  return raw
    .normalize('NFKC') // fullwidth forms; the micro sign U+00B5 becomes Greek mu U+03BC
    .replace(/\s+/g, '')
    .toLowerCase()
    .replace(/^(.+?)[·.]?kg(-1|⁻¹)$/, '$1/kg'); // mg·kg-1, μg kg⁻¹
}

/** Parses a unit string. Refuses volume units (liquids), percentages and anything unknown. */
export function parseUnit(raw: string): UnitResult {
  const original = raw.trim();
  if (original === '') return { ok: false, reason: '单位不能为空，应为 mg/kg 或 μg/kg' };
  const key = normaliseSpelling(original);
  const unit = SPELLINGS[key];
  if (unit) return { ok: true, unit, original, shift: unit === 'mg/kg' ? 0 : -3 };
  if (VOLUME_UNITS.test(key)) {
    return { ok: false, reason: `单位“${original}”不适用于固体样品，应为 mg/kg 或 μg/kg` };
  }
  if (key === '%' || key === '‰' || key === 'g/100g') {
    return { ok: false, reason: `含量单位“${original}”不适用于残留限量判定，应为 mg/kg 或 μg/kg` };
  }
  return { ok: false, reason: `无法识别的单位“${original}”，应为 mg/kg 或 μg/kg` };
}

/** An exact decimal: value = digits × 10^exp. */
export interface Decimal {
  digits: bigint;
  exp: number;
}

/** The number's shortest round-trip decimal form as an exact decimal. */
export function toDecimal(n: number): Decimal {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  const [mantissa = '0', e = '0'] = n.toString().toLowerCase().split('e');
  const [int = '0', frac = ''] = mantissa.split('.');
  return { digits: BigInt(int + frac), exp: Number(e) - frac.length };
}

/** Compares a and b exactly: -1, 0 or 1. */
export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const exp = Math.min(a.exp, b.exp);
  const x = a.digits * 10n ** BigInt(a.exp - exp);
  const y = b.digits * 10n ** BigInt(b.exp - exp);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** value in `unit` → exact decimal in mg/kg. */
export function toMgPerKgDecimal(value: number, unit: CanonicalUnit): Decimal {
  const d = toDecimal(value);
  return { digits: d.digits, exp: d.exp + (unit === 'mg/kg' ? 0 : -3) };
}

export function decimalToNumber(d: Decimal): number {
  return Number(`${d.digits}e${d.exp}`);
}

/** value in `unit` → mg/kg as a number (exact decimal shift, then one rounding to double). */
export function toMgPerKg(value: number, unit: CanonicalUnit): number {
  return decimalToNumber(toMgPerKgDecimal(value, unit));
}

/** mg/kg → `unit` as a number. */
export function fromMgPerKg(valueMgKg: number, unit: CanonicalUnit): number {
  const d = toDecimal(valueMgKg);
  return decimalToNumber({ digits: d.digits, exp: d.exp + (unit === 'mg/kg' ? 0 : 3) });
}
