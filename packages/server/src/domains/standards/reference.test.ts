import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ancestry,
  buildReference,
  findAnalyte,
  findProduct,
  limitsFor,
  listProducts,
  REFERENCE_VERSION,
  ReferenceDataError,
  reference,
} from './reference.ts';

const dir = new URL('./reference/', import.meta.url);
const file = (n: string) => readFileSync(new URL(n, dir), 'utf8');
const files = () => ({
  version: file('VERSION'),
  products: file('products.csv'),
  analytes: file('analytes.csv'),
  limits: file('limits.csv'),
  editions: file('editions.csv'),
  bans: file('bans.csv'),
});

describe('reference data integrity', () => {
  it('has a version and covers the district products', () => {
    expect(REFERENCE_VERSION).toMatch(/^\d{4}\.\d+$/);
    for (const name of [
      '大白菜',
      '普通白菜',
      '小白菜',
      '结球甘蓝',
      '菠菜',
      '芹菜',
      '莴笋',
      '生菜',
      '萝卜',
      '胡萝卜',
      '马铃薯',
      '番茄',
      '茄子',
      '辣椒',
      '黄瓜',
      '豇豆',
      '菜豆',
      '莲藕',
      '韭菜',
      '葱',
      '柑橘',
      '橘',
      '橙',
      '柚',
      '柠檬',
      '枇杷',
      '葡萄',
      '桃',
      '李子',
      '梨',
      '草莓',
      '稻谷',
      '糙米',
      '大米',
      '玉米',
      '猪肉',
      '猪肝',
      '牛肉',
      '羊肉',
      '鸡肉',
      '鸭肉',
      '鸡蛋',
      '鸭蛋',
      '草鱼',
      '鲫鱼',
      '鲤鱼',
      '鲢鱼',
      '小龙虾',
      '茶叶',
    ]) {
      expect(findProduct(name), name).toBeDefined();
    }
  });

  it('every limit row references a known analyte and product, cites standard and item, has a positive limit', () => {
    expect(reference.limits.length).toBeGreaterThan(100);
    for (const l of reference.limits) {
      expect(reference.analytes.has(l.analyte), `line ${l.line}`).toBe(true);
      expect(reference.products.has(l.product), `line ${l.line}`).toBe(true);
      expect(reference.editions.has(l.standard), `line ${l.line}`).toBe(true);
      expect(l.item.length, `line ${l.line}`).toBeGreaterThan(0);
      expect(l.limit).toBeGreaterThan(0);
      expect(['mg/kg', 'μg/kg']).toContain(l.unit);
    }
  });

  it('has no duplicate (analyte, product, standard) rows', () => {
    const keys = reference.limits.map((l) => `${l.analyte}|${l.product}|${l.standard}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has a product hierarchy without cycles whose parents all exist', () => {
    for (const p of listProducts()) {
      if (p.parent !== null) expect(reference.products.has(p.parent), p.code).toBe(true);
      const chain = ancestry(p.code).map((x) => x.code);
      expect(new Set(chain).size).toBe(chain.length);
      expect(chain.at(-1)).toBe('food');
    }
  });

  it('cites a basis for every ban, on known analytes and categories', () => {
    expect(reference.bans.length).toBeGreaterThan(20);
    for (const b of reference.bans) {
      expect(b.basis, `bans.csv line ${b.line}`).toBeTruthy();
      expect(reference.analytes.has(b.analyte)).toBe(true);
      expect(reference.products.has(b.product)).toBe(true);
    }
  });

  it('every limit row cites an edition that is loaded, with its item, verification and source', () => {
    for (const l of reference.limits) {
      const e = reference.editions.get(l.standard);
      expect(e, `limits.csv line ${l.line}`).toBeDefined();
      expect(l.item && l.source && l.verification, `limits.csv line ${l.line}`).toBeTruthy();
      expect(l.verification, `limits.csv line ${l.line}: no values from memory`).not.toBe('recall');
    }
  });

  it('gives no two different values for the same analyte, product and edition', () => {
    const seen = new Map<string, number>();
    for (const l of reference.limits) {
      const k = `${l.analyte}|${l.product}|${l.standard}`;
      expect(seen.get(k) ?? l.limitMgKg, k).toBe(l.limitMgKg);
      seen.set(k, l.limitMgKg);
    }
  });

  it('dates each edition, ending it where its successor starts', () => {
    const e2021 = reference.editions.get('GB 2763-2021');
    expect(e2021?.effectiveFrom).toBe('2021-09-03');
    expect(e2021?.effectiveTo).toBe('2026-03-01');
    expect(reference.editions.get('GB 2763-2026')?.effectiveTo).toBeNull();
  });

  it('finds analytes by code, Chinese name, English name, CAS and alias', () => {
    expect(findAnalyte('chlorpyrifos')?.name).toBe('毒死蜱');
    expect(findAnalyte('毒死蜱')?.code).toBe('chlorpyrifos');
    expect(findAnalyte('Chlorpyrifos')?.code).toBe('chlorpyrifos');
    expect(findAnalyte('2921-88-2')?.code).toBe('chlorpyrifos');
    expect(findAnalyte('瘦肉精')?.code).toBe('clenbuterol');
    expect(findAnalyte('Pb')?.code).toBe('lead');
    expect(findAnalyte('不存在的农药')).toBeUndefined();
  });

  it('lists the applicable limits of a product with the level that supplies each', () => {
    const cowpea = limitsFor('豇豆');
    const delta = cowpea.find((l) => l.analyte.code === 'deltamethrin');
    expect(delta?.via.code).toBe('legume_vegetable');
    expect(delta?.level).toBe(2);
    expect(limitsFor('unknown')).toEqual([]);
  });
});

describe('reference loader errors', () => {
  const expectError = (f: () => unknown, fileName: string, line: number, field: string) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(ReferenceDataError);
      const err = e as ReferenceDataError;
      expect([err.file, err.line, err.field]).toEqual([fileName, line, field]);
      expect(err.message).toContain(`reference/${fileName} line ${line}, field "${field}"`);
      return;
    }
    throw new Error('expected a ReferenceDataError');
  };
  const replaceLine = (text: string, line: number, content: string) => {
    const lines = text.split('\n');
    lines[line - 1] = content;
    return lines.join('\n');
  };

  it('loads the checked-in files', () => {
    expect(buildReference(files()).limits.length).toBe(reference.limits.length);
  });

  it('names file, line and field for a non-positive limit', () => {
    const f = files();
    f.limits = replaceLine(
      f.limits,
      3,
      'lead,brassica_vegetable,0,mg/kg,ML,GB 2762-2022,4.1 铅,,checked,src,',
    );
    expectError(() => buildReference(f), 'limits.csv', 3, 'limit');
  });

  it('names the field for a missing item, an unknown product and a bad unit', () => {
    let f = files();
    f.limits = replaceLine(f.limits, 2, 'lead,vegetable,0.1,mg/kg,ML,GB 2762-2022,,,checked,src,');
    expectError(() => buildReference(f), 'limits.csv', 2, 'item');
    f = files();
    f.limits = replaceLine(f.limits, 2, 'lead,durian,0.1,mg/kg,ML,GB 2762-2022,4.1 铅,,checked,src,');
    expectError(() => buildReference(f), 'limits.csv', 2, 'product');
    f = files();
    f.limits = replaceLine(f.limits, 2, 'lead,vegetable,0.1,mg/L,ML,GB 2762-2022,4.1 铅,,checked,src,');
    expectError(() => buildReference(f), 'limits.csv', 2, 'unit');
  });

  it('refuses a duplicate (analyte, product, standard) row', () => {
    const f = files();
    f.limits += 'lead,brassica_vegetable,0.3,mg/kg,ML,GB 2762-2022,4.1 铅,,checked,src,\n';
    const line = f.limits.trimEnd().split('\n').length;
    expectError(() => buildReference(f), 'limits.csv', line, 'standard');
  });

  it('refuses a hierarchy cycle and an unknown parent', () => {
    let f = files();
    f.products = f.products.replace('food,食品,,,root', 'food,食品,tea,,root');
    expectError(() => buildReference(f), 'products.csv', 2, 'parent');
    f = files();
    f.products = f.products.replace('plant_food,植物性农产品,food,', 'plant_food,植物性农产品,nowhere,');
    expectError(() => buildReference(f), 'products.csv', 3, 'parent');
  });

  it('refuses an alias that names two products', () => {
    const f = files();
    f.products = f.products.replace(
      'radish,萝卜,root_vegetable,白萝卜,',
      'radish,萝卜,root_vegetable,白萝卜|土豆,',
    );
    const line = f.products.split('\n').findIndex((l) => l.startsWith('potato,')) + 1;
    expectError(() => buildReference(f), 'products.csv', line, 'aliases');
  });

  it('refuses a ban without its basis, or on an unknown category', () => {
    let f = files();
    f.bans += 'chloramphenicol,animal_food,not_detectable,,,,,standard-text,src,\n';
    let line = f.bans.trimEnd().split('\n').length;
    expectError(() => buildReference(f), 'bans.csv', line, 'basis');
    f = files();
    f.bans += 'chloramphenicol,durian,not_detectable,公告,,,,standard-text,src,\n';
    line = f.bans.trimEnd().split('\n').length;
    expectError(() => buildReference(f), 'bans.csv', line, 'product');
  });

  it('refuses a limit row of an edition that is not listed', () => {
    const f = files();
    f.limits += 'lead,brassica_vegetable,0.3,mg/kg,ML,GB 2762-2099,4.1 铅,,standard-text,src,\n';
    const line = f.limits.trimEnd().split('\n').length;
    expectError(() => buildReference(f), 'limits.csv', line, 'standard');
  });
});
