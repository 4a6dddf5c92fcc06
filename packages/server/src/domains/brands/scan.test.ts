import { describe, expect, it } from 'vitest';
import { brandsFor } from './scan.ts';

const rows = [
  { kind: 'green', name: null, cert_no: 'LB-1', valid_until: '2028-01-01', codes: ['lotus_root', 'spinach'] },
  { kind: 'gap', name: null, cert_no: 'GAP-2', valid_until: '2027-06-30', codes: ['paddy_rice'] },
  { kind: 'regional', name: '巴味渝珍', cert_no: null, valid_until: null, codes: [] },
  { kind: 'regional', name: '涪陵青菜头', cert_no: null, valid_until: '2027-12-31', codes: ['paddy_rice'] },
];

describe('brandsFor: one product’s brands from the entity’s brands in force', () => {
  it('keeps certifications naming the product and licences for it or for all products', () => {
    expect(brandsFor(rows, 'lotus_root')).toEqual([
      { kind: '绿色食品', name: '莲藕', certNo: 'LB-1', validUntil: '2028-01-01' },
      { kind: '区域公用品牌', name: '巴味渝珍', certNo: null, validUntil: null },
    ]);
    expect(brandsFor(rows, 'paddy_rice').map((b) => b.certNo ?? b.name)).toEqual([
      'GAP-2',
      '巴味渝珍',
      '涪陵青菜头',
    ]);
  });

  it('gives only the entity-wide licence to a product nothing names', () => {
    expect(brandsFor(rows, 'cabbage')).toEqual([
      { kind: '区域公用品牌', name: '巴味渝珍', certNo: null, validUntil: null },
    ]);
    expect(brandsFor([], 'cabbage')).toEqual([]);
  });
});
