import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffLimits, normaliseEdition, parseLimitTable } from './limit-table.ts';
import {
  buildReference,
  findProduct,
  type OverlayRow,
  overlayLimits,
  ReferenceDataError,
  reference,
  resolveLimit,
  resolveProduct,
} from './reference.ts';
import { judge } from './verdict.ts';

const HEADER = ['检测项目', '产品', '限量', '单位', '标准', '条款', '来源'];
const rows = (...r: string[][]) => r.map((cells, i) => ({ row: i + 2, cells }));
const row = (over: Partial<Record<string, string>> = {}) => {
  const base: Record<string, string> = {
    检测项目: '噻虫胺',
    产品: '辣椒',
    限量: '0.02',
    单位: 'mg/kg',
    标准: 'GB 2763-2026',
    条款: '4.x 噻虫胺：辣椒',
    来源: '测试来源',
    ...over,
  };
  return HEADER.map((h) => base[h] ?? '');
};
const parse = (r: string[][], data = reference, header = HEADER) =>
  parseLimitTable(header, rows(...r), data, 'standard-text');

// Test-only data: 青菜 declared a shared regional name of 普通白菜 and 大白菜 (the checked-in
// data gives it to 普通白菜 alone, as GB 2763 appendix A does).
const dir = new URL('./reference/', import.meta.url);
const file = (n: string) => readFileSync(new URL(n, dir), 'utf8');
/** The checked-in files: 青菜 is declared ambiguous in ambiguous_aliases.csv. */
function sharedQingcai() {
  const f = {
    version: file('VERSION'),
    products: file('products.csv'),
    analytes: file('analytes.csv'),
    limits: file('limits.csv'),
    editions: file('editions.csv'),
    bans: file('bans.csv'),
    ambiguous: file('ambiguous_aliases.csv'),
  };
  return { f, data: buildReference(f) };
}

describe('shared (ambiguous) names', () => {
  it('resolves a declared shared name to its candidates, never to one product', () => {
    const { data } = sharedQingcai();
    expect(findProduct('青菜', data)).toBeUndefined();
    const r = resolveProduct('青菜', data);
    expect(r.kind).toBe('ambiguous');
    expect(r.kind === 'ambiguous' && r.candidates.map((p) => p.name).sort()).toEqual(['大白菜', '普通白菜']);
    expect(resolveProduct('小白菜', data)).toMatchObject({ kind: 'found', item: { code: 'pak_choi' } });
    // The engine asks rather than guesses.
    const v = judge({ product: '青菜', analyte: '铅', value: 0.1, unit: 'mg/kg' }, data);
    expect(v.verdict).toBe('error');
    expect(v.verdict === 'error' && v.errors[0]?.reason).toMatch(/可能指.*普通白菜/);
  });

  it('checked-in data: 青菜 asks between 普通白菜 and 大白菜', () => {
    expect(resolveProduct('青菜')).toMatchObject({ kind: 'ambiguous', alias: '青菜' });
  });

  it('refuses a shared name that is also a plain name or alias', () => {
    const { f } = sharedQingcai();
    f.products = f.products.replace('spinach,菠菜,leafy_vegetable,', 'spinach,菠菜,leafy_vegetable,青菜');
    expect(() => buildReference(f)).toThrow(ReferenceDataError);
  });
});

describe('parseLimitTable', () => {
  it('reads rows into codes, with the edition, a temporary mark and exclusions', () => {
    const header = [...HEADER, '除外'];
    const p = parse(
      [
        [...row({ 检测项目: '氯氟氰菊酯和高效氯氟氰菊酯', 产品: '豆角', 限量: '0.2*' }), ''],
        [...row({ 检测项目: '啶虫脒', 产品: '茄果类蔬菜', 标准: 'GB2763—2026' }), '番茄、茄子'],
      ],
      reference,
      header,
    );
    expect(p.errors).toEqual([]);
    expect(p.edition).toBe('GB 2763-2026');
    expect(p.rows[0]).toMatchObject({
      analyte: 'lambda_cyhalothrin',
      product: 'cowpea',
      limit: 0.2,
      kind: 'temporary MRL',
      verification: 'standard-text',
      line: 2,
    });
    expect(p.rows[1]).toMatchObject({
      analyte: 'acetamiprid',
      excludes: ['tomato', 'eggplant'],
      kind: 'MRL',
    });
  });

  it('names the row and column of every error, and lists the candidates of a shared name', () => {
    const { data } = sharedQingcai();
    const p = parse(
      [
        row({ 产品: '青菜' }),
        row({ 检测项目: '不存在的农药', 产品: '芹菜' }),
        row({ 产品: '菠菜', 标准: 'GB 2763-2099' }),
        row({ 产品: '番茄', 限量: '-1', 单位: 'mg/L' }),
        row({ 产品: '茄子', 标准: 'GB 2763-2021' }),
        row(),
        row(),
        row({ 产品: '黄瓜', 来源: '' }),
      ],
      data,
    );
    const at = (r: number) => p.errors.filter((e) => e.row === r);
    expect(at(2)).toEqual([
      expect.objectContaining({ field: '产品', candidates: expect.arrayContaining(['普通白菜', '大白菜']) }),
    ]);
    expect(at(3)).toEqual([
      expect.objectContaining({ field: '检测项目', reason: expect.stringContaining('未知') }),
    ]);
    expect(at(4).map((e) => e.field)).toEqual(['标准']);
    expect(
      at(5)
        .map((e) => e.field)
        .sort(),
    ).toEqual(['单位', '限量']);
    expect(at(6)[0]?.reason).toMatch(/一个版本/);
    expect(at(7)).toEqual([]);
    expect(at(8)[0]?.reason).toMatch(/第 7 行重复/);
    expect(at(9)).toEqual([expect.objectContaining({ field: '来源', reason: '不能为空' })]);
  });

  it('refuses a header without a required column', () => {
    const p = parse([row().slice(0, 6)], reference, HEADER.slice(0, 6));
    expect(p.errors).toEqual([expect.objectContaining({ row: 1, field: '来源' })]);
  });

  it('normalises edition spellings', () => {
    expect(normaliseEdition('gb 2763－2026')).toBe('GB 2763-2026');
  });
});

const overlayRow = (over: Partial<OverlayRow>): OverlayRow => ({
  analyte: 'clothianidin',
  product: 'chili_pepper',
  limit: 0.02,
  unit: 'mg/kg',
  kind: 'MRL',
  standard: 'GB 2763-2026',
  item: '噻虫胺：辣椒',
  excludes: [],
  verification: 'standard-text',
  source: 'test',
  notes: '',
  line: 2,
  ...over,
});

describe('overlay and diff', () => {
  const rowsIn = [
    overlayRow({}),
    overlayRow({ product: 'cowpea', limit: 0.01, item: '噻虫胺：豇豆', line: 3 }),
    overlayRow({
      analyte: 'thiamethoxam',
      product: 'celery',
      limit: 1,
      item: '噻虫嗪：芹菜（新条款号）',
      line: 4,
    }),
  ];

  it('diffs rows against the data in force: added, changed (old → new), unchanged; by edition', () => {
    const d = diffLimits(rowsIn, reference);
    expect(d.counts).toEqual({ added: 1, changed: 1, unchanged: 1 });
    expect(d.editions.map((e) => e.edition)).toEqual(['GB 2763-2026']);
    const [g] = d.editions;
    expect(g?.changed[0]).toMatchObject({
      analyteName: '噻虫胺',
      productName: '辣椒',
      limit: 0.02,
      old: { limit: 0.05 },
      fields: ['limit'],
    });
    expect(g?.added[0]).toMatchObject({ productName: '豇豆', old: null });
    // A different item text alone does not change a verdict.
    expect(g?.unchanged[0]).toMatchObject({ analyteName: '噻虫嗪', fields: [] });
  });

  it('lays rows over the data: replaces the same pair and edition, adds new ones, leaves the base alone', () => {
    const day = '2026-04-01';
    expect(resolveLimit('chili_pepper', 'clothianidin', reference, day)?.row.limit).toBe(0.05);
    // Without the overlay, 豇豆 takes GB 2763-2026's 豆类蔬菜 row two levels up.
    expect(resolveLimit('cowpea', 'clothianidin', reference, day)?.via.code).toBe('legume_vegetable');
    const data = overlayLimits(reference, rowsIn, 'x');
    expect(resolveLimit('chili_pepper', 'clothianidin', data, day)?.row.limit).toBe(0.02);
    const cowpea = resolveLimit('cowpea', 'clothianidin', data, day);
    expect(cowpea?.edition).toMatchObject({ provisional: false, used: 'GB 2763-2026' });
    // Before the edition took effect the 2021 row still applies.
    expect(resolveLimit('chili_pepper', 'clothianidin', data, '2025-06-01')?.row.standard).toBe(
      'GB 2763-2021',
    );
    expect(data.limits.length).toBe(reference.limits.length + 1);
    expect(resolveLimit('chili_pepper', 'clothianidin', reference, day)?.row.limit).toBe(0.05);
    expect(
      data.limits.filter((l) => l.analyte === 'clothianidin' && l.product === 'chili_pepper'),
    ).toHaveLength(2);
  });
});
