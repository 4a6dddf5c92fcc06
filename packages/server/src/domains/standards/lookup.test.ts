import { GROUP_LABELS } from '@nongan/shared/standards/lookup';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../platform/http-error.ts';
import { lookup, searchAnalytes, searchProducts } from './lookup.ts';
import { reference } from './reference.ts';

function issueOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof HttpError) return { status: e.statusCode, ...e.issues?.[0] };
    throw e;
  }
  throw new Error('expected an HttpError');
}

describe('查限量 lookup', () => {
  it('a product lists each analyte’s applicable limit with its category, edition and citation', () => {
    const v = lookup({ product: '豇豆', date: '2025-06-01' });
    expect(v.product).toMatchObject({
      code: 'cowpea',
      name: '豇豆',
      path: ['植物性农产品', '蔬菜', '豆类蔬菜', '荚可食类豆类蔬菜', '豇豆'],
    });
    const c = v.limits.find((l) => l.analyteName === '噻虫胺');
    expect(c).toMatchObject({
      limit: 0.01,
      unit: 'mg/kg',
      viaName: '豇豆',
      level: 0,
      standard: 'GB 2763-2021',
      item: '噻虫胺：豇豆',
      verification: 'regulator-notice',
      provisional: false,
      inForce: true,
      edition: { code: 'GB 2763-2021', effectiveFrom: '2021-09-03', effectiveTo: '2026-03-01' },
    });
    // Lead comes from the category row 豆类蔬菜, two levels up.
    expect(v.limits.find((l) => l.analyteName === '铅')).toMatchObject({ viaName: '豆类蔬菜', level: 2 });
    // Bans covering vegetables (e.g. 甲拌磷, 农业部公告第199号) are listed with their basis.
    expect(v.bans.find((b) => b.analyteName === '甲拌磷')).toMatchObject({
      scopeName: '蔬菜',
      kind: 'use_ban',
    });
    expect(v.intervals.find((i) => i.inputName === '阿维菌素')).toMatchObject({
      days: 5,
      term: '安全间隔期',
    });
  });

  it('after GB 2763-2026 took effect, a pair it does not carry is provisional and names both editions', () => {
    const v = lookup({ product: 'cowpea', analyte: '甲基异柳磷', date: '2026-06-01' });
    expect(v.limits[0]).toMatchObject({
      standard: 'GB 2763-2021',
      provisional: true,
      inForce: false,
      inForceEditions: ['GB 2763-2026'],
    });
  });

  it('a pair shows its history across editions', () => {
    const v = lookup({ product: '韭菜', analyte: '腐霉利', date: '2024-01-01' });
    const h = Object.fromEntries(v.history.map((x) => [x.edition.code, x.limit?.limit ?? null]));
    expect(h).toMatchObject({ 'GB 2763-2019': 0.2, 'GB 2763.1-2022': 5 });
    expect(v.history.find((x) => x.edition.code === 'GB 2763.1-2022')?.inForce).toBe(true);
    expect(v.limits[0]).toMatchObject({ limit: 5, standard: 'GB 2763.1-2022' });
  });

  it('an analyte lists the products it has rows for, across editions', () => {
    const v = lookup({ analyte: 'clothianidin', date: '2026-06-01' });
    const pairs = v.limits.map((l) => `${l.productName}/${l.standard}`);
    expect(pairs).toContain('豇豆/GB 2763-2021');
    expect(pairs).toContain('芹菜/GB 2763-2026');
    expect(v.limits.every((l) => l.analyteName === '噻虫胺')).toBe(true);
  });

  it('asks for an ambiguous product, refuses unknown names and an empty question', () => {
    expect(issueOf(() => lookup({ product: '青菜' }))).toMatchObject({
      status: 400,
      field: 'product',
      reason: '「青菜」可能指：普通白菜、大白菜，请选择',
    });
    expect(issueOf(() => lookup({ analyte: '火星素' }))).toMatchObject({ field: 'analyte' });
    expect(issueOf(() => lookup({}))).toMatchObject({ field: 'product' });
  });

  it('pickers search names and aliases; an ambiguous name returns its candidates', () => {
    expect(searchProducts('豆角', 10).items.map((p) => p.name)).toEqual(['豇豆']);
    const amb = searchProducts('青菜', 10);
    expect(amb.items.map((p) => p.name)).toEqual(['普通白菜', '大白菜']);
    expect(amb.ambiguous).toContain('请选择');
    expect(searchAnalytes('高效氯氟', 10).items[0]?.name).toBeTruthy();
    expect(searchAnalytes('甲拌磷', 10).items[0]).toMatchObject({ name: '甲拌磷', groupName: '有机磷类' });
  });

  it('every analyte group has a Chinese label', () => {
    for (const a of reference.analytes.values()) expect(GROUP_LABELS[a.group], a.group).toBeTruthy();
  });
});
