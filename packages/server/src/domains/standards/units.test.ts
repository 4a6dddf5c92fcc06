import { describe, expect, it } from 'vitest';
import { compareDecimal, fromMgPerKg, parseUnit, toDecimal, toMgPerKg } from './units.ts';

describe('unit parsing', () => {
  it.each([
    ['mg/kg', 'mg/kg'],
    ['MG/KG', 'mg/kg'],
    ['ppm', 'mg/kg'],
    ['mg·kg-1', 'mg/kg'],
    ['μg/kg', 'μg/kg'],
    ['µg/kg', 'μg/kg'], // micro sign U+00B5
    ['ug/kg', 'μg/kg'],
    ['ppb', 'μg/kg'],
    ['μg／kg', 'μg/kg'], // fullwidth slash
  ])('accepts %s as %s', (raw, unit) => {
    const u = parseUnit(raw);
    expect(u.ok && u.unit).toBe(unit);
    expect(u.ok && u.original).toBe(raw);
  });

  it('refuses a volume unit for a solid sample with a Chinese reason', () => {
    expect(parseUnit('mg/L')).toEqual({
      ok: false,
      reason: '单位“mg/L”不适用于固体样品，应为 mg/kg 或 μg/kg',
    });
    expect(parseUnit('μg/L').ok).toBe(false);
  });

  it('refuses percentages and unknown units', () => {
    const pct = parseUnit('%');
    expect(pct.ok).toBe(false);
    expect(!pct.ok && pct.reason).toContain('%');
    const odd = parseUnit('kg');
    expect(!odd.ok && odd.reason).toContain('无法识别的单位');
    expect(parseUnit('  ').ok).toBe(false);
  });
});

describe('μg/kg ↔ mg/kg', () => {
  it('normalises exactly', () => {
    expect(toMgPerKg(100, 'μg/kg')).toBe(0.1);
    expect(toMgPerKg(3, 'μg/kg')).toBe(0.003);
    expect(toMgPerKg(0.3, 'mg/kg')).toBe(0.3);
    expect(fromMgPerKg(0.1, 'μg/kg')).toBe(100);
    expect(fromMgPerKg(0.0003, 'μg/kg')).toBe(0.3);
  });

  it('compares decimals without floating-point noise', () => {
    // 0.1 + 0.2 !== 0.3 in binary floating point; the exact comparison is not fooled by shifts
    expect(compareDecimal(toDecimal(300), { digits: 3n, exp: 2 })).toBe(0);
    expect(compareDecimal(toDecimal(0.30000000000000004), toDecimal(0.3))).toBe(1);
    expect(compareDecimal(toDecimal(1e-7), toDecimal(0.0000001))).toBe(0);
    expect(compareDecimal(toDecimal(0.05), toDecimal(0.049999))).toBe(1);
  });
});
