import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRODUCTS_BY_INDUSTRY } from '../../demo/tests.ts';
import { ambiguousProduct, findProduct as catalogFind, productProblem as catalogProblem } from './catalog.ts';
import { buildReference, findProduct, ReferenceDataError, reference, resolveProduct } from './reference.ts';
import { judge } from './verdict.ts';

const dir = new URL('./reference/', import.meta.url);
const file = (n: string) => readFileSync(new URL(n, dir), 'utf8');
const files = () => ({
  version: file('VERSION'),
  products: file('products.csv'),
  analytes: file('analytes.csv'),
  limits: file('limits.csv'),
  editions: file('editions.csv'),
  bans: file('bans.csv'),
  ambiguous: file('ambiguous_aliases.csv'),
});

function errorOf(fn: () => unknown): ReferenceDataError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ReferenceDataError) return e;
    throw e;
  }
  throw new Error('expected a ReferenceDataError');
}

describe('ambiguous product names ask', () => {
  it('青菜 resolves to its candidates, not to one product', () => {
    const r = resolveProduct('青菜');
    expect(r.kind).toBe('ambiguous');
    if (r.kind !== 'ambiguous') return;
    expect(r.candidates.map((p) => p.name)).toEqual(['普通白菜', '大白菜']);
    expect(findProduct('青菜')).toBeUndefined();
    expect(catalogFind(' 青菜 ')).toBeUndefined();
    expect(catalogProblem('青菜')).toBe('「青菜」可能指：普通白菜、大白菜，请选择');
  });

  it('plain names and aliases still resolve; unknown names say so', () => {
    expect(resolveProduct('小白菜')).toMatchObject({ kind: 'found', item: { code: 'pak_choi' } });
    expect(resolveProduct('普通白菜')).toMatchObject({ kind: 'found', item: { code: 'pak_choi' } });
    expect(resolveProduct('榴莲')).toEqual({ kind: 'unknown' });
    expect(catalogProblem('榴莲')).toBe('未知产品“榴莲”');
  });

  it('the 400 names the field, asks, and lists the candidates for the form to offer', () => {
    const err = ambiguousProduct('product', ' 青菜');
    expect(err?.statusCode).toBe(400);
    expect(err?.issues).toEqual([
      {
        field: 'product',
        reason: '「青菜」可能指：普通白菜、大白菜，请选择',
        choices: [
          { code: 'pak_choi', name: '普通白菜' },
          { code: 'napa_cabbage', name: '大白菜' },
        ],
      },
    ]);
    expect(ambiguousProduct('product', '普通白菜')).toBeNull();
    expect(ambiguousProduct('product', '野生折耳根')).toBeNull();
  });

  it('the verdict engine refuses an ambiguous product with the question', () => {
    const v = judge({ product: '青菜', analyte: '毒死蜱', value: 0.01, unit: 'mg/kg' });
    expect(v.verdict).toBe('error');
    expect(JSON.stringify(v)).toContain('「青菜」可能指');
  });

  it('refuses an ambiguous alias that is also a plain alias, or with fewer than two known candidates', () => {
    let f = files();
    f.ambiguous += '小白菜,pak_choi|napa_cabbage,src,\n';
    let e = errorOf(() => buildReference(f));
    expect([e.file, e.field]).toEqual(['ambiguous_aliases.csv', 'alias']);
    f = files();
    f.ambiguous += '白菜,pak_choi,src,\n';
    e = errorOf(() => buildReference(f));
    expect([e.file, e.field]).toEqual(['ambiguous_aliases.csv', 'candidates']);
    f = files();
    f.ambiguous += '白菜,pak_choi|durian,src,\n';
    e = errorOf(() => buildReference(f));
    expect([e.file, e.field, e.reason]).toEqual([
      'ambiguous_aliases.csv',
      'candidates',
      'unknown product durian',
    ]);
    expect(buildReference(files()).ambiguousProducts.size).toBe(reference.ambiguousProducts.size);
  });

  it('the demo data names every product unambiguously', () => {
    for (const name of Object.values(PRODUCTS_BY_INDUSTRY).flat())
      expect(resolveProduct(name).kind, name).toBe('found');
  });
});
